//! Label-selector text as the printers show it (`metav1.LabelSelectorAsSelector` +
//! `labels.Selector.String()`, and `metav1.FormatLabelSelector`).

use crate::api::meta::LabelSelector;

/// `labels.Selector.String()` of `LabelSelectorAsSelector(sel)`: requirements sorted by key
/// (`selector.Add` sorts `ByKey`), joined by `,`. Values of `in`/`notin` are sorted.
/// An empty selector is `labels.Everything()`, whose text is empty.
pub fn selector_string(sel: &LabelSelector) -> String {
    let mut reqs: Vec<(String, String)> = sel
        .match_labels
        .iter()
        .map(|(k, v)| (k.clone(), format!("{k}={v}")))
        .collect();
    for r in &sel.match_expressions {
        let mut vals = r.values.clone();
        crate::sort::stable(&mut vals);
        let vals = vals.join(",");
        let text = match r.operator.as_str() {
            "In" => format!("{} in ({vals})", r.key),
            "NotIn" => format!("{} notin ({vals})", r.key),
            "Exists" => r.key.clone(),
            "DoesNotExist" => format!("!{}", r.key),
            op => format!("{} {op} ({vals})", r.key),
        };
        reqs.push((r.key.clone(), text));
    }
    crate::sort::stable_by(&mut reqs, |a, b| a.0.cmp(&b.0));
    reqs.into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(",")
}

/// `metav1.FormatLabelSelector`: like [`selector_string`] but `<none>` when empty.
pub fn format_label_selector(sel: &LabelSelector) -> String {
    let s = selector_string(sel);
    if s.is_empty() {
        "<none>".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::meta::LabelSelectorRequirement;

    #[test]
    fn sorted_by_key() {
        let mut sel = LabelSelector::default();
        sel.match_labels
            .insert("pod-template-hash".into(), "7d9c".into());
        sel.match_labels.insert("app".into(), "web".into());
        sel.match_expressions.push(LabelSelectorRequirement {
            key: "env".into(),
            operator: "In".into(),
            values: vec!["prod".into(), "dev".into()],
        });
        sel.match_expressions.push(LabelSelectorRequirement {
            key: "canary".into(),
            operator: "DoesNotExist".into(),
            values: vec![],
        });
        assert_eq!(
            selector_string(&sel),
            "app=web,!canary,env in (dev,prod),pod-template-hash=7d9c"
        );
        assert_eq!(format_label_selector(&LabelSelector::default()), "<none>");
        assert_eq!(selector_string(&LabelSelector::default()), "");
    }
}
