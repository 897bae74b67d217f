//! A widget's cluster as a replayable record: the engine is deterministic, so a state is the
//! widget's base (scenario, seed, inline script) plus the list of what the reader did —
//! commands, clock moves and steps, each at its virtual instant. Replaying the list against a
//! fresh session reproduces the cluster exactly. This is what a page reload restores (local
//! storage), what a share link carries (URL fragment) and what "export for kind" prints.

use crate::mount::Config;
use paperkube_engine::kubectl::{NoFiles, Output};
use paperkube_engine::script;
use paperkube_engine::time::{Duration, Time};
use paperkube_engine::{ClusterConfig, Session};
use serde::Serialize;
use serde_json::Value;
use std::ops::{Deref, DerefMut};

/// The stored format's version; anything else in storage is ignored (with a notice).
pub const FORMAT: u32 = 1;

/// One thing the reader did, in order. Read back by [`op_from`], not a serde derive (issue 9:
/// the derive's internally tagged path alone was ~20 KB of wasm before wasm-opt).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[serde(tag = "o")]
pub enum Op {
    /// A kubectl command line (and its heredoc body, from an inline script: none from the console).
    #[serde(rename = "k")]
    Kubectl {
        l: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        i: Option<String>,
    },
    /// The clock moved to this many virtual milliseconds after the cluster's start.
    #[serde(rename = "t")]
    AdvanceTo { ms: i64 },
    /// The "step" button: the next thing that happens.
    #[serde(rename = "s")]
    Step,
    /// A node's power switch (the widget's "lose a node" control; not a kubectl command).
    #[serde(rename = "p")]
    Power { node: String, on: bool },
}

/// What is stored and shared: enough to rebuild the cluster from the page's widget.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(serde::Deserialize))]
pub struct Record {
    pub v: u32,
    pub scenario: String,
    pub seed: u64,
    /// A fingerprint of the inline script the ops were recorded on top of.
    pub base: String,
    pub ops: Vec<Op>,
}

/// FNV-1a of the widget's base (scenario, inline script): a changed page invalidates old state.
pub fn base_fingerprint(config: &Config) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in config
        .scenario
        .bytes()
        .chain([0u8])
        .chain(config.script.bytes())
        .chain(config.scenario_text.bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A session that remembers what was done to it since its base.
pub struct Recorder {
    pub session: Session,
    pub ops: Vec<Op>,
    start: Time,
    seed: u64,
    scenario: String,
    base: String,
}

impl Deref for Recorder {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl DerefMut for Recorder {
    fn deref_mut(&mut self) -> &mut Session {
        &mut self.session
    }
}

pub fn cluster_config(seed: u64) -> ClusterConfig {
    ClusterConfig {
        seed,
        ..ClusterConfig::default()
    }
}

impl Recorder {
    /// A fresh cluster for `config` with its inline script run (the script's transcript goes to
    /// `out`, `$ line` first, as the CLI prints it). A script that does not parse is reported in
    /// `out` and skipped: the widget still starts.
    pub fn fresh(config: &Config, out: &mut Output) -> Recorder {
        Recorder::with_seed(config, config.seed, out)
    }

    fn with_seed(config: &Config, seed: u64, out: &mut Output) -> Recorder {
        let cc = cluster_config(seed);
        let mut session = Session::new(&cc);
        // The scenario's start script sets the cluster up (issue 10), quietly.
        if let Some(Ok(scenario)) = &config.guide {
            scenario.start(&mut session, &mut Output::default());
        }
        if !config.script.trim().is_empty() {
            match script::parse(&config.script) {
                Ok(lines) => script::run(&mut session, &lines, &NoFiles, out),
                Err(e) => out.errln(format!("paperkube: initial script: {e}")),
            }
        }
        Recorder {
            session,
            ops: Vec::new(),
            start: cc.start,
            seed,
            scenario: config.scenario.clone(),
            base: base_fingerprint(config),
        }
    }

    /// Rebuilds the cluster from `record` on top of `config`'s base; what the replay prints
    /// (the inline script's transcript, then the commands as typed and their output) goes to
    /// `out`.
    pub fn replay(config: &Config, record: &Record, out: &mut Output) -> Recorder {
        let mut r = Recorder::with_seed(config, record.seed, out);
        for op in &record.ops {
            match op {
                Op::Kubectl { l, i } => {
                    out.outln(format!("$ {l}"));
                    r.kubectl_with(l, i.as_deref(), out);
                }
                Op::AdvanceTo { ms } => {
                    let target = r.start + Duration::from_millis(*ms);
                    if target >= r.session.cluster.now() {
                        r.advance_to(target, out);
                    }
                }
                Op::Step => {
                    r.step(out);
                }
                Op::Power { node, on } => {
                    let _ = r.power(node, *on);
                }
            }
        }
        r
    }

    pub fn record(&self) -> Record {
        Record {
            v: FORMAT,
            scenario: self.scenario.clone(),
            seed: self.seed,
            base: self.base.clone(),
            ops: self.ops.clone(),
        }
    }

    /// Virtual milliseconds since the cluster started.
    pub fn elapsed_ms(&self) -> i64 {
        (self.session.cluster.now() - self.start).as_millis()
    }

    fn kubectl_with(&mut self, line: &str, stdin: Option<&str>, out: &mut Output) -> i32 {
        self.ops.push(Op::Kubectl {
            l: line.to_string(),
            i: stdin.map(str::to_string),
        });
        self.session.kubectl(line, stdin, &NoFiles, out)
    }

    /// Runs a console line (same signature as [`Session::kubectl`], so the app calls it as it
    /// called the session) and records it.
    pub fn kubectl(
        &mut self,
        line: &str,
        stdin: Option<&str>,
        _files: &dyn paperkube_engine::kubectl::Files,
        out: &mut Output,
    ) -> i32 {
        self.kubectl_with(line, stdin, out)
    }

    /// Lets `dt` of virtual time pass, recorded as the instant reached (consecutive clock
    /// moves merge into one: the simulation between them is the same).
    pub fn advance(&mut self, dt: Duration, out: &mut Output) {
        let target = self.session.cluster.now() + dt;
        self.advance_to(target, out);
    }

    pub fn advance_to(&mut self, target: Time, out: &mut Output) {
        self.session.advance_to(target, out);
        self.record_clock();
    }

    /// [`Session::advance_within`], recorded as the instant actually reached.
    pub fn advance_within(
        &mut self,
        target: Time,
        more: &mut dyn FnMut() -> bool,
        out: &mut Output,
    ) -> bool {
        let reached = self.session.advance_within(target, more, out);
        self.record_clock();
        reached
    }

    fn record_clock(&mut self) {
        let ms = self.elapsed_ms();
        match self.ops.last_mut() {
            Some(Op::AdvanceTo { ms: last }) => *last = ms,
            _ => self.ops.push(Op::AdvanceTo { ms }),
        }
    }

    pub fn step(&mut self, out: &mut Output) -> bool {
        self.ops.push(Op::Step);
        self.session.step(out)
    }

    /// Switches a node off or on (the simulator's power button), recorded.
    pub fn power(&mut self, node: &str, on: bool) -> Result<(), String> {
        self.ops.push(Op::Power {
            node: node.to_string(),
            on,
        });
        if on {
            self.session.cluster.power_on(node)
        } else {
            self.session.cluster.power_off(node)
        }
    }

    /// The commands typed so far (for the console's ↑ history).
    pub fn history(&self) -> Vec<String> {
        self.ops
            .iter()
            .filter_map(|op| match op {
                Op::Kubectl { l, .. } => Some(l.clone()),
                _ => None,
            })
            .collect()
    }

    /// A bash script that does the same on a real kind cluster (three workers, as here): the
    /// inline script and every command, with `sleep`s for the virtual time between them, then
    /// the resulting manifests.
    pub fn kind_script(&self, config: &Config) -> String {
        let mut s = String::new();
        s.push_str("#!/usr/bin/env bash\n");
        s.push_str("# Exported from paperkube: the same steps on a real kind cluster.\n");
        s.push_str(
            "# Virtual time ran faster in the page; real pulls and starts take their own time.\n",
        );
        s.push_str("set -x\n");
        s.push_str("cat > kind-paperkube.yaml <<'EOF'\nkind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: worker\n- role: worker\n- role: worker\nEOF\n");
        s.push_str("kind create cluster --config kind-paperkube.yaml   # cluster \"kind\": nodes kind-worker, kind-worker2, … as in the page\n");
        if !self.scenario.is_empty() {
            s.push_str(&format!("# scenario: {}\n", self.scenario));
        }
        if !config.script.trim().is_empty() {
            s.push_str("\n# the widget's initial script\n");
            for line in config.script.lines() {
                s.push_str(line.trim_start());
                s.push('\n');
            }
        }
        s.push_str("\n# what was done in the page\n");
        let mut last_ms = 0i64;
        for op in &self.ops {
            match op {
                Op::Kubectl { l, i } => {
                    s.push_str(l);
                    match i {
                        Some(body) => {
                            s.push_str(" <<'EOF'\n");
                            s.push_str(body);
                            if !body.ends_with('\n') {
                                s.push('\n');
                            }
                            s.push_str("EOF\n");
                        }
                        None => s.push('\n'),
                    }
                }
                Op::AdvanceTo { ms } => {
                    if *ms > last_ms {
                        let secs = (*ms - last_ms + 999) / 1000;
                        s.push_str(&format!("sleep {secs}\n"));
                        last_ms = *ms;
                    }
                }
                Op::Step => {}
                Op::Power { node, on } => s.push_str(&format!(
                    "docker {} {node}   # the page switched this node {}\n",
                    if *on { "start" } else { "stop" },
                    if *on { "on" } else { "off" }
                )),
            }
        }
        s.push_str(
            "\n# the resulting objects\nkubectl get deployments,replicasets,pods -o yaml > paperkube-state.yaml\n",
        );
        let manifests = self.manifests(config);
        if !manifests.is_empty() {
            s.push_str("\n# The Deployments as the page ended (apply them on a fresh cluster):\n# cat > deployments.yaml <<'EOF'\n");
            for line in manifests.lines() {
                s.push_str("# ");
                s.push_str(line);
                s.push('\n');
            }
            s.push_str("# EOF\n");
        }
        s
    }

    /// The cluster's Deployments as kubectl prints them (`-o yaml`, status included), taken from
    /// a scratch replay so that a running `get -w` in the console is left alone.
    pub fn manifests(&self, config: &Config) -> String {
        let mut scratch = Recorder::replay(config, &self.record(), &mut Output::default());
        let mut out = Output::default();
        scratch
            .session
            .kubectl("kubectl get deployments -o yaml", None, &NoFiles, &mut out);
        out.chunks
            .iter()
            .filter(|(s, _)| matches!(s, paperkube_engine::kubectl::Stream::Stdout))
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// text codecs: JSON for storage, base64url(JSON) for links

pub fn to_json(record: &Record) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

/// Why stored or shared state was not used.
#[derive(Debug, PartialEq)]
pub enum Rejected {
    Corrupt,
    OldFormat,
    OtherPage,
}

pub fn from_json(text: &str, config: &Config) -> Result<Record, Rejected> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| Rejected::Corrupt)?;
    if value.get("v").and_then(|v| v.as_u64()) != Some(u64::from(FORMAT)) {
        return Err(Rejected::OldFormat);
    }
    let record = record_from(&value).ok_or(Rejected::Corrupt)?;
    if record.base != base_fingerprint(config) || record.scenario != config.scenario {
        return Err(Rejected::OtherPage);
    }
    if record.ops.len() > MAX_OPS {
        return Err(Rejected::Corrupt);
    }
    Ok(record)
}

/// A [`Record`] from its JSON object, accepting exactly what `serde_json::from_value` with
/// the serde derive accepted (a test compares them): unknown keys ignored, every field
/// required but `i`, `Op`s as objects tagged by `o` or as arrays `[tag, fields…]`.
fn record_from(v: &Value) -> Option<Record> {
    Some(Record {
        v: u32::try_from(v.get("v")?.as_u64()?).ok()?,
        scenario: v.get("scenario")?.as_str()?.to_string(),
        seed: v.get("seed")?.as_u64()?,
        base: v.get("base")?.as_str()?.to_string(),
        ops: v
            .get("ops")?
            .as_array()?
            .iter()
            .map(op_from)
            .collect::<Option<_>>()?,
    })
}

fn op_from(v: &Value) -> Option<Op> {
    let text = |v: &Value| v.as_str().map(str::to_string);
    match v {
        Value::Object(m) => match m.get("o")?.as_str()? {
            "k" => Some(Op::Kubectl {
                l: text(m.get("l")?)?,
                i: opt_text(m.get("i"))?,
            }),
            "t" => Some(Op::AdvanceTo {
                ms: m.get("ms")?.as_i64()?,
            }),
            "s" => Some(Op::Step),
            "p" => Some(Op::Power {
                node: text(m.get("node")?)?,
                on: m.get("on")?.as_bool()?,
            }),
            _ => None,
        },
        Value::Array(a) => match (a.first()?.as_str()?, &a[1..]) {
            ("k", [l, i @ ..]) if i.len() <= 1 => Some(Op::Kubectl {
                l: text(l)?,
                i: opt_text(i.first())?,
            }),
            ("t", [ms]) => Some(Op::AdvanceTo { ms: ms.as_i64()? }),
            ("s", []) => Some(Op::Step),
            ("p", [node, on]) => Some(Op::Power {
                node: text(node)?,
                on: on.as_bool()?,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// `Option<String>`: absent or null is `None`, a string `Some`, anything else an error.
fn opt_text(v: Option<&Value>) -> Option<Option<String>> {
    match v {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => None,
    }
}

/// A record longer than this is not replayed (a hand-made link must not hang the page).
pub const MAX_OPS: usize = 5000;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn base64url(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            s.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    s
}

pub fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = B64.iter().position(|x| *x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The fragment value of a share link for `record`.
pub fn to_link(record: &Record) -> String {
    base64url(to_json(record).as_bytes())
}

pub fn from_link(text: &str, config: &Config) -> Result<Record, Rejected> {
    let bytes = from_base64url(text).ok_or(Rejected::Corrupt)?;
    let json = String::from_utf8(bytes).map_err(|_| Rejected::Corrupt)?;
    // A link carries its own seed; the page's inline script still has to match.
    from_json(&json, config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(script: &str) -> Config {
        Config {
            script: script.into(),
            ..Config::default()
        }
    }

    fn pods(r: &mut Recorder) -> String {
        let mut out = Output::default();
        r.session
            .kubectl("kubectl get pods -o wide", None, &NoFiles, &mut out);
        format!("{out:?}")
    }

    #[test]
    fn replay_reproduces_the_cluster_exactly() {
        let c = config("kubectl create deployment web --image=nginx:1.25.3 --replicas=2\n");
        let mut out = Output::default();
        let mut r = Recorder::fresh(&c, &mut out);
        assert!(format!("{out:?}").contains("deployment.apps/web created"));
        r.advance(Duration::from_millis(1500), &mut out);
        r.advance(Duration::from_millis(2500), &mut out);
        r.step(&mut out);
        r.kubectl(
            "kubectl create deployment api --image=nginx --replicas=4",
            None,
            &NoFiles,
            &mut out,
        );
        r.advance(Duration::from_secs(30), &mut out);
        // Consecutive clock moves merge.
        assert_eq!(r.ops.len(), 4, "{:?}", r.ops);
        let rec = r.record();
        let json = to_json(&rec);
        let back = from_json(&json, &c).expect("round trip");
        let mut again = Recorder::replay(&c, &back, &mut Output::default());
        assert_eq!(again.session.cluster.now(), r.session.cluster.now());
        assert_eq!(pods(&mut again), pods(&mut r));
        assert_eq!(
            again.history(),
            vec!["kubectl create deployment api --image=nginx --replicas=4"]
        );
        let link = from_link(&to_link(&rec), &c).expect("link round trip");
        assert_eq!(link, rec);
    }

    #[test]
    fn bad_storage_is_rejected_not_fatal() {
        let c = config("");
        assert_eq!(from_json("{not json", &c), Err(Rejected::Corrupt));
        assert_eq!(
            from_json("{\"v\":0,\"ops\":[]}", &c),
            Err(Rejected::OldFormat)
        );
        assert_eq!(
            from_json(
                "{\"v\":1,\"scenario\":\"\",\"seed\":1,\"base\":\"x\",\"ops\":[]}",
                &c
            ),
            Err(Rejected::OtherPage)
        );
        let ok = format!(
            "{{\"v\":1,\"scenario\":\"\",\"seed\":1,\"base\":\"{}\",\"ops\":[{{\"o\":\"q\"}}]}}",
            base_fingerprint(&c)
        );
        assert_eq!(from_json(&ok, &c), Err(Rejected::Corrupt));
        assert_eq!(from_link("***", &c), Err(Rejected::Corrupt));
        assert_eq!(from_link("AAAA", &c), Err(Rejected::Corrupt));
    }

    /// The hand decoder accepts and rejects what the serde derive did.
    #[test]
    fn record_decoder_matches_the_serde_derive() {
        let ops = [
            r#"{"o":"k","l":"kubectl get pods"}"#,
            r#"{"o":"k","l":"x","i":null}"#,
            r#"{"o":"k","l":"x","i":"body","extra":[1]}"#,
            r#"{"o":"k","l":"x","i":3}"#,
            r#"{"o":"k","i":"x"}"#,
            r#"{"o":"k","l":5}"#,
            r#"{"o":"t","ms":1500}"#,
            r#"{"o":"t","ms":-3}"#,
            r#"{"o":"t","ms":1.5}"#,
            r#"{"o":"t","ms":9223372036854775808}"#,
            r#"{"o":"t","ms":"1"}"#,
            r#"{"o":"t"}"#,
            r#"{"o":"s"}"#,
            r#"{"o":"s","x":1}"#,
            r#"{"o":"p","node":"n1","on":true}"#,
            r#"{"o":"p","node":"n1","on":1}"#,
            r#"{"o":"p","node":"n1"}"#,
            r#"{"o":"q"}"#,
            r#"{"o":1,"ms":2}"#,
            r#"{"o":null}"#,
            r#"{"l":"x"}"#,
            r#"{}"#,
            r#"["k","x"]"#,
            r#"["k","x",null]"#,
            r#"["k","x","in"]"#,
            r#"["k","x","in",1]"#,
            r#"["k"]"#,
            r#"["t",5]"#,
            r#"["t",5,6]"#,
            r#"["t"]"#,
            r#"["s"]"#,
            r#"["s",1]"#,
            r#"["p","n",false]"#,
            r#"["p","n"]"#,
            r#"[0,"x"]"#,
            r#"[]"#,
            r#""k""#,
            r#"null"#,
            r#"7"#,
        ];
        let mut records: Vec<String> = ops
            .iter()
            .map(|op| format!(r#"{{"v":1,"scenario":"","seed":1,"base":"b","ops":[{op}]}}"#))
            .collect();
        records.extend(
            [
                r#"{"v":1,"scenario":"s","seed":18446744073709551615,"base":"b","ops":[],"z":0}"#,
                r#"{"v":1,"scenario":"","seed":-1,"base":"b","ops":[]}"#,
                r#"{"v":1,"scenario":"","seed":1.0,"base":"b","ops":[]}"#,
                r#"{"v":1,"scenario":3,"seed":1,"base":"b","ops":[]}"#,
                r#"{"v":1,"scenario":"","seed":1,"base":"b","ops":{}}"#,
                r#"{"v":1,"scenario":"","seed":1,"base":"b"}"#,
                r#"{"v":1,"seed":1,"base":"b","ops":[]}"#,
                r#"{"v":1,"scenario":"","seed":1,"ops":[]}"#,
                r#"{"v":1,"scenario":"","base":"b","ops":[]}"#,
            ]
            .map(String::from),
        );
        for text in &records {
            let v: Value = serde_json::from_str(text).expect("valid JSON");
            let derived: Option<Record> = serde_json::from_value(v.clone()).ok();
            assert_eq!(record_from(&v), derived, "{text}");
        }
    }

    #[test]
    fn base64url_round_trips() {
        for s in ["", "a", "ab", "abc", "abcd", "한글 ✓ <>?"] {
            assert_eq!(
                from_base64url(&base64url(s.as_bytes())).as_deref(),
                Some(s.as_bytes())
            );
        }
        assert_eq!(base64url(b"\xfb\xff"), "-_8");
    }

    #[test]
    fn kind_script_lists_the_commands_and_sleeps() {
        let c = config("kubectl create deployment web --image=nginx:1.25.3 --replicas=2\n");
        let mut out = Output::default();
        let mut r = Recorder::fresh(&c, &mut out);
        r.advance(Duration::from_secs(10), &mut out);
        r.kubectl(
            "kubectl create deployment api --image=nginx:1.26",
            None,
            &NoFiles,
            &mut out,
        );
        let s = r.kind_script(&c);
        assert!(s.contains("kind create cluster"));
        assert!(
            s.contains("kubectl create deployment web --image=nginx:1.25.3 --replicas=2\n"),
            "{s}"
        );
        assert!(
            s.contains("sleep 10\nkubectl create deployment api --image=nginx:1.26\n"),
            "{s}"
        );
    }
}
