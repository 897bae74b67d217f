//! Bad input never panics and never corrupts the store: generated inputs over the word
//! splitter, the flag parser, JSONPath, the YAML reader and writer, strategic/merge/JSON
//! patches, and whole console lines against a Session. The normal run uses a few thousand cases; the larger run is
//! `cargo test -p paperkube-engine --test fuzz -- --ignored` (see docs/kubectl.md).

use paperkube_engine::kubectl::format::to_yaml;
use paperkube_engine::kubectl::parse::{flag, parse_flags, split_words};
use paperkube_engine::kubectl::{jsonpath, NoFiles, Output};
use paperkube_engine::manifest::{decode_stream, yaml_to_json};
use paperkube_engine::{ClusterConfig, Session};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

/// Characters that stress shells, YAML and JSONPath.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::sample::select(vec![
            'a', 'b', 'z', 'A', '0', '1', '9', ' ', ' ', '-', '_', '.', ':', '/', '=', ',', '#',
            '\'', '"', '\\', '{', '}', '[', ']', '(', ')', '*', '&', '!', '|', '>', '%', '@',
            '`', '?', '$', '\n', '\t', '~', '+', 'é', '世', '🙂',
        ]),
        1 => any::<char>(),
    ]
}

fn tricky_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// Words a reader might type, mixed with noise.
fn console_word() -> impl Strategy<Value = String> {
    let vocab: Vec<&'static str> = vec![
        "get",
        "apply",
        "delete",
        "create",
        "describe",
        "scale",
        "set",
        "image",
        "rollout",
        "status",
        "undo",
        "history",
        "pause",
        "resume",
        "restart",
        "label",
        "annotate",
        "run",
        "logs",
        "patch",
        "-p",
        "--type=json",
        "--type=merge",
        "{\"spec\":{\"replicas\":3}}",
        "[{\"op\":\"remove\",\"path\":\"/spec\"}]",
        "--wait=false",
        "--timeout=1s",
        "cordon",
        "uncordon",
        "drain",
        "edit",
        "explain",
        "version",
        "api-resources",
        "deployment",
        "deploy",
        "pods",
        "po",
        "rs",
        "nodes",
        "ns",
        "all",
        "deploy,rs",
        "deployment/web",
        "pod/web",
        "web",
        "kind-worker",
        "-f",
        "-",
        "-o",
        "yaml",
        "json",
        "name",
        "wide",
        "jsonpath={.items[*].metadata.name}",
        "jsonpath='{.status",
        "-l",
        "app=web",
        "app in (web)",
        "-n",
        "default",
        "kube-system",
        "-A",
        "-w",
        "--watch=false",
        "--replicas=3",
        "--replicas=-1",
        "--replicas",
        "x",
        "--image=nginx",
        "nginx=nginx:1.26",
        "--force",
        "--grace-period=0",
        "--cascade=orphan",
        "--all",
        "--timeout=1s",
        "--now",
        "--show-labels",
        "--to-revision=1",
        "--revision=2",
        "env=prod",
        "env-",
        "--overwrite",
        "-h",
        "--help",
        "--bogus",
        "-Z",
        "--",
        "custom-columns=N:.metadata.name",
    ];
    prop_oneof![
        6 => prop::sample::select(vocab).prop_map(str::to_string),
        1 => tricky_string(12),
    ]
}

fn console_line() -> impl Strategy<Value = String> {
    prop::collection::vec(console_word(), 0..7).prop_map(|w| {
        let quoted: Vec<String> = w
            .into_iter()
            .map(|x| {
                if x.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-=/.,:{}[]*$@_".contains(c))
                {
                    x
                } else {
                    format!("'{}'", x.replace('\'', ""))
                }
            })
            .collect();
        format!("kubectl {}", quoted.join(" "))
    })
}

const MANIFEST: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25.3\n";

/// A manifest with one line mangled (typos, bad indentation, wrong types).
fn broken_manifest() -> impl Strategy<Value = String> {
    let lines: Vec<String> = MANIFEST.lines().map(str::to_string).collect();
    let n = lines.len();
    (0..n, 0usize..6, tricky_string(8)).prop_map(move |(i, how, noise)| {
        let mut l = lines.clone();
        l[i] = match how {
            0 => format!(" {}", l[i]),
            1 => l[i].trim_start().to_string(),
            2 => format!("{}{noise}", l[i]),
            3 => l[i].replace(':', ""),
            4 => l[i].replacen("replicas", "replica", 1),
            _ => noise,
        };
        l.join("\n") + "\n"
    })
}

/// JSON values with tricky strings, for the YAML round trip.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        tricky_string(20).prop_map(Value::String),
        prop::sample::select(vec![
            "yes",
            "no",
            "on",
            "y",
            "true",
            "1",
            "0x1f",
            "1.5",
            "1e3",
            "~",
            "null",
            "",
            "1:20",
            "2025-01-01",
            "- x",
            "a: b",
            "#c",
            "x #y",
            " lead",
            "trail ",
            "multi\nline",
            "multi\nline\n",
            "\n",
            "'",
            "\"",
            "*a",
            "&a",
            "!t",
            "%p",
            "@x",
            "`b",
            "---",
            "...",
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(tricky_string(8), inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

fn words_never_panic(cases: u32) {
    let specs = [
        flag("output", Some('o'), true),
        flag("watch", Some('w'), false),
        flag("replicas", None, true),
    ];
    runner(cases)
        .run(&tricky_string(60), |s| {
            if let Ok(words) = split_words(&s) {
                let _ = parse_flags(&words, &specs);
            }
            Ok(())
        })
        .unwrap();
}

fn jsonpath_never_panics(cases: u32) {
    let data: Value = serde_json::json!({"items": [{"metadata": {"name": "a"}, "n": 1}, {"metadata": {"name": "b"}}]});
    runner(cases)
        .run(&tricky_string(30), |s| {
            if let Ok(t) = jsonpath::parse(&s) {
                let _ = t.execute(&data);
            }
            Ok(())
        })
        .unwrap();
}

fn yaml_reader_never_panics(cases: u32) {
    runner(cases)
        .run(&tricky_string(80), |s| {
            let _ = yaml_to_json(&s);
            let _ = decode_stream(&s);
            Ok(())
        })
        .unwrap();
}

fn yaml_round_trips(cases: u32) {
    let doc = json_value().prop_map(|v| serde_json::json!({ "v": v }));
    runner(cases)
        .run(&doc, |v| {
            let y = to_yaml(&v);
            let back = yaml_to_json(&y).map_err(|e| TestCaseError::fail(format!("{e}\n{y}")))?;
            prop_assert_eq!(&back, &v, "yaml:\n{}", y);
            Ok(())
        })
        .unwrap();
}

fn console_never_panics(cases: u32) {
    runner(cases)
        .run(&(console_line(), console_line()), |(a, b)| {
            let mut s = Session::new(&ClusterConfig::default());
            let mut out = Output::default();
            s.kubectl(
                "kubectl create deployment web --image=nginx",
                None,
                &NoFiles,
                &mut out,
            );
            s.kubectl(&a, Some(MANIFEST), &NoFiles, &mut out);
            s.advance(paperkube_engine::time::Duration::from_secs(5), &mut out);
            s.kubectl(&b, None, &NoFiles, &mut out);
            s.advance(paperkube_engine::time::Duration::from_secs(30), &mut out);
            Ok(())
        })
        .unwrap();
}

/// A rejected manifest leaves the store exactly as it was.
fn rejected_manifest_stores_nothing(cases: u32) {
    runner(cases)
        .run(&broken_manifest(), |m| {
            let mut s = Session::new(&ClusterConfig::default());
            let before = s.cluster.api.resource_version();
            let mut out = Output::default();
            let code = s.kubectl("kubectl apply -f -", Some(&m), &NoFiles, &mut out);
            let after = s.cluster.api.resource_version();
            if code != 0 {
                prop_assert_eq!(before, after, "{}", out.text());
            }
            Ok(())
        })
        .unwrap();
}

/// Patches of any shape (strategic three-way, strategic/merge/JSON patch application)
/// end in a result or an error, never a panic; the merge keys' paths are favoured.
fn patches_never_panic(cases: u32) {
    use paperkube_engine::kubectl::{jsonpatch, strategic};
    let placed = |v: Value| {
        serde_json::json!({"metadata": {"finalizers": v.clone(), "labels": v.clone()},
            "spec": {"strategy": v.clone(), "template": {"spec": {"containers": v.clone()}}}, "x": v})
    };
    let doc = || json_value().prop_map(placed);
    runner(cases)
        .run(&(doc(), doc(), doc()), |(o, m, c)| {
            let (o, m, c) = (
                o.as_object().cloned().unwrap_or_default(),
                m.as_object().cloned().unwrap_or_default(),
                c.as_object().cloned().unwrap_or_default(),
            );
            if let Ok(p) = strategic::three_way(&o, &m, &c, "Deployment") {
                let _ = strategic::apply(c.clone(), p, "Deployment");
            }
            let _ = strategic::apply(c.clone(), m.clone(), "Pod");
            let _ = jsonpatch::merge_patch(Value::Object(c.clone()), &Value::Object(m.clone()));
            let _ = jsonpatch::json_patch(Value::Object(c), &Value::Object(m));
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_patches() {
    patches_never_panic(1000);
}

#[test]
fn fuzz_words_and_flags() {
    words_never_panic(3000);
}

#[test]
fn fuzz_jsonpath() {
    jsonpath_never_panics(3000);
}

#[test]
fn fuzz_yaml_reader() {
    yaml_reader_never_panics(3000);
}

#[test]
fn fuzz_yaml_round_trip() {
    yaml_round_trips(1000);
}

#[test]
fn fuzz_console_lines() {
    console_never_panics(300);
}

#[test]
fn fuzz_rejected_manifests() {
    rejected_manifest_stores_nothing(300);
}

#[test]
#[ignore = "larger generated run: cargo test -p paperkube-engine --test fuzz -- --ignored"]
fn fuzz_large() {
    words_never_panic(50_000);
    jsonpath_never_panics(50_000);
    yaml_reader_never_panics(50_000);
    yaml_round_trips(20_000);
    rejected_manifest_stores_nothing(5_000);
    console_never_panics(3_000);
    patches_never_panic(20_000);
}
