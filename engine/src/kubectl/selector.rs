//! Label selectors as `kubectl -l` takes them (`k8s.io/apimachinery/pkg/labels`
//! `Parse`): `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`, joined by `,`.

use crate::api::meta::{LabelSelector, LabelSelectorRequirement as Req};

/// Parses a selector; errors are the labels parser's texts.
pub fn parse(s: &str) -> Result<LabelSelector, String> {
    let mut sel = LabelSelector::default();
    for part in split_outside_parens(s) {
        let part = part.trim();
        if part.is_empty() {
            if s.trim().is_empty() {
                continue;
            }
            return Err(
                "unable to parse requirement: found ',', expected: !, identifier, or 'end of string'"
                    .to_string(),
            );
        }
        sel.match_expressions.push(requirement(part)?);
    }
    // Equality requirements go to matchLabels (as a selector built from them prints).
    let mut exprs = Vec::new();
    for r in sel.match_expressions.drain(..) {
        if r.operator == "=" {
            sel.match_labels
                .insert(r.key, r.values.into_iter().next().unwrap_or_default());
        } else {
            exprs.push(r);
        }
    }
    sel.match_expressions = exprs;
    Ok(sel)
}

fn split_outside_parens(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

fn requirement(part: &str) -> Result<Req, String> {
    let req = |key: &str, op: &str, values: Vec<String>| -> Result<Req, String> {
        validate_key(key)?;
        for v in &values {
            validate_value(v)?;
        }
        Ok(Req {
            key: key.to_string(),
            operator: op.to_string(),
            values,
        })
    };
    if let Some(k) = part.strip_prefix('!') {
        return req(k.trim(), "DoesNotExist", vec![]);
    }
    if let Some((k, v)) = part.split_once("!=") {
        return req(k.trim(), "NotIn", vec![v.trim().to_string()]);
    }
    if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
        return req(k.trim(), "=", vec![v.trim().to_string()]);
    }
    let words: Vec<&str> = part.splitn(2, char::is_whitespace).collect();
    if words.len() == 2 {
        let key = words[0];
        let rest = words[1].trim();
        let (op, list) = if let Some(l) = rest.strip_prefix("notin") {
            ("NotIn", l)
        } else if let Some(l) = rest.strip_prefix("in") {
            ("In", l)
        } else {
            return Err(format!(
                "unable to parse requirement: found '{rest}', expected: in, notin, =, ==, !=, gt, lt"
            ));
        };
        let list = list.trim();
        let inner = list
            .strip_prefix('(')
            .and_then(|l| l.strip_suffix(')'))
            .ok_or_else(|| format!("unable to parse requirement: found '{list}', expected: '('"))?;
        let mut values: Vec<String> = inner
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        crate::sort::stable(&mut values);
        return req(key, op, values);
    }
    req(part, "Exists", vec![])
}

fn validate_key(k: &str) -> Result<(), String> {
    let name = k.rsplit('/').next().unwrap_or(k);
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(format!("unable to parse requirement: <nil>: Invalid value: \"{k}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"))
    }
}

fn validate_value(v: &str) -> Result<(), String> {
    let ok = v.is_empty()
        || (v.len() <= 63
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            && v.starts_with(|c: char| c.is_ascii_alphanumeric())
            && v.ends_with(|c: char| c.is_ascii_alphanumeric()));
    if ok {
        Ok(())
    } else {
        Err(format!("unable to parse requirement: values[0][]: Invalid value: \"{v}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::meta::Labels;

    fn labels(s: &[(&str, &str)]) -> Labels {
        s.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn equality_and_sets() {
        let l = labels(&[("app", "web"), ("env", "prod")]);
        for (s, want) in [
            ("app=web", true),
            ("app==web", true),
            ("app!=web", false),
            ("env in (prod,dev)", true),
            ("env notin (prod)", false),
            ("app,env", true),
            ("!tier", true),
            ("app=web,env in (dev)", false),
            ("", true),
        ] {
            assert_eq!(parse(s).unwrap().matches(&l), want, "{s}");
        }
        assert!(parse("app=we b!").is_err());
        assert!(parse("env in prod").is_err());
    }
}
