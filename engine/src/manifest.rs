//! Manifests: decoding JSON (and, as it lands, YAML) documents into objects, and `import`.

use crate::api::Object;
use crate::Cluster;

/// Decodes the documents of `text`: one object, a `List` (its `items`), or several.
pub fn decode_documents(text: &str) -> Result<Vec<serde_json::Value>, String> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("error parsing JSON: {e}"))?;
    Ok(match v.get("kind").and_then(|k| k.as_str()) {
        Some(k) if k.ends_with("List") => v
            .get("items")
            .and_then(|i| i.as_array())
            .cloned()
            .unwrap_or_default(),
        _ => vec![v],
    })
}

/// The CLI's `import`: objects go into the store exactly as given, status included.
pub fn import(cluster: &mut Cluster, text: &str) -> Result<usize, String> {
    let docs = decode_documents(text)?;
    let objects: Vec<Object> = docs
        .into_iter()
        .map(Object::from_json)
        .collect::<Result<_, _>>()?;
    let n = objects.len();
    for o in objects {
        cluster.api.import(o).map_err(|e| e.message)?;
    }
    Ok(n)
}
