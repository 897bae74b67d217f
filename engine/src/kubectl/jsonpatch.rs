//! The two standard patch formats `kubectl patch --type` sends besides `strategic`:
//! JSON merge patch (RFC 7386, `--type merge`) and JSON patch (RFC 6902, `--type json`),
//! with the error texts of the server's `gopkg.in/evanphx/json-patch.v4`.

use serde_json::Value;

/// RFC 7386: objects merge key by key, `null` deletes, anything else replaces.
pub fn merge_patch(target: Value, patch: &Value) -> Value {
    let Value::Object(p) = patch else {
        return patch.clone();
    };
    let mut t = match target {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            let old = t.remove(k).unwrap_or(Value::Null);
            t.insert(k.clone(), merge_patch(old, v));
        }
    }
    Value::Object(t)
}

/// RFC 6902: applies each operation in order; the first failure is the error.
pub fn json_patch(mut doc: Value, patch: &Value) -> Result<Value, String> {
    let Some(ops) = patch.as_array() else {
        let what = match patch {
            Value::Object(_) => "object",
            Value::String(_) => "string",
            Value::Number(_) => "number",
            Value::Bool(_) => "bool",
            _ => "null",
        };
        return Err(format!(
            "json: cannot unmarshal {what} into Go value of type jsonpatch.Patch"
        ));
    };
    for op in ops {
        apply_op(&mut doc, op)?;
    }
    Ok(doc)
}

fn str_field<'a>(op: &'a Value, key: &str) -> Option<&'a str> {
    op.get(key).and_then(Value::as_str)
}

fn apply_op(doc: &mut Value, op: &Value) -> Result<(), String> {
    let kind = str_field(op, "op").unwrap_or("");
    let path = str_field(op, "path");
    let missing = |what: &str| format!("{what} operation failed to decode path: missing value");
    match kind {
        "add" => {
            let path = path.ok_or_else(|| missing("add"))?;
            let value = op
                .get("value")
                .cloned()
                .ok_or_else(|| "add operation failed to decode value: missing value".to_string())?;
            add(doc, path, value).map_err(|_| {
                format!(
                    "add operation does not apply: doc is missing path: \"{path}\": missing value"
                )
            })
        }
        "remove" => {
            let path = path.ok_or_else(|| missing("remove"))?;
            remove(doc, path).map(drop).map_err(|_| {
                format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
            })
        }
        "replace" => {
            let path = path.ok_or_else(|| missing("replace"))?;
            let value = op.get("value").cloned().ok_or_else(|| {
                "replace operation failed to decode value: missing value".to_string()
            })?;
            match pointer_mut(doc, path) {
                Some(slot) => {
                    *slot = value;
                    Ok(())
                }
                None => Err(format!(
                    "replace operation does not apply: doc is missing key: {path}: missing value"
                )),
            }
        }
        "move" | "copy" => {
            let from = str_field(op, "from")
                .ok_or_else(|| format!("{kind} operation failed to decode from: missing value"))?;
            let path = path.ok_or_else(|| missing(kind))?;
            let value = if kind == "move" {
                remove(doc, from)
            } else {
                doc.pointer(&pointer(from)?).cloned().ok_or(())
            }
            .map_err(|_| {
                format!("{kind} operation does not apply: doc is missing from path: {from}: missing value")
            })?;
            add(doc, path, value).map_err(|_| {
                format!("{kind} operation does not apply: doc is missing destination path: {path}: missing value")
            })
        }
        "test" => {
            let path = path.ok_or_else(|| missing("test"))?;
            let want = op.get("value").cloned().unwrap_or(Value::Null);
            let got = doc.pointer(&pointer(path)?).cloned().unwrap_or(Value::Null);
            if super::strategic::json_eq(&got, &want) {
                Ok(())
            } else {
                Err(format!("testing value {path} failed: test failed"))
            }
        }
        other => Err(format!("Unexpected kind: {other}")),
    }
}

/// RFC 6901 pointers as serde_json reads them (`""` is the whole document).
fn pointer(path: &str) -> Result<String, String> {
    if path.is_empty() || path.starts_with('/') {
        Ok(path.to_string())
    } else {
        Err(format!("invalid JSON pointer: {path}"))
    }
}

fn pointer_mut<'a>(doc: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    doc.pointer_mut(&pointer(path).ok()?)
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The parent container of `path` and the last token.
fn parent<'a>(doc: &'a mut Value, path: &str) -> Result<(&'a mut Value, String), ()> {
    let path = pointer(path).map_err(drop)?;
    let (parent, last) = path.rsplit_once('/').ok_or(())?;
    let container = doc.pointer_mut(parent).ok_or(())?;
    Ok((container, unescape(last)))
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), ()> {
    if path.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (container, key) = parent(doc, path)?;
    match container {
        Value::Object(m) => {
            m.insert(key, value);
            Ok(())
        }
        Value::Array(a) => {
            if key == "-" {
                a.push(value);
                return Ok(());
            }
            let i: usize = key.parse().map_err(drop)?;
            if i > a.len() {
                return Err(());
            }
            a.insert(i, value);
            Ok(())
        }
        _ => Err(()),
    }
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, ()> {
    let (container, key) = parent(doc, path)?;
    match container {
        Value::Object(m) => m.remove(&key).ok_or(()),
        Value::Array(a) => {
            let i: usize = key.parse().map_err(drop)?;
            if i >= a.len() {
                return Err(());
            }
            Ok(a.remove(i))
        }
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // RFC 7386 appendix A examples.
    #[test]
    fn merge_patch_rfc_examples() {
        assert_eq!(
            merge_patch(json!({"a": "b"}), &json!({"a": "c"})),
            json!({"a": "c"})
        );
        assert_eq!(
            merge_patch(json!({"a": "b"}), &json!({"a": null})),
            json!({})
        );
        assert_eq!(
            merge_patch(json!({"a": [{"b": "c"}]}), &json!({"a": [1]})),
            json!({"a": [1]})
        );
        assert_eq!(
            merge_patch(json!({"e": null}), &json!({"a": {"bb": {"ccc": null}}})),
            json!({"e": null, "a": {"bb": {}}})
        );
    }

    #[test]
    fn json_patch_operations() {
        let doc = json!({"spec": {"containers": [{"image": "a"}], "replicas": 1}});
        let out = json_patch(
            doc.clone(),
            &json!([
                {"op": "replace", "path": "/spec/containers/0/image", "value": "b"},
                {"op": "add", "path": "/spec/containers/-", "value": {"image": "c"}},
                {"op": "remove", "path": "/spec/replicas"},
                {"op": "test", "path": "/spec/containers/1/image", "value": "c"}
            ]),
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"spec": {"containers": [{"image": "b"}, {"image": "c"}]}})
        );
        assert_eq!(
            json_patch(
                doc.clone(),
                &json!([{"op": "remove", "path": "/spec/nope"}])
            )
            .unwrap_err(),
            "remove operation does not apply: doc is missing path: \"/spec/nope\": missing value"
        );
        assert_eq!(
            json_patch(doc, &json!({"op": "remove"})).unwrap_err(),
            "json: cannot unmarshal object into Go value of type jsonpatch.Patch"
        );
    }
}
