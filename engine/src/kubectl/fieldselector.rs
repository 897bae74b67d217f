//! `--field-selector` (`k8s.io/apimachinery/pkg/fields`): `key=value`, `key==value`,
//! `key!=value` terms joined by commas, over the fields the API server indexes for each
//! resource (`GetAttrs`/`AddFieldLabelConversionFunc` of each registry). The server
//! rejects any other field, and kubectl wraps its message.

use crate::api::{Kind, Object};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct FieldSelector {
    /// The text as typed (kubectl quotes it in errors).
    pub text: String,
    terms: Vec<Term>,
}

#[derive(Clone, Debug, PartialEq)]
struct Term {
    field: String,
    value: String,
    equal: bool,
}

/// The fields a resource may be selected by, besides `metadata.name`/`metadata.namespace`.
fn extra_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Pod => &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
        Kind::Event => &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
        Kind::Node => &["spec.unschedulable"],
        Kind::ReplicaSet => &["status.replicas"],
        Kind::Namespace => &["status.phase"],
        Kind::Deployment => &[],
    }
}

impl FieldSelector {
    /// Parses the selector; an empty term is skipped, as `fields.ParseSelector` does.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut terms = Vec::new();
        for part in text.split(',').filter(|p| !p.is_empty()) {
            let (field, value, equal) = if let Some((f, v)) = part.split_once("!=") {
                (f, v, false)
            } else if let Some((f, v)) = part.split_once("==") {
                (f, v, true)
            } else if let Some((f, v)) = part.split_once('=') {
                (f, v, true)
            } else {
                return Err(format!(
                    "invalid selector: '{text}'; can't understand '{part}'"
                ));
            };
            terms.push(Term {
                field: field.trim().to_string(),
                value: value.trim().to_string(),
                equal,
            });
        }
        Ok(Self {
            text: text.to_string(),
            terms,
        })
    }

    /// The API server's check: every field must be one `kind` supports. The error is the
    /// line kubectl prints.
    pub fn check(&self, kind: Kind, labels: &str) -> Result<(), String> {
        let unsupported = self.terms.iter().find(|t| {
            !matches!(t.field.as_str(), "metadata.name" | "metadata.namespace")
                && !extra_fields(kind).contains(&t.field.as_str())
        });
        match unsupported {
            None => Ok(()),
            Some(t) => Err(server_error(
                kind,
                labels,
                &self.text,
                &format!("field label not supported: {}", t.field),
            )),
        }
    }

    /// Parses and checks `text` for `kinds`: the selector, or the line kubectl prints.
    pub fn for_kinds(text: &str, kinds: &[Kind], labels: &str) -> Result<Self, String> {
        let first = kinds.first().copied().unwrap_or(Kind::Pod);
        let selector = Self::parse(text).map_err(|e| server_error(first, labels, text, &e))?;
        for &k in kinds {
            selector.check(k, labels)?;
        }
        Ok(selector)
    }

    pub fn matches(&self, obj: &Object) -> bool {
        let json = obj.to_json();
        self.terms
            .iter()
            .all(|t| (field_value(&json, &t.field) == t.value) == t.equal)
    }
}

/// The API server's 400 as kubectl's resource builder rewords it for a selected list.
fn server_error(kind: Kind, labels: &str, fields: &str, message: &str) -> String {
    format!(
        "Error from server (BadRequest): Unable to find \"{}/v1, Resource={}\" that match label selector \"{labels}\", field selector \"{fields}\": {message}",
        kind.group(),
        kind.resource(),
    )
}

/// A field's value as the server's field set holds it: strings as they are, numbers and
/// booleans printed, absent fields empty (`false` for `spec.hostNetwork`, `source` is the
/// event's `source.component`).
fn field_value(json: &Value, field: &str) -> String {
    let path = match field {
        "source" => "source.component",
        f => f,
    };
    let v = path.split('.').try_fold(json, |v, k| v.get(k));
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ if field == "spec.hostNetwork" || field == "spec.unschedulable" => "false".into(),
        _ if field == "status.replicas" => "0".into(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operators_and_rejects_terms_without_one() {
        let s = FieldSelector::parse("status.phase=Running,spec.nodeName!=a,metadata.name==x")
            .expect("valid");
        assert_eq!(s.terms.len(), 3);
        assert!(!s.terms[1].equal);
        assert_eq!(s.terms[2].value, "x");
        let e = FieldSelector::parse("status.phase").expect_err("no operator");
        assert_eq!(
            e,
            "invalid selector: 'status.phase'; can't understand 'status.phase'"
        );
    }

    #[test]
    fn unsupported_field_is_the_servers_bad_request() {
        let s = FieldSelector::parse("foo=bar").expect("valid");
        assert_eq!(
            s.check(Kind::Pod, ""),
            Err("Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"\", field selector \"foo=bar\": field label not supported: foo".into())
        );
        assert!(FieldSelector::parse("type=Warning")
            .expect("valid")
            .check(Kind::Event, "")
            .is_ok());
        assert!(FieldSelector::parse("type=Warning")
            .expect("valid")
            .check(Kind::Pod, "")
            .is_err());
    }
}
