//! Strategic merge patch, as `k8s.io/apimachinery/pkg/util/strategicpatch/patch.go`
//! computes and applies it: `kubectl apply`'s three-way patch
//! (`CreateThreeWayMergePatch`), and the server's `StrategicMergeMapPatch` that
//! `kubectl apply` and `kubectl patch` send.
//!
//! Lists the API marks `patchStrategy:"merge"` are merged by their `patchMergeKey`
//! (containers by `name`, ports by `containerPort`, …); other lists are replaced whole.
//! The directives are upstream's: `$patch: delete|replace`, `$retainKeys`,
//! `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>`.
//!
//! Go decodes JSON numbers as float64, so numbers compare by value here (`3` = `3.0`).

use serde_json::{Map, Value};

const DIRECTIVE: &str = "$patch";
const RETAIN_KEYS: &str = "$retainKeys";
const DELETE_PRIMITIVE: &str = "$deleteFromPrimitiveList";
const SET_ORDER: &str = "$setElementOrder";

/// A Go type name of the API (`PodSpec`), as far as patch strategies need it.
pub type Ty = &'static str;

/// What the API's struct tags say about one field (`LookupPatchMetadata`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldMeta {
    /// The field's type (a list's element type).
    pub ty: Ty,
    /// `patchStrategy:"merge"`: merged by `merge_key` (empty for lists of scalars).
    pub merge: bool,
    pub merge_key: &'static str,
    /// `patchStrategy:"retainKeys"`.
    pub retain_keys: bool,
}

const fn plain(ty: Ty) -> FieldMeta {
    FieldMeta {
        ty,
        merge: false,
        merge_key: "",
        retain_keys: false,
    }
}

const fn merged(ty: Ty, key: &'static str) -> FieldMeta {
    FieldMeta {
        ty,
        merge: true,
        merge_key: key,
        retain_keys: false,
    }
}

/// The patch metadata of `key` in `ty`, from the struct tags of `k8s.io/api` (core/v1
/// `types.go`, apps/v1 `types.go`, meta/v1 `types.go`). Fields the simulator does not
/// know are plain (merged as maps, replaced as lists).
pub fn lookup(ty: Ty, key: &str) -> FieldMeta {
    match (ty, key) {
        (
            "Deployment" | "ReplicaSet" | "Pod" | "Namespace" | "Node" | "Event"
            | "PodTemplateSpec",
            "metadata",
        ) => plain("ObjectMeta"),
        ("Deployment", "spec") => plain("DeploymentSpec"),
        ("Deployment", "status") => plain("DeploymentStatus"),
        ("ReplicaSet", "spec") => plain("ReplicaSetSpec"),
        ("ReplicaSet", "status") => plain("ReplicaSetStatus"),
        ("Pod" | "PodTemplateSpec", "spec") => plain("PodSpec"),
        ("Pod", "status") => plain("PodStatus"),
        ("Node", "spec") => plain("NodeSpec"),
        ("Node", "status") => plain("NodeStatus"),
        ("ObjectMeta", "ownerReferences") => merged("OwnerReference", "uid"),
        ("ObjectMeta", "finalizers") => merged("string", ""),
        ("DeploymentSpec" | "ReplicaSetSpec", "template") => plain("PodTemplateSpec"),
        // `Strategy DeploymentStrategy patchStrategy:"retainKeys"`: switching to
        // `Recreate` drops the defaulted `rollingUpdate`.
        ("DeploymentSpec", "strategy") => FieldMeta {
            retain_keys: true,
            ..plain("DeploymentStrategy")
        },
        ("PodSpec", "containers" | "initContainers" | "ephemeralContainers") => {
            merged("Container", "name")
        }
        ("PodSpec", "volumes") => FieldMeta {
            retain_keys: true,
            ..merged("Volume", "name")
        },
        ("PodSpec", "imagePullSecrets") => merged("LocalObjectReference", "name"),
        ("PodSpec", "hostAliases") => merged("HostAlias", "ip"),
        ("PodSpec", "topologySpreadConstraints") => {
            merged("TopologySpreadConstraint", "topologyKey")
        }
        ("PodSpec", "schedulingGates") => merged("PodSchedulingGate", "name"),
        ("PodSpec", "resourceClaims") => FieldMeta {
            retain_keys: true,
            ..merged("PodResourceClaim", "name")
        },
        ("Container", "ports") => merged("ContainerPort", "containerPort"),
        ("Container", "env") => merged("EnvVar", "name"),
        ("Container", "volumeMounts") => merged("VolumeMount", "mountPath"),
        ("Container", "volumeDevices") => merged("VolumeDevice", "devicePath"),
        ("PodStatus", "conditions") => merged("PodCondition", "type"),
        ("PodStatus", "podIPs" | "hostIPs") => merged("PodIP", "ip"),
        ("DeploymentStatus" | "ReplicaSetStatus" | "NodeStatus", "conditions") => {
            merged("Condition", "type")
        }
        ("NodeStatus", "addresses") => merged("NodeAddress", "type"),
        ("NodeSpec", "podCIDRs") => merged("string", ""),
        _ => plain("unknown"),
    }
}

/// The root type of a kind's objects.
pub fn root(kind: crate::api::Kind) -> Ty {
    kind.name()
}

#[derive(Clone, Copy, Default)]
struct DiffOptions {
    set_element_order: bool,
    ignore_changes_and_additions: bool,
    ignore_deletions: bool,
    build_retain_keys: bool,
}

#[derive(Clone, Copy)]
struct MergeOptions {
    /// Apply `$deleteFromPrimitiveList`/`$setElementOrder` (server side) rather than keep
    /// them (combining two patches client side).
    merge_parallel_list: bool,
    ignore_unmatched_nulls: bool,
}

/// `CreateThreeWayMergePatch(original, modified, current)` with `overwrite`: the changes
/// from `current` to `modified` (no deletions), plus the deletions from `original`
/// (the last applied configuration) to `modified`.
pub fn three_way(
    original: &Map<String, Value>,
    modified: &Map<String, Value>,
    current: &Map<String, Value>,
    ty: Ty,
) -> Result<Map<String, Value>, String> {
    let delta = diff_maps(
        current,
        modified,
        ty,
        DiffOptions {
            ignore_deletions: true,
            set_element_order: true,
            ..DiffOptions::default()
        },
    )?;
    let deletions = diff_maps(
        original,
        modified,
        ty,
        DiffOptions {
            set_element_order: true,
            ignore_changes_and_additions: true,
            ..DiffOptions::default()
        },
    )?;
    merge_map(
        deletions,
        delta,
        ty,
        MergeOptions {
            merge_parallel_list: false,
            ignore_unmatched_nulls: false,
        },
    )
}

/// `StrategicMergeMapPatch`: the server applying a strategic merge patch.
pub fn apply(
    doc: Map<String, Value>,
    patch: Map<String, Value>,
    ty: Ty,
) -> Result<Map<String, Value>, String> {
    merge_map(
        doc,
        patch,
        ty,
        MergeOptions {
            merge_parallel_list: true,
            ignore_unmatched_nulls: true,
        },
    )
}

/// Deep equality as Go's `reflect.DeepEqual` on decoded JSON (numbers are float64).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// The Go type a decoded JSON value has (`reflect.TypeOf`).
fn type_of(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// `fmt.Sprintf("%v", v)` of a decoded JSON value, as upstream sorts scalars and keys.
pub fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => go_float(n.as_f64().unwrap_or(0.0)),
        Value::Array(a) => format!("[{}]", a.iter().map(go_v).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", go_v(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// Go's `%q` (`strconv.Quote`): printable characters as they are, the rest escaped.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)` with `%v`'s exponent
/// threshold of 21 digits).
fn go_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn no_merge_key(m: &Map<String, Value>, key: &str) -> String {
    // mergepatch.ErrNoMergeKey
    format!(
        "map: {} does not contain declared merge key: {key}",
        go_v(&Value::Object(m.clone()))
    )
}

fn diff_maps(
    original: &Map<String, Value>,
    modified: &Map<String, Value>,
    ty: Ty,
    opts: DiffOptions,
) -> Result<Map<String, Value>, String> {
    let mut patch = Map::new();
    let mut retain: Vec<Value> = Vec::new();
    for (key, mv) in modified {
        if opts.build_retain_keys && !mv.is_null() {
            retain.push(Value::String(key.clone()));
        }
        let Some(ov) = original.get(key) else {
            if !opts.ignore_changes_and_additions {
                patch.insert(key.clone(), mv.clone());
            }
            continue;
        };
        if key == DIRECTIVE {
            match (ov.as_str(), mv.as_str()) {
                (Some(o), Some(m)) if o != m => {
                    patch.insert(key.clone(), mv.clone());
                }
                (Some(_), Some(_)) => {}
                _ => return Err(format!("invalid value for special key: {DIRECTIVE}")),
            }
            continue;
        }
        if type_of(ov) != type_of(mv) {
            if !opts.ignore_changes_and_additions {
                patch.insert(key.clone(), mv.clone());
            }
            continue;
        }
        match (ov, mv) {
            (Value::Object(o), Value::Object(m)) => {
                let meta = lookup(ty, key);
                let sub = diff_maps(
                    o,
                    m,
                    meta.ty,
                    DiffOptions {
                        build_retain_keys: meta.retain_keys,
                        ..opts
                    },
                )?;
                if !sub.is_empty() {
                    patch.insert(key.clone(), Value::Object(sub));
                }
            }
            (Value::Array(o), Value::Array(m)) => {
                let meta = lookup(ty, key);
                if meta.merge {
                    let (add, del, order) = diff_lists(
                        o,
                        m,
                        meta.ty,
                        meta.merge_key,
                        DiffOptions {
                            build_retain_keys: meta.retain_keys,
                            ..opts
                        },
                    )?;
                    if !add.is_empty() {
                        patch.insert(key.clone(), Value::Array(add));
                    }
                    if !del.is_empty() {
                        patch.insert(format!("{DELETE_PRIMITIVE}/{key}"), Value::Array(del));
                    }
                    if !order.is_empty() {
                        patch.insert(format!("{SET_ORDER}/{key}"), Value::Array(order));
                    }
                } else if !opts.ignore_changes_and_additions && !json_eq(ov, mv) {
                    patch.insert(key.clone(), mv.clone());
                }
            }
            _ => {
                if !opts.ignore_changes_and_additions && !json_eq(ov, mv) {
                    patch.insert(key.clone(), mv.clone());
                }
            }
        }
    }
    if !opts.ignore_deletions {
        for key in original.keys() {
            if !modified.contains_key(key) {
                patch.insert(key.clone(), Value::Null);
            }
        }
    }
    let additional = original
        .iter()
        .any(|(k, v)| !v.is_null() && !modified.contains_key(k));
    if !retain.is_empty() && (!patch.is_empty() || additional) {
        patch.insert(RETAIN_KEYS.into(), Value::Array(sort_scalars(retain)));
    }
    Ok(patch)
}

type Lists = (Vec<Value>, Vec<Value>, Vec<Value>);

/// The patch list, the parallel deletion list and the `$setElementOrder` list of a
/// merging list.
fn diff_lists(
    original: &[Value],
    modified: &[Value],
    ty: Ty,
    merge_key: &str,
    opts: DiffOptions,
) -> Result<Lists, String> {
    if original.is_empty() {
        if modified.is_empty() || opts.ignore_changes_and_additions {
            return Ok((vec![], vec![], vec![]));
        }
        return Ok((modified.to_vec(), vec![], vec![]));
    }
    let is_map = element_type(&[original, modified])? == 5;
    if is_map {
        let (patch, deletions) = diff_lists_of_maps(original, modified, ty, merge_key, opts)?;
        let mut patch = normalize_slice_order(patch, modified, merge_key, true)?;
        let order_same = original.len() == modified.len()
            && original.iter().zip(modified).all(|(o, m)| {
                merge_value(o, merge_key)
                    .is_some_and(|a| merge_value(m, merge_key).is_some_and(|b| json_eq(a, b)))
            });
        patch.extend(deletions);
        let mut order = Vec::new();
        if opts.set_element_order
            && ((!opts.ignore_changes_and_additions && (!patch.is_empty() || !order_same))
                || (!opts.ignore_deletions && !patch.is_empty()))
        {
            for m in modified {
                let mut item = Map::new();
                item.insert(
                    merge_key.to_string(),
                    merge_value(m, merge_key).cloned().unwrap_or(Value::Null),
                );
                order.push(Value::Object(item));
            }
        }
        Ok((patch, vec![], order))
    } else {
        let (add, del) = diff_lists_of_scalars(original, modified, opts);
        let add = normalize_slice_order(add, modified, merge_key, false)?;
        // Upstream sorts `original` in place before this comparison.
        let sorted_original = sort_scalars(original.to_vec());
        let differs = !json_eq(
            &Value::Array(sorted_original),
            &Value::Array(modified.to_vec()),
        );
        let order = if opts.set_element_order
            && ((!opts.ignore_deletions && !del.is_empty())
                || (!opts.ignore_changes_and_additions && differs))
        {
            modified.to_vec()
        } else {
            vec![]
        };
        Ok((add, del, order))
    }
}

fn merge_value<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_object().and_then(|m| m.get(key))
}

/// The common element type of the lists (5 for maps); lists of lists are refused.
fn element_type(lists: &[&[Value]]) -> Result<u8, String> {
    let mut found: Option<u8> = None;
    for v in lists.iter().flat_map(|l| l.iter()) {
        let t = type_of(v);
        if t == 4 {
            return Err("lists of lists are not supported".into());
        }
        match found {
            None => found = Some(t),
            Some(p) if p != t => {
                return Err(format!(
                    "list element types are not identical: {}",
                    lists
                        .iter()
                        .map(|l| go_v(&Value::Array(l.to_vec())))
                        .collect::<Vec<_>>()
                        .join(" ")
                ))
            }
            Some(_) => {}
        }
    }
    found.ok_or_else(|| "no elements in any of the given slices".to_string())
}

fn sort_scalars(mut v: Vec<Value>) -> Vec<Value> {
    crate::sort::stable_by_key(&mut v, go_v);
    v
}

fn dedup_scalars(v: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for x in v {
        if !out.iter().any(|y| json_eq(y, &x)) {
            out.push(x);
        }
    }
    out
}

fn diff_lists_of_scalars(
    original: &[Value],
    modified: &[Value],
    opts: DiffOptions,
) -> (Vec<Value>, Vec<Value>) {
    let o = sort_scalars(original.to_vec());
    let m = sort_scalars(modified.to_vec());
    let (mut i, mut j) = (0, 0);
    let mut add = Vec::new();
    let mut del = Vec::new();
    while i < o.len() || j < m.len() {
        let os = o.get(i).map(go_v);
        let ms = m.get(j).map(go_v);
        match (os, ms) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                if !opts.ignore_deletions {
                    del.push(o[i].clone());
                }
                i += 1;
            }
            (Some(_), None) => {
                if !opts.ignore_deletions {
                    del.push(o[i].clone());
                }
                i += 1;
            }
            _ => {
                if !opts.ignore_changes_and_additions {
                    add.push(m[j].clone());
                }
                j += 1;
            }
        }
    }
    (add, dedup_scalars(del))
}

fn key_string(item: &Value, merge_key: &str) -> Result<(String, Value), String> {
    let m = item
        .as_object()
        .ok_or_else(|| format!("expected a map, but got {}", go_v(item)))?;
    let v = m.get(merge_key).ok_or_else(|| no_merge_key(m, merge_key))?;
    Ok((go_v(v), v.clone()))
}

fn diff_lists_of_maps(
    original: &[Value],
    modified: &[Value],
    ty: Ty,
    merge_key: &str,
    opts: DiffOptions,
) -> Result<(Vec<Value>, Vec<Value>), String> {
    let sorted = |l: &[Value]| -> Result<Vec<(String, Value, Value)>, String> {
        let mut v = l
            .iter()
            .map(|x| key_string(x, merge_key).map(|(s, k)| (s, k, x.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        crate::sort::stable_by(&mut v, |a, b| a.0.cmp(&b.0));
        Ok(v)
    };
    let o = sorted(original)?;
    let m = sorted(modified)?;
    let (mut i, mut j) = (0, 0);
    let mut patch = Vec::new();
    let mut deletions = Vec::new();
    while i < o.len() || j < m.len() {
        let os = o.get(i).map(|x| x.0.as_str());
        let ms = m.get(j).map(|x| x.0.as_str());
        match (os, ms) {
            (Some(a), Some(b)) if a == b => {
                let (Some(oe), Some(me)) = (o[i].2.as_object(), m[j].2.as_object()) else {
                    return Err("expected maps in a merging list".into());
                };
                let mut sub = diff_maps(oe, me, ty, opts)?;
                if !sub.is_empty() {
                    sub.insert(merge_key.to_string(), m[j].1.clone());
                    patch.push(Value::Object(sub));
                }
                i += 1;
                j += 1;
            }
            (None, Some(_)) => {
                if !opts.ignore_changes_and_additions {
                    patch.push(m[j].2.clone());
                }
                j += 1;
            }
            (Some(a), Some(b)) if a > b => {
                if !opts.ignore_changes_and_additions {
                    patch.push(m[j].2.clone());
                }
                j += 1;
            }
            _ => {
                if !opts.ignore_deletions {
                    let mut d = Map::new();
                    d.insert(merge_key.to_string(), o[i].1.clone());
                    d.insert(DIRECTIVE.into(), Value::String("delete".into()));
                    deletions.push(Value::Object(d));
                }
                i += 1;
            }
        }
    }
    Ok((patch, deletions))
}

/// Where `item` is in `list` (by merge key for maps), if anywhere.
fn index_of(list: &[Value], item: &Value, merge_key: &str, is_map: bool) -> Option<usize> {
    if is_map {
        let want = merge_value(item, merge_key)?;
        list.iter()
            .position(|v| merge_value(v, merge_key).is_some_and(|k| json_eq(k, want)))
    } else {
        list.iter().position(|v| json_eq(v, item))
    }
}

fn is_delete_directive(v: &Value) -> bool {
    v.get(DIRECTIVE).and_then(Value::as_str) == Some("delete")
}

/// `normalizeSliceOrder`: `to_sort` in the order of `order`; `$patch: delete` items last.
fn normalize_slice_order(
    to_sort: Vec<Value>,
    order: &[Value],
    merge_key: &str,
    is_map: bool,
) -> Result<Vec<Value>, String> {
    let (mut keep, delete): (Vec<Value>, Vec<Value>) = if is_map {
        for v in to_sort.iter().chain(order) {
            key_string(v, merge_key)?;
        }
        to_sort.into_iter().partition(|v| !is_delete_directive(v))
    } else {
        (to_sort, vec![])
    };
    crate::sort::stable_by_key(&mut keep, |v| {
        index_of(order, v, merge_key, is_map)
            .map(|i| i as i64)
            .unwrap_or(-1)
    });
    keep.extend(delete);
    Ok(keep)
}

/// `mergeSortedSlice`: the server-only items (`left`) woven into the patch items
/// (`right`) by their order in the live list.
fn merge_sorted_slice(
    left: Vec<Value>,
    right: Vec<Value>,
    server_order: &[Value],
    merge_key: &str,
    is_map: bool,
) -> Vec<Value> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        match (l.peek(), r.peek()) {
            (None, None) => break,
            (None, Some(_)) => out.extend(r.next()),
            (Some(_), None) => out.extend(l.next()),
            (Some(a), Some(b)) => {
                let li = index_of(server_order, a, merge_key, is_map);
                let ri = index_of(server_order, b, merge_key, is_map);
                if matches!((li, ri), (Some(x), Some(y)) if x < y) {
                    out.extend(l.next());
                } else {
                    out.extend(r.next());
                }
            }
        }
    }
    out
}

fn normalize_element_order(
    patch: Vec<Value>,
    server_only: Vec<Value>,
    patch_order: &[Value],
    server_order: &[Value],
    merge_key: &str,
    is_map: bool,
) -> Result<Vec<Value>, String> {
    let patch = normalize_slice_order(patch, patch_order, merge_key, is_map)?;
    let server_only = normalize_slice_order(server_only, server_order, merge_key, is_map)?;
    Ok(merge_sorted_slice(
        server_only,
        patch,
        server_order,
        merge_key,
        is_map,
    ))
}

/// Splits `merged` into the items present in `by` and the rest.
fn partition(
    merged: Vec<Value>,
    by: &[Value],
    merge_key: &str,
    is_map: bool,
) -> (Vec<Value>, Vec<Value>) {
    merged
        .into_iter()
        .partition(|v| index_of(by, v, merge_key, is_map).is_some())
}

fn merge_map(
    mut original: Map<String, Value>,
    mut patch: Map<String, Value>,
    ty: Ty,
    opts: MergeOptions,
) -> Result<Map<String, Value>, String> {
    if let Some(d) = patch.get(DIRECTIVE).cloned() {
        return match d.as_str() {
            Some("replace") => {
                patch.remove(DIRECTIVE);
                Ok(patch)
            }
            Some("delete") => Ok(Map::new()),
            _ => Err(format!(
                "unknown patch type: {} in map: {}",
                go_v(&d),
                go_v(&Value::Object(patch))
            )),
        };
    }
    apply_retain_keys(&mut original, &mut patch, opts)?;
    merge_set_element_order(&mut original, &mut patch, ty, opts)?;
    for (k, pv) in patch {
        let (k, is_delete_list) = match k.strip_prefix(DELETE_PRIMITIVE) {
            Some(rest) => {
                if !opts.merge_parallel_list {
                    original.insert(k, pv);
                    continue;
                }
                match rest.strip_prefix('/') {
                    Some(key) if !key.is_empty() => (key.to_string(), true),
                    _ => return Err("invalid patch format of primitive list".into()),
                }
            }
            None => (k, false),
        };
        if pv.is_null() {
            original.remove(&k);
            if opts.ignore_unmatched_nulls {
                continue;
            }
        }
        let Some(ov) = original.remove(&k) else {
            original.insert(k, pv);
            continue;
        };
        if type_of(&ov) != type_of(&pv) {
            original.insert(k, pv);
            continue;
        }
        let meta = lookup(ty, &k);
        let merged = match (ov, pv) {
            (Value::Object(o), Value::Object(p)) => Value::Object(merge_map(o, p, meta.ty, opts)?),
            (Value::Array(o), Value::Array(p)) if meta.merge => Value::Array(merge_slice(
                o,
                p,
                meta.ty,
                meta.merge_key,
                opts,
                is_delete_list,
            )?),
            (_, p) => p,
        };
        original.insert(k, merged);
    }
    Ok(original)
}

fn apply_retain_keys(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
    opts: MergeOptions,
) -> Result<(), String> {
    let Some(retain) = patch.remove(RETAIN_KEYS) else {
        return Ok(());
    };
    if !opts.merge_parallel_list {
        match original.get(RETAIN_KEYS) {
            Some(o) if !json_eq(o, &retain) => {
                return Err(format!(
                    "{} and {} are not deep equal: this may happen when calculating the 3-way diff patch",
                    go_v(o),
                    go_v(&retain)
                ))
            }
            Some(_) => {}
            None => {
                original.insert(RETAIN_KEYS.into(), retain);
            }
        }
        return Ok(());
    }
    let bad = || "invalid patch format of retainKeys".to_string();
    let keys: Vec<&str> = retain
        .as_array()
        .ok_or_else(bad)?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for (k, v) in patch.iter() {
        if v.is_null() || k.starts_with(DELETE_PRIMITIVE) || k.starts_with(SET_ORDER) {
            continue;
        }
        if !keys.contains(&k.as_str()) {
            return Err(bad());
        }
    }
    original.retain(|k, _| keys.contains(&k.as_str()));
    Ok(())
}

/// `mergePatchIntoOriginal`: lists with a `$setElementOrder` are merged here and put in
/// that order (server side), or the directive is carried into the combined patch.
fn merge_set_element_order(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
    ty: Ty,
    opts: MergeOptions,
) -> Result<(), String> {
    let keys: Vec<String> = patch
        .keys()
        .filter(|k| k.starts_with(SET_ORDER))
        .cloned()
        .collect();
    let bad = || "invalid patch format of setElementOrder list".to_string();
    for key in keys {
        let Some(order) = patch.remove(&key) else {
            continue;
        };
        if !opts.merge_parallel_list {
            match original.get(&key) {
                Some(o) if !json_eq(o, &order) => return Err(bad()),
                Some(_) => {}
                None => {
                    original.insert(key.clone(), order.clone());
                }
            }
        }
        let order = order.as_array().cloned().ok_or_else(bad)?;
        let field = match key.split_once('/') {
            Some((_, f)) if !f.is_empty() => f.to_string(),
            _ => return Err(bad()),
        };
        let o_list = match original.get(&field) {
            Some(Value::Array(a)) => Some(a.clone()),
            Some(other) => return Err(format!("expected a list, but got {}", go_v(other))),
            None => None,
        };
        let p_list = match patch.get(&field) {
            Some(Value::Array(a)) => Some(a.clone()),
            Some(other) => return Err(format!("expected a list, but got {}", go_v(other))),
            None => None,
        };
        let meta = lookup(ty, &field);
        if let Some(p) = &p_list {
            validate_set_order(p, &order, meta.merge_key)?;
        }
        let merged = match (o_list.clone(), p_list.clone()) {
            (Some(o), None) => o,
            (None, Some(p)) => p,
            (Some(o), Some(p)) if meta.merge => {
                merge_slice(o, p, meta.ty, meta.merge_key, opts, false)?
            }
            (Some(_), Some(p)) => p,
            (None, None) => continue,
        };
        let o_ref = o_list.unwrap_or_default();
        let p_ref = p_list.unwrap_or_default();
        let Ok(elem) = element_type(&[&o_ref, &p_ref]) else {
            original.insert(field.clone(), Value::Array(merged));
            patch.remove(&field);
            continue;
        };
        let is_map = elem == 5;
        let (items, server_only) = partition(merged, &order, meta.merge_key, is_map);
        let both =
            normalize_element_order(items, server_only, &order, &o_ref, meta.merge_key, is_map)?;
        original.insert(field.clone(), Value::Array(both));
        patch.remove(&field);
    }
    Ok(())
}

fn validate_set_order(patch: &[Value], order: &[Value], merge_key: &str) -> Result<(), String> {
    if patch.is_empty() || order.is_empty() {
        return Ok(());
    }
    let items: Vec<&Value> = if merge_key.is_empty() {
        patch.iter().collect()
    } else {
        patch.iter().filter(|v| !is_delete_directive(v)).collect()
    };
    let (mut pi, mut si) = (0, 0);
    while pi < items.len() && si < order.len() {
        if items[pi].get(DIRECTIVE).is_some() {
            pi += 1;
            continue;
        }
        let equal = if merge_key.is_empty() {
            json_eq(items[pi], &order[si])
        } else {
            match (
                merge_value(items[pi], merge_key),
                merge_value(&order[si], merge_key),
            ) {
                (Some(a), Some(b)) => json_eq(a, b),
                _ => {
                    let m = items[pi].as_object().cloned().unwrap_or_default();
                    return Err(no_merge_key(&m, merge_key));
                }
            }
        };
        if equal {
            pi += 1;
        }
        si += 1;
    }
    if pi < items.len() && si >= order.len() {
        return Err(format!(
            "The order in patch list:\n{}\n doesn't match {SET_ORDER} list:\n{}\n",
            go_v(&Value::Array(patch.to_vec())),
            go_v(&Value::Array(order.to_vec()))
        ));
    }
    Ok(())
}

fn merge_slice(
    original: Vec<Value>,
    patch: Vec<Value>,
    ty: Ty,
    merge_key: &str,
    opts: MergeOptions,
    is_delete_list: bool,
) -> Result<Vec<Value>, String> {
    if original.is_empty() && patch.is_empty() {
        return Ok(original);
    }
    let is_map = element_type(&[&original, &patch])? == 5;
    let (server_order, patch_items, merged) = if !is_map {
        if opts.merge_parallel_list && is_delete_list {
            return Ok(original
                .into_iter()
                .filter(|v| !patch.iter().any(|d| json_eq(d, v)))
                .collect());
        }
        let mut both = original.clone();
        both.extend(patch.iter().cloned());
        (original, patch, dedup_scalars(both))
    } else {
        if merge_key.is_empty() {
            return Err("cannot merge lists without merge key for type map".into());
        }
        let (original, patch) = merge_special_elements(original, patch, merge_key)?;
        let mut merged = original.clone();
        for v in &patch {
            let m = v.as_object().cloned().unwrap_or_default();
            let want = m
                .get(merge_key)
                .cloned()
                .ok_or_else(|| no_merge_key(&m, merge_key))?;
            let found = merged
                .iter()
                .position(|o| merge_value(o, merge_key).is_some_and(|k| json_eq(k, &want)));
            match found {
                Some(i) => {
                    let o = merged[i].as_object().cloned().unwrap_or_default();
                    merged[i] = Value::Object(merge_map(o, m, ty, opts)?);
                }
                None => merged.push(v.clone()),
            }
        }
        (original, patch, merged)
    };
    let (items, server_only) = partition(merged, &patch_items, merge_key, is_map);
    normalize_element_order(
        items,
        server_only,
        &patch_items,
        &server_order,
        merge_key,
        is_map,
    )
}

/// `mergeSliceWithSpecialElements`: `$patch: delete` items remove their match from the
/// live list; `$patch: replace` makes the patch's items the list.
fn merge_special_elements(
    mut original: Vec<Value>,
    patch: Vec<Value>,
    merge_key: &str,
) -> Result<(Vec<Value>, Vec<Value>), String> {
    let mut plain = Vec::new();
    let mut replace = false;
    for v in patch {
        let Some(m) = v.as_object() else {
            return Err(format!("expected a map, but got {}", go_v(&v)));
        };
        match m.get(DIRECTIVE) {
            None => plain.push(v),
            Some(d) => match d.as_str() {
                Some("delete") => {
                    let want = m.get(merge_key).ok_or_else(|| no_merge_key(m, merge_key))?;
                    original
                        .retain(|o| !merge_value(o, merge_key).is_some_and(|k| json_eq(k, want)));
                }
                Some("replace") => replace = true,
                Some("merge") => {
                    return Err("merging lists cannot yet be specified in the patch".into())
                }
                _ => {
                    return Err(format!(
                        "unknown patch type: {} in map: {}",
                        go_v(d),
                        go_v(&v)
                    ))
                }
            },
        }
    }
    if replace {
        Ok((plain, vec![]))
    } else {
        Ok((original, plain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn three(original: Value, modified: Value, current: Value) -> Value {
        Value::Object(
            three_way(&obj(original), &obj(modified), &obj(current), "Deployment").unwrap(),
        )
    }

    fn applied(current: Value, patch: Value) -> Value {
        Value::Object(apply(obj(current), obj(patch), "Deployment").unwrap())
    }

    fn pod_spec(containers: Value) -> Value {
        json!({"spec": {"template": {"spec": {"containers": containers}}}})
    }

    // patch_test.go "nil original, modified adds field" style cases, on a Deployment.
    #[test]
    fn unchanged_manifest_gives_empty_patch() {
        let m = pod_spec(json!([{"name": "nginx", "image": "nginx:1.25.3"}]));
        let live = pod_spec(json!([{"name": "nginx", "image": "nginx:1.25.3",
            "imagePullPolicy": "IfNotPresent", "resources": {}}]));
        assert_eq!(three(m.clone(), m, live), json!({}));
    }

    #[test]
    fn containers_merge_by_name_and_keep_server_fields() {
        let old = pod_spec(json!([{"name": "nginx", "image": "nginx:1.25.3"}]));
        let new = pod_spec(json!([{"name": "nginx", "image": "nginx:1.26"}]));
        let live = pod_spec(json!([{"name": "nginx", "image": "nginx:1.25.3",
            "imagePullPolicy": "IfNotPresent"}]));
        let patch = three(old, new, live.clone());
        assert_eq!(
            patch,
            json!({"spec": {"template": {"spec": {
                "$setElementOrder/containers": [{"name": "nginx"}],
                "containers": [{"name": "nginx", "image": "nginx:1.26"}]}}}})
        );
        assert_eq!(
            applied(live, patch),
            pod_spec(json!([{"name": "nginx", "image": "nginx:1.26",
                "imagePullPolicy": "IfNotPresent"}]))
        );
    }

    #[test]
    fn container_dropped_from_manifest_is_deleted() {
        let old = pod_spec(json!([{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]));
        let new = pod_spec(json!([{"name": "a", "image": "x"}]));
        let patch = three(old.clone(), new, old.clone());
        assert_eq!(
            patch,
            json!({"spec": {"template": {"spec": {
                "$setElementOrder/containers": [{"name": "a"}],
                "containers": [{"$patch": "delete", "name": "b"}]}}}})
        );
        assert_eq!(
            applied(old, patch),
            pod_spec(json!([{"name": "a", "image": "x"}]))
        );
    }

    #[test]
    fn container_added_by_someone_else_survives() {
        // The live object has a sidecar the manifests never mentioned.
        let m = pod_spec(json!([{"name": "a", "image": "x"}]));
        let live = pod_spec(json!([{"name": "a", "image": "x"}, {"name": "side", "image": "s"}]));
        // The list's order is all the patch carries (upstream too: kubectl reports
        // `configured` for a Deployment with an injected sidecar), and it keeps both.
        let patch = three(m.clone(), m, live.clone());
        assert_eq!(
            patch,
            json!({"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "a"}]}}}})
        );
        assert_eq!(applied(live.clone(), patch), live);
        let m2 = pod_spec(json!([{"name": "a", "image": "x2"}]));
        let patch = three(
            pod_spec(json!([{"name": "a", "image": "x"}])),
            m2,
            live.clone(),
        );
        assert_eq!(
            applied(live, patch),
            pod_spec(json!([{"name": "a", "image": "x2"}, {"name": "side", "image": "s"}]))
        );
    }

    #[test]
    fn env_merges_by_name_ports_by_container_port() {
        let c =
            |env: Value, ports: Value| pod_spec(json!([{"name": "a", "env": env, "ports": ports}]));
        let old = c(
            json!([{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]),
            json!([{"containerPort": 80}, {"containerPort": 443}]),
        );
        let new = c(
            json!([{"name": "A", "value": "9"}]),
            json!([{"containerPort": 80}]),
        );
        let live = c(
            json!([{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]),
            json!([{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 443, "protocol": "TCP"}]),
        );
        let patch = three(old, new, live.clone());
        assert_eq!(
            applied(live, patch),
            c(
                json!([{"name": "A", "value": "9"}]),
                json!([{"containerPort": 80, "protocol": "TCP"}])
            )
        );
    }

    #[test]
    fn volume_mounts_merge_by_mount_path() {
        let c = |m: Value| pod_spec(json!([{"name": "a", "volumeMounts": m}]));
        let live =
            c(json!([{"mountPath": "/data", "name": "d"}, {"mountPath": "/cache", "name": "c"}]));
        let patch = three(
            c(json!([{"mountPath": "/data", "name": "d"}])),
            c(json!([{"mountPath": "/data", "name": "d2"}])),
            live.clone(),
        );
        assert_eq!(
            applied(live, patch),
            c(json!([{"mountPath": "/data", "name": "d2"}, {"mountPath": "/cache", "name": "c"}]))
        );
    }

    #[test]
    fn removed_field_is_deleted_other_fields_survive() {
        // Field set by the last apply and dropped now: deleted. Field set by `kubectl
        // scale` (not in either manifest): kept.
        let old =
            json!({"spec": {"minReadySeconds": 5}, "metadata": {"labels": {"a": "1", "b": "2"}}});
        let new = json!({"spec": {}, "metadata": {"labels": {"a": "1"}}});
        let live = json!({"spec": {"minReadySeconds": 5, "replicas": 4},
            "metadata": {"labels": {"a": "1", "b": "2", "c": "3"}}});
        let patch = three(old, new, live.clone());
        assert_eq!(
            patch,
            json!({"spec": {"minReadySeconds": null}, "metadata": {"labels": {"b": null}}})
        );
        assert_eq!(
            applied(live, patch),
            json!({"spec": {"replicas": 4}, "metadata": {"labels": {"a": "1", "c": "3"}}})
        );
    }

    #[test]
    fn strategy_retains_only_the_manifest_keys() {
        let live = json!({"spec": {"strategy": {"type": "RollingUpdate",
            "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}}});
        let new = json!({"spec": {"strategy": {"type": "Recreate"}}});
        let patch = three(json!({}), new, live.clone());
        assert_eq!(
            patch,
            json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}})
        );
        assert_eq!(
            applied(live, patch),
            json!({"spec": {"strategy": {"type": "Recreate"}}})
        );
    }

    #[test]
    fn finalizers_are_a_merging_list_of_scalars() {
        let old = json!({"metadata": {"finalizers": ["a", "b"]}});
        let new = json!({"metadata": {"finalizers": ["a"]}});
        let live = json!({"metadata": {"finalizers": ["a", "b", "c"]}});
        let patch = three(old, new, live.clone());
        assert_eq!(
            patch,
            json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["b"],
                "$setElementOrder/finalizers": ["a"]}})
        );
        assert_eq!(
            applied(live, patch),
            json!({"metadata": {"finalizers": ["a", "c"]}})
        );
    }

    #[test]
    fn plain_lists_are_replaced() {
        let live = pod_spec(json!([{"name": "a", "args": ["x", "y"]}]));
        let patch = three(
            pod_spec(json!([{"name": "a", "args": ["x", "y"]}])),
            pod_spec(json!([{"name": "a", "args": ["z"]}])),
            live.clone(),
        );
        assert_eq!(
            applied(live, patch),
            pod_spec(json!([{"name": "a", "args": ["z"]}]))
        );
    }

    #[test]
    fn patch_directives_delete_and_replace() {
        let live = pod_spec(json!([{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]));
        let replaced = applied(
            live.clone(),
            pod_spec(json!([{"$patch": "replace"}, {"name": "c", "image": "z"}])),
        );
        assert_eq!(replaced, pod_spec(json!([{"name": "c", "image": "z"}])));
        let err = apply(
            obj(live),
            obj(pod_spec(json!([{"image": "z"}]))),
            "Deployment",
        )
        .unwrap_err();
        assert_eq!(
            err,
            "map: map[image:z] does not contain declared merge key: name"
        );
    }

    #[test]
    fn go_quote_escapes_like_strconv() {
        assert_eq!(go_quote("a\"b\\c\n<nil>"), r#""a\"b\\c\n<nil>""#);
    }

    #[test]
    fn numbers_compare_as_go_float64() {
        let m = json!({"spec": {"replicas": 3}});
        let live = json!({"spec": {"replicas": 3.0}});
        assert_eq!(three(m.clone(), m, live), json!({}));
    }
}
