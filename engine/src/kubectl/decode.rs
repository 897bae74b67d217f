//! From a manifest's JSON to a typed object, as kubectl's resource builder and the API
//! server's decoder do it: kind/apiVersion checks (kubectl `error validating data`), the
//! REST mapping (`no matches for kind`), then the server's strict decoding
//! (`strict decoding error: unknown field "spec.replica"`, `json: cannot unmarshal …`).

use crate::api::{Deployment, Kind, Namespace, Node, Object, Pod, ReplicaSet};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// `--validate`: `strict` (default, also `true`), `warn`, `ignore` (also `false`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validate {
    Strict,
    Warn,
    Ignore,
}

impl Validate {
    pub fn parse(v: Option<&str>) -> Result<Validate, String> {
        match v.unwrap_or("strict") {
            "strict" | "true" => Ok(Validate::Strict),
            "warn" => Ok(Validate::Warn),
            "ignore" | "false" => Ok(Validate::Ignore),
            other => Err(format!(
                "invalid - validate option \"{other}\"; must be one of: strict (or true), warn, ignore (or false)"
            )),
        }
    }
}

/// Why a manifest could not become an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Printed as is (kubectl's own, client-side errors), `error: ` included.
    Client(String),
    /// The API server's BadRequest message, after `error when creating "SRC": `.
    Server(String),
}

/// A decoded manifest: the object and any `Warning:` lines (`--validate=warn`).
pub struct Decoded {
    pub object: Object,
    pub warnings: Vec<String>,
}

/// The kind of a manifest, checked as kubectl does before anything is sent.
pub fn manifest_kind(v: &Value, source: &str, name_hint: &str) -> Result<Kind, DecodeError> {
    let api_version = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
    let mut missing = Vec::new();
    if api_version.is_empty() {
        missing.push("apiVersion not set");
    }
    if kind.is_empty() {
        missing.push("kind not set");
    }
    if !missing.is_empty() {
        let what = if missing.len() == 1 {
            missing[0].to_string()
        } else {
            format!("[{}]", missing.join(", "))
        };
        return Err(DecodeError::Client(format!(
            "error: error validating \"{source}\": error validating data: {what}; if you choose to ignore these errors, turn validation off with --validate=false"
        )));
    }
    match Kind::from_name(kind).filter(|k| k.api_version() == api_version) {
        Some(k) => Ok(k),
        None => {
            let ns = v
                .pointer("/metadata/namespace")
                .and_then(Value::as_str)
                .unwrap_or("");
            Err(DecodeError::Client(format!(
                "error: resource mapping not found for name: \"{name_hint}\" namespace: \"{ns}\" from \"{source}\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first"
            )))
        }
    }
}

/// Decodes `v` (already known to be of `kind`) with the API server's strict decoder.
pub fn decode(v: Value, kind: Kind, validate: Validate) -> Result<Decoded, DecodeError> {
    let (object, unknown) = match kind {
        Kind::Pod => typed::<Pod>(v, kind).map(|(o, u)| (Object::Pod(o), u)),
        Kind::Deployment => typed::<Deployment>(v, kind).map(|(o, u)| (Object::Deployment(o), u)),
        Kind::ReplicaSet => typed::<ReplicaSet>(v, kind).map(|(o, u)| (Object::ReplicaSet(o), u)),
        Kind::Namespace => typed::<Namespace>(v, kind).map(|(o, u)| (Object::Namespace(o), u)),
        Kind::Node => typed::<Node>(v, kind).map(|(o, u)| (Object::Node(o), u)),
        Kind::Event => typed::<crate::api::Event>(v, kind).map(|(o, u)| (Object::Event(o), u)),
    }
    .map_err(|e| DecodeError::Server(handled_as(kind, &e)))?;
    let mut warnings = Vec::new();
    if !unknown.is_empty() {
        let fields: Vec<String> = unknown
            .iter()
            .map(|f| format!("unknown field \"{f}\""))
            .collect();
        match validate {
            Validate::Strict => {
                return Err(DecodeError::Server(handled_as(
                    kind,
                    &format!("strict decoding error: {}", fields.join(", ")),
                )))
            }
            Validate::Warn => warnings.extend(fields.iter().map(|f| format!("Warning: {f}"))),
            Validate::Ignore => {}
        }
    }
    Ok(Decoded { object, warnings })
}

fn handled_as(kind: Kind, msg: &str) -> String {
    let version = kind.api_version().rsplit('/').next().unwrap_or("v1");
    format!(
        "{} in version \"{version}\" cannot be handled as a {}: {msg}",
        kind.name(),
        kind.name()
    )
}

/// Deserializes in one pass (crate::value_de), collecting ignored (unknown) field paths and
/// turning type errors into Go's `json: cannot unmarshal X into Go struct field S.path of type T`.
fn typed<T: DeserializeOwned>(v: Value, kind: Kind) -> Result<(T, Vec<String>), String> {
    crate::value_de::from_value(&v).map_err(|e| go_type_error(kind, e.path(), e.message()))
}

fn go_type_error(kind: Kind, path: &str, serde_msg: &str) -> String {
    // serde: `invalid type: string "three", expected i32`
    let got = serde_msg
        .strip_prefix("invalid type: ")
        .map(|r| r.split([' ', ',']).next().unwrap_or(""))
        .unwrap_or("");
    let json_type = match got {
        "string" => "string",
        "integer" | "floating" => "number",
        "boolean" => "bool",
        "sequence" => "array",
        "map" => "object",
        "null" => "null",
        _ => return format!("json: {serde_msg}"),
    };
    let expected = serde_msg.rsplit("expected ").next().unwrap_or("");
    let go_type = match expected {
        "i32" => "int32",
        "i64" => "int64",
        "u32" | "u64" => "int64",
        "a string" => "string",
        "a boolean" => "bool",
        e if e.starts_with("a sequence") => "[]interface {}",
        e if e.starts_with("struct ") || e.starts_with("a map") => "map[string]interface {}",
        e => e,
    };
    let mut field: Vec<&str> = path
        .split('.')
        .map(|s| s.split('[').next().unwrap_or(s))
        .filter(|s| !s.is_empty() && *s != "?")
        .collect();
    // Go names the map field, not the key inside it.
    const MAPS: &[&str] = &[
        "labels",
        "annotations",
        "matchLabels",
        "nodeSelector",
        "limits",
        "requests",
    ];
    if field.len() >= 2 && MAPS.contains(&field[field.len() - 2]) {
        field.pop();
    }
    let go_path = field.join(".");
    let parent = field
        .len()
        .checked_sub(2)
        .and_then(|i| field.get(i))
        .copied()
        .unwrap_or("");
    let structure = match parent {
        "metadata" => "ObjectMeta",
        "spec" if field.len() == 2 => return format!("json: cannot unmarshal {json_type} into Go struct field {}Spec.{go_path} of type {go_type}", kind.name()),
        "spec" => "PodSpec",
        "template" => "PodTemplateSpec",
        "containers" | "initContainers" => "Container",
        "ports" => "ContainerPort",
        "selector" => "LabelSelector",
        "strategy" => "DeploymentStrategy",
        "rollingUpdate" => "RollingUpdateDeployment",
        "env" => "EnvVar",
        "resources" => "ResourceRequirements",
        _ => "",
    };
    format!("json: cannot unmarshal {json_type} into Go struct field {structure}.{go_path} of type {go_type}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dep(spec: Value) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": spec})
    }

    #[test]
    fn strict_unknown_fields() {
        let e = decode(
            dep(json!({"replica": 3})),
            Kind::Deployment,
            Validate::Strict,
        )
        .err()
        .unwrap();
        assert_eq!(
            e,
            DecodeError::Server(
                "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\"".into()
            )
        );
        let v = dep(json!({"template": {"spec": {"containers": [{"name": "a", "imag": "x"}]}}}));
        let d = decode(v, Kind::Deployment, Validate::Warn).ok().unwrap();
        assert_eq!(
            d.warnings,
            ["Warning: unknown field \"spec.template.spec.containers[0].imag\""]
        );
    }

    #[test]
    fn type_errors_like_go() {
        let e = decode(
            dep(json!({"replicas": "three"})),
            Kind::Deployment,
            Validate::Strict,
        )
        .err()
        .unwrap();
        let DecodeError::Server(m) = e else { panic!() };
        assert!(m.ends_with("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"), "{m}");
        // Go decodes a struct from an object only: an array is reported as one.
        let e = decode(
            dep(json!({"selector": [1]})),
            Kind::Deployment,
            Validate::Strict,
        )
        .err()
        .unwrap();
        let DecodeError::Server(m) = e else { panic!() };
        assert!(
            m.contains("json: cannot unmarshal array into Go struct field DeploymentSpec.spec.selector of type"),
            "{m}"
        );
    }

    #[test]
    fn kind_checks() {
        let e = manifest_kind(&json!({"metadata": {}}), "STDIN", "").unwrap_err();
        assert_eq!(e, DecodeError::Client("error: error validating \"STDIN\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false".into()));
        let e = manifest_kind(
            &json!({"apiVersion": "v1", "kind": "Service"}),
            "STDIN",
            "x",
        )
        .unwrap_err();
        assert!(
            matches!(e, DecodeError::Client(m) if m.contains("no matches for kind \"Service\" in version \"v1\""))
        );
    }
}
