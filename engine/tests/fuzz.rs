//! Bad input never panics and never corrupts the store: generated inputs over the word
//! splitter, the flag parser, JSONPath, the YAML reader and writer, strategic/merge/JSON
//! patches, the CLI's `import` (mangled `kubectl get -o json|yaml` output), and whole
//! console lines against a Session. The normal run uses a few thousand cases; the long run
//! (over a million inputs) is `cargo test --release -p paperkube-engine --test fuzz --
//! --ignored --nocapture` (see docs/kubectl.md, "Bad input").

use paperkube_engine::api::Kind;
use paperkube_engine::kubectl::format::to_yaml;
use paperkube_engine::kubectl::parse::{flag, parse_flags, split_words};
use paperkube_engine::kubectl::{jsonpath, NoFiles, Output};
use paperkube_engine::manifest::{decode_stream, import, yaml_to_json};
use paperkube_engine::time::Duration;
use paperkube_engine::{Cluster, ClusterConfig, Session};
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

/// What a reader imports: `kubectl get … -o json` of a cluster that ran a Deployment through
/// a rollout and a crashing pod (Lists of pods, ReplicaSets, Deployments, nodes, events), and
/// the CLI golden's hand-made import file. Built once.
fn import_seeds() -> &'static [Value] {
    static SEEDS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut s = Session::new(&ClusterConfig::default());
        let mut out = Output::default();
        for line in [
            "kubectl create deployment web --image=nginx:1.25.3 --replicas=3",
            "kubectl run crash --image=busybox:1.36 -- sh -c 'echo starting; sleep 5; exit 1'",
        ] {
            s.kubectl(line, None, &NoFiles, &mut out);
        }
        s.advance(Duration::from_secs(60), &mut out);
        s.kubectl(
            "kubectl set image deployment/web nginx=nginx:1.26",
            None,
            &NoFiles,
            &mut out,
        );
        s.advance(Duration::from_secs(60), &mut out);
        let mut seeds: Vec<Value> = [
            "kubectl get pods -o json",
            "kubectl get deploy,rs -o json",
            "kubectl get nodes -o json",
            "kubectl get events -o json",
            "kubectl get all -A -o json",
        ]
        .iter()
        .map(|line| {
            let mut out = Output::default();
            s.kubectl(line, None, &NoFiles, &mut out);
            serde_json::from_str(&out.text()).expect("kubectl get -o json prints JSON")
        })
        .collect();
        // Long Lists (a minute of events) only slow each case: a few items carry every
        // kind of field.
        for seed in &mut seeds {
            if let Some(items) = seed.get_mut("items").and_then(Value::as_array_mut) {
                items.truncate(8);
            }
        }
        let golden = include_str!("../../cli/tests/golden/status-unknown.json");
        seeds.push(serde_json::from_str(golden).expect("the golden import file is JSON"));
        seeds
    })
}

/// Values that do not belong where they land: wrong types, huge numbers, bad timestamps
/// and quantities, noise.
fn bad_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => prop::sample::select(vec![
            Value::Null,
            Value::Bool(true),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!([1, "x", null]),
            serde_json::json!({"name": 1}),
            Value::from(i64::MAX),
            Value::from(i64::MIN),
            Value::from(u64::MAX),
            Value::from(-1),
            Value::from(0),
            Value::from(2_147_483_647),
            Value::from(2_147_483_648_i64),
            Value::from(-2_147_483_649_i64),
            Value::from(1e308),
            Value::from(-0.5),
            Value::from(1.5),
        ]),
        2 => prop::sample::select(vec![
            "",
            "2025-01-01",
            "2025-13-01T00:00:00Z",
            "2025-02-30T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:60Z",
            "2025-01-01T25:00:00Z",
            "2025-01-01T00:00:00+0é00",
            "2025-01-01T00:00:00+00é0",
            "2025-01-01T00:00:00.Z",
            "2025-01-01T00:00:00.99999999999999999999Z",
            "2025-01-01T00:00:00-99:99",
            "2025-01-01T00:00:00+14:00",
            "2025-01-01t00:00:00z",
            "1970-01-01T00:00:00Z",
            "2025-01-01T00:00:00Zjunk",
            "100Mi",
            "1e400",
            "-1",
            "9999999999999999999999Gi",
            "0.000001m",
            "1.5.5",
            "80",
            "0x10",
            "Running",
            "True",
            "kind-worker",
            "nginx:1.25.3",
        ])
        .prop_map(|s| Value::String(s.into())),
        1 => tricky_string(10).prop_map(|s| Value::String(format!("2025-01-01T00:00:00{s}"))),
        1 => any::<i64>().prop_map(Value::from),
        1 => tricky_string(12).prop_map(Value::String),
    ]
}

/// One change to a document: at the node a walk reaches (each step picks a child by the
/// next number; the walk stops at a leaf or the path's end), or to the List's items.
#[derive(Clone, Debug)]
enum Edit {
    Remove(Vec<u16>),
    Set(Vec<u16>, Value),
    /// Item `j` takes item `i`'s name and namespace.
    DuplicateName(usize, usize),
    SetKind(usize, &'static str),
    /// Every field of this name, anywhere, takes the value: bad values where they matter.
    SetField(&'static str, Value),
}

/// Fields the engine reads (times, counts, names, references, quantities, states).
const FIELDS: [&str; 48] = [
    "creationTimestamp",
    "deletionTimestamp",
    "startTime",
    "lastTransitionTime",
    "lastUpdateTime",
    "startedAt",
    "finishedAt",
    "firstTimestamp",
    "lastTimestamp",
    "eventTime",
    "lastHeartbeatTime",
    "replicas",
    "readyReplicas",
    "availableReplicas",
    "restartCount",
    "deletionGracePeriodSeconds",
    "terminationGracePeriodSeconds",
    "exitCode",
    "generation",
    "observedGeneration",
    "revisionHistoryLimit",
    "progressDeadlineSeconds",
    "minReadySeconds",
    "maxSurge",
    "maxUnavailable",
    "count",
    "resourceVersion",
    "name",
    "namespace",
    "uid",
    "ownerReferences",
    "labels",
    "annotations",
    "nodeName",
    "phase",
    "containers",
    "image",
    "cpu",
    "memory",
    "pods",
    "capacity",
    "allocatable",
    "conditions",
    "selector",
    "matchLabels",
    "template",
    "state",
    "tolerationSeconds",
];

fn edit() -> impl Strategy<Value = Edit> {
    let path = || prop::collection::vec(any::<u16>(), 1..10);
    prop_oneof![
        3 => path().prop_map(Edit::Remove),
        4 => (path(), bad_value()).prop_map(|(p, v)| Edit::Set(p, v)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::DuplicateName(i, j)),
        1 => (
            any::<usize>(),
            prop::sample::select(vec![
                "Service", "", "List", "PodList", "pod", "Pod ", "Namespace", "Node", "Event",
                "Deployment", "ReplicaSet", "Pod",
            ])
        )
            .prop_map(|(i, k)| Edit::SetKind(i, k)),
        3 => (prop::sample::select(FIELDS.to_vec()), bad_value())
            .prop_map(|(f, v)| Edit::SetField(f, v)),
    ]
}

fn apply_edit(doc: &mut Value, e: &Edit) {
    match e {
        Edit::Remove(path) => edit_at(doc, path, None),
        Edit::Set(path, v) => edit_at(doc, path, Some(v)),
        Edit::DuplicateName(i, j) => {
            let Some(items) = doc.get_mut("items").and_then(Value::as_array_mut) else {
                return;
            };
            if items.is_empty() {
                return;
            }
            let (i, j) = (i % items.len(), j % items.len());
            let meta = items[i].get("metadata").cloned().unwrap_or_default();
            if let Some(m) = items[j].get_mut("metadata").and_then(Value::as_object_mut) {
                for k in ["name", "namespace"] {
                    m.insert(k.into(), meta.get(k).cloned().unwrap_or_default());
                }
            }
        }
        Edit::SetField(name, v) => set_field(doc, name, v),
        Edit::SetKind(i, kind) => {
            if let Some(items) = doc.get_mut("items").and_then(Value::as_array_mut) {
                if !items.is_empty() {
                    let n = items.len();
                    if let Some(o) = items[i % n].as_object_mut() {
                        o.insert("kind".into(), Value::String((*kind).into()));
                    }
                }
            }
        }
    }
}

/// Removes (`with` None) or replaces the node the walk `path` reaches under `v`.
fn edit_at(v: &mut Value, path: &[u16], with: Option<&Value>) {
    let Some((&c, rest)) = path.split_first() else {
        return;
    };
    let descend = |child: &Value| {
        !rest.is_empty() && child.as_array().is_some_and(|a| !a.is_empty())
            || !rest.is_empty() && child.as_object().is_some_and(|o| !o.is_empty())
    };
    match v {
        Value::Object(m) if !m.is_empty() => {
            let Some(key) = m.keys().nth(usize::from(c) % m.len()).cloned() else {
                return;
            };
            let Some(child) = m.get_mut(&key) else {
                return;
            };
            if descend(child) {
                return edit_at(child, rest, with);
            }
            match with {
                Some(x) => *child = x.clone(),
                None => {
                    m.remove(&key);
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = usize::from(c) % a.len();
            if descend(&a[i]) {
                return edit_at(&mut a[i], rest, with);
            }
            match with {
                Some(x) => a[i] = x.clone(),
                None => {
                    a.remove(i);
                }
            }
        }
        _ => {}
    }
}

fn set_field(doc: &mut Value, name: &str, v: &Value) {
    match doc {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == name {
                    *x = v.clone();
                } else {
                    set_field(x, name, v);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| set_field(x, name, v)),
        _ => {}
    }
}

/// How the edited document is written out, as a reader would save it.
fn serialize(doc: &Value, how: u8) -> String {
    let items = doc.get("items").and_then(Value::as_array);
    match (how % 5, items) {
        (0, _) => serde_json::to_string(doc).unwrap_or_default(),
        (1, _) => serde_json::to_string_pretty(doc).unwrap_or_default(),
        (2, _) => to_yaml(doc),
        // One document per object (`---` between them), or the first object alone
        // (`kubectl get pod x -o yaml`).
        (3, Some(items)) => items.iter().map(to_yaml).collect::<Vec<_>>().join("---\n"),
        (_, Some(items)) => items.first().map(to_yaml).unwrap_or_default(),
        (_, None) => to_yaml(doc),
    }
}

/// Damage to the saved text: none (mostly), a cut, inserted noise, or raw bytes.
fn damage(text: String, how: u8, at: usize, noise: &str, bytes: &[u8]) -> String {
    let at = if text.is_empty() { 0 } else { at % text.len() };
    let at = (0..=at)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    match how % 10 {
        0 => text[..at].to_string(),
        1 => format!("{}{noise}{}", &text[..at], &text[at..]),
        2 => String::from_utf8_lossy(bytes).into_owned(),
        3 => format!("{}{}", &text[..at], String::from_utf8_lossy(bytes)),
        _ => text,
    }
}

fn import_document() -> impl Strategy<Value = String> {
    (
        any::<usize>(),
        prop::collection::vec(edit(), 0..6),
        any::<u8>(),
        (any::<u8>(), any::<usize>(), tricky_string(6)),
        prop::collection::vec(any::<u8>(), 0..64),
    )
        .prop_map(|(seed, edits, how, (dmg, at, noise), bytes)| {
            let seeds = import_seeds();
            let mut doc = seeds[seed % seeds.len()].clone();
            for e in &edits {
                apply_edit(&mut doc, e);
            }
            damage(serialize(&doc, how), dmg, at, &noise, &bytes)
        })
}

/// The store as a reader could see it: its resourceVersion and every object.
fn snapshot(c: &Cluster) -> (u64, String) {
    let mut s = String::new();
    for kind in Kind::ALL {
        for o in c.api.list_objects(kind, None) {
            s.push_str(&format!("{o:?}\n"));
        }
    }
    (c.api.resource_version(), s)
}

/// `import` never panics; a rejected import changes nothing (it decodes and checks every
/// object before storing any); an accepted one stores each object, one resourceVersion
/// each.
fn import_keeps_the_store(cases: u32) {
    // Proptest wants an `Fn`: the cluster (kept between rejected imports, rebuilt after an
    // accepted one or a failure, so shrinking starts afresh) lives in a RefCell.
    let config = ClusterConfig::default();
    let state = std::cell::RefCell::new(None::<(Cluster, (u64, String))>);
    runner(cases)
        .run(&import_document(), |text| {
            let mut state = state.borrow_mut();
            let (cluster, before) = state.get_or_insert_with(|| {
                let c = Cluster::new(&config);
                let s = snapshot(&c);
                (c, s)
            });
            let verdict = import_verdict(cluster, before, &text);
            if !matches!(verdict, Ok(false)) {
                *state = None;
            }
            verdict.map(|_| ())
        })
        .unwrap();
}

/// Whether the import was accepted, or how it broke the contract.
fn import_verdict(
    cluster: &mut Cluster,
    before: &(u64, String),
    text: &str,
) -> Result<bool, TestCaseError> {
    match import(cluster, text) {
        Err(e) => {
            let after = snapshot(cluster);
            prop_assert!(&after == before, "rejected import ({e}) changed the store");
            Ok(false)
        }
        Ok(n) => {
            let want = decode_stream(text).map(|d| d.len());
            prop_assert_eq!(Ok(n), want);
            prop_assert_eq!(cluster.api.resource_version(), before.0 + n as u64);
            Ok(true)
        }
    }
}

/// Replicas beyond which a case skips the controllers: like a real cluster, the simulator
/// would create every pod of an imported `replicas: 2147483647` (500 per sync), which is
/// minutes of work, not a panic. The printers still read such objects.
const MAX_RECONCILED_REPLICAS: i32 = 100;

/// Whether the controllers can run over the store in bounded time: few replicas (import
/// refuses a selector that misses its template, which would create pods without end).
fn modest(c: &Cluster) -> bool {
    let d = c
        .api
        .deployments()
        .iter()
        .all(|d| d.spec.replicas.unwrap_or(1) <= MAX_RECONCILED_REPLICAS);
    let rs = c
        .api
        .replicasets()
        .iter()
        .all(|r| r.spec.replicas.unwrap_or(1) <= MAX_RECONCILED_REPLICAS);
    d && rs
}

/// What was imported is then read and reconciled: printers, describe and a minute of
/// controllers over objects no API server would have accepted never panic.
fn imported_objects_are_served(cases: u32) {
    let reads = [
        "kubectl get all -A -o wide",
        "kubectl get events",
        "kubectl describe pods",
        "kubectl describe deploy,rs,nodes",
        "kubectl rollout history deployment/web",
        "kubectl get pods -o yaml",
    ];
    runner(cases)
        .run(&import_document(), |text| {
            let mut s = Session::new(&ClusterConfig::default());
            if import(&mut s.cluster, &text).is_err() {
                return Ok(());
            }
            let mut out = Output::default();
            for line in reads {
                s.kubectl(line, None, &NoFiles, &mut out);
            }
            if !modest(&s.cluster) {
                return Ok(());
            }
            s.advance(Duration::from_secs(60), &mut out);
            s.kubectl(reads[0], None, &NoFiles, &mut out);
            Ok(())
        })
        .unwrap();
}

/// Runs one target and says how many inputs it took and how long (the long run's figures
/// in docs/kubectl.md come from these lines).
fn timed(name: &str, cases: u32, target: fn(u32)) -> u64 {
    let start = std::time::Instant::now();
    target(cases);
    eprintln!(
        "fuzz {name}: {cases} cases in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    u64::from(cases)
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
    timed("patches", 1000, patches_never_panic);
}

#[test]
fn fuzz_words_and_flags() {
    timed("words and flags", 3000, words_never_panic);
}

#[test]
fn fuzz_jsonpath() {
    timed("jsonpath", 3000, jsonpath_never_panics);
}

#[test]
fn fuzz_yaml_reader() {
    timed("yaml reader", 3000, yaml_reader_never_panics);
}

#[test]
fn fuzz_yaml_round_trip() {
    timed("yaml round trip", 1000, yaml_round_trips);
}

#[test]
fn fuzz_console_lines() {
    timed("console lines", 300, console_never_panics);
}

#[test]
fn fuzz_rejected_manifests() {
    timed("rejected manifests", 300, rejected_manifest_stores_nothing);
}

#[test]
fn fuzz_import() {
    timed("import", 300, import_keeps_the_store);
}

#[test]
fn fuzz_imported_objects() {
    timed("imported objects served", 50, imported_objects_are_served);
}

/// A fuzz target: its name in the report, its number of cases, the target itself.
type Target = (&'static str, u32, fn(u32));

/// The documented long run: over a million generated inputs, most of them on the cheap
/// targets (the word splitter and flag parser, JSONPath, the YAML reader), fewer where each
/// case builds a cluster or runs controllers. Each target prints its count and time.
#[test]
#[ignore = "long run: cargo test --release -p paperkube-engine --test fuzz -- --ignored --nocapture"]
fn fuzz_large() {
    let targets: [Target; 9] = [
        ("words and flags", 350_000, words_never_panic),
        ("jsonpath", 150_000, jsonpath_never_panics),
        ("yaml reader", 300_000, yaml_reader_never_panics),
        ("yaml round trip", 50_000, yaml_round_trips),
        ("patches", 50_000, patches_never_panic),
        ("import", 100_000, import_keeps_the_store),
        (
            "rejected manifests",
            30_000,
            rejected_manifest_stores_nothing,
        ),
        (
            "imported objects served",
            10_000,
            imported_objects_are_served,
        ),
        ("console lines", 10_000, console_never_panics),
    ];
    let start = std::time::Instant::now();
    let total: u64 = targets
        .iter()
        .map(|&(name, cases, target)| timed(name, cases, target))
        .sum();
    eprintln!(
        "fuzz total: {total} cases in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(
        total >= 1_000_000,
        "the long run is at least a million inputs"
    );
}
