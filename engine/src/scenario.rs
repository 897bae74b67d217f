//! Scenarios: a situation to open on and the steps that lead a reader through it, as data.
//!
//! A scenario is a YAML document (read with the same YAML path as manifests, go-yaml v2
//! rules): its name, title and intro in Korean and English, a start script (kubectl lines,
//! heredoc manifests, `sleep`, as [`crate::script`] reads them), a seed, a speed, the
//! panels to show, and ordered steps. Each step says what to do and why, and is checked
//! against the cluster's state through read-only `kubectl get` lines, so any correct way
//! passes. The author's guide with a complete example is docs/scenarios.md.

use crate::kubectl::{self, Invocation, NoFiles, Output, Stream};
use crate::script;
use crate::session::Session;
use crate::time::Duration;
use crate::{Cluster, ClusterConfig};
use serde::de::{self, Deserializer};
use serde::Deserialize;

/// A text in both of the course's languages; both are required.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub ko: String,
    pub en: String,
}

impl Text {
    /// The text in `lang` (`"ko"` or `"en"`; anything else reads Korean, the course's language).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.en
        } else {
            &self.ko
        }
    }
}

/// The panels a scenario may ask the widget to show.
pub const PANELS: &[&str] = &["time", "actions", "pods", "console", "pod", "events"];

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What `data-scenario` names it by: lower case letters, digits and `-`.
    pub name: String,
    pub title: Text,
    pub intro: Text,
    /// The cluster's seed (pod names, scheduling tie-breaks).
    #[serde(default = "one")]
    pub seed: u64,
    /// Virtual seconds per real second while playing.
    #[serde(default = "one_f64")]
    pub speed: f64,
    /// Which panels to show (see [`PANELS`]); empty = all.
    #[serde(default)]
    pub panels: Vec<String>,
    /// Run before the reader sees the cluster.
    #[serde(default)]
    pub start: String,
    pub steps: Vec<Step>,
    /// Shown when every step is done.
    pub summary: Text,
}

fn one() -> u64 {
    1
}
fn one_f64() -> f64 {
    1.0
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: Text,
    /// What to do. `backticks` mark code.
    #[serde(rename = "do")]
    pub todo: Text,
    /// The command to type, shown as code (one way to do it; the checks accept any).
    #[serde(default)]
    pub command: Option<String>,
    /// A button the guide offers for what kubectl cannot do (`power-off NODE`, `power-on NODE`).
    #[serde(default)]
    pub action: Option<String>,
    pub why: Text,
    /// All must pass. No checks: the reader moves on with the guide's "next" button.
    #[serde(default, deserialize_with = "one_or_many")]
    pub check: Vec<Check>,
    /// Shown after a try that changed the cluster but did not pass the checks.
    #[serde(default)]
    pub hint: Option<Text>,
    /// A script that does the step (tests play it; the default is `command`).
    #[serde(default)]
    pub solution: Option<String>,
    /// A script for a plausible wrong try that must not pass (tests only).
    #[serde(default)]
    pub wrong: Option<String>,
}

/// One read-only kubectl line and what its standard output must be (trimmed). Several
/// expectations are all required. A command that fails (exit code ≠ 0) fails the check.
/// Instead of `cmd`, `any` lists checks of which one passing is enough.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    #[serde(default)]
    pub cmd: Option<String>,
    #[serde(default)]
    pub any: Vec<Check>,
    #[serde(default, deserialize_with = "opt_scalar")]
    pub equals: Option<String>,
    #[serde(default, deserialize_with = "scalars")]
    pub one_of: Vec<String>,
    #[serde(default, deserialize_with = "scalars")]
    pub none_of: Vec<String>,
    #[serde(default, deserialize_with = "opt_scalar")]
    pub contains: Option<String>,
    #[serde(default, deserialize_with = "opt_scalar")]
    pub excludes: Option<String>,
    /// `*` any run of characters, `?` one character; the whole output must match.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub glob: Option<String>,
    /// The output read as a number.
    #[serde(default)]
    pub at_least: Option<f64>,
    #[serde(default)]
    pub at_most: Option<f64>,
    /// How many whitespace-separated words the output has (e.g. names from a jsonpath).
    #[serde(default)]
    pub words: Option<usize>,
    #[serde(default)]
    pub min_words: Option<usize>,
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Check>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Box<Check>),
        Many(Vec<Check>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(c) => vec![*c],
        OneOrMany::Many(v) => v,
    })
}

/// A YAML scalar as text: `equals: 3` and `equals: "3"` mean the same.
fn opt_scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s)),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        serde_json::Value::Bool(b) => Ok(Some(b.to_string())),
        _ => Err(de::Error::custom("expected a string or a number")),
    }
}

fn scalars<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let values = Vec::<serde_json::Value>::deserialize(d)?;
    values
        .into_iter()
        .map(|v| match v {
            serde_json::Value::String(s) => Ok(s),
            serde_json::Value::Number(n) => Ok(n.to_string()),
            serde_json::Value::Bool(b) => Ok(b.to_string()),
            _ => Err(de::Error::custom("expected a list of strings or numbers")),
        })
        .collect()
}

impl Scenario {
    /// Reads a scenario from YAML (or JSON) and checks it: names, panels, scripts, checks.
    /// Errors name the field: `steps[2].check[0].cmd: …`.
    pub fn parse(text: &str) -> Result<Scenario, String> {
        let value = crate::manifest::yaml_to_json(text)?;
        let (scenario, _unknown): (Scenario, _) =
            crate::value_de::from_value(&value).map_err(|e| match e.path() {
                "." => e.message().to_string(),
                p => format!("{p}: {}", e.message()),
            })?;
        scenario.validate()?;
        Ok(scenario)
    }

    fn validate(&self) -> Result<(), String> {
        let name_ok = !self.name.is_empty()
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if !name_ok {
            return Err(format!(
                "name: \"{}\" must be lower-case letters, digits, '-' and '.'",
                self.name
            ));
        }
        if !(self.speed.is_finite() && self.speed > 0.0 && self.speed <= 3600.0) {
            return Err("speed: must be a number > 0 and at most 3600".into());
        }
        if let Some(p) = self.panels.iter().find(|p| !PANELS.contains(&p.as_str())) {
            return Err(format!(
                "panels: unknown panel \"{p}\" (known: {})",
                PANELS.join(", ")
            ));
        }
        script::parse(&self.start).map_err(|e| format!("start: {e}"))?;
        if self.steps.is_empty() {
            return Err("steps: a scenario needs at least one step".into());
        }
        for (i, step) in self.steps.iter().enumerate() {
            step.validate().map_err(|e| format!("steps[{i}].{e}"))?;
        }
        Ok(())
    }

    /// The cluster the scenario starts from.
    pub fn cluster_config(&self) -> ClusterConfig {
        ClusterConfig {
            seed: self.seed,
            ..ClusterConfig::default()
        }
    }

    /// Runs the start script against `session` (its transcript goes to `out`).
    pub fn start(&self, session: &mut Session, out: &mut Output) {
        match script::parse(&self.start) {
            Ok(lines) => script::run(session, &lines, &NoFiles, out),
            // `parse` validated the script; this keeps a hand-built scenario from panicking.
            Err(e) => out.errln(format!("paperkube: scenario start: {e}")),
        }
    }
}

impl Step {
    fn validate(&self) -> Result<(), String> {
        for (i, c) in self.check.iter().enumerate() {
            c.validate().map_err(|e| format!("check[{i}].{e}"))?;
        }
        if let Some(a) = &self.action {
            Action::parse(a).map_err(|e| format!("action: {e}"))?;
        }
        for (field, s) in [("solution", &self.solution), ("wrong", &self.wrong)] {
            if let Some(s) = s {
                script::parse(s).map_err(|e| format!("{field}: {e}"))?;
            }
        }
        if let Some(c) = &self.command {
            script::parse(c).map_err(|e| format!("command: {e}"))?;
        }
        Ok(())
    }

    /// Whether every check passes now (a step without checks never passes by itself).
    pub fn passes(&self, cluster: &mut Cluster) -> bool {
        !self.check.is_empty() && self.check.iter().all(|c| c.evaluate(cluster).passed)
    }

    /// The script that does this step: `solution`, else `command`, else the action.
    pub fn solution_script(&self) -> String {
        self.solution
            .clone()
            .or_else(|| self.command.clone())
            .unwrap_or_default()
    }
}

/// What a check saw.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub passed: bool,
    /// kubectl's standard output, trimmed (or its error).
    pub output: String,
}

/// kubectl verbs a check may use: they read and never change the cluster.
const READ_VERBS: &[&str] = &["get"];

impl Check {
    fn words(&self) -> Result<Vec<String>, String> {
        let cmd = self.cmd.as_deref().unwrap_or_default();
        let words = kubectl::parse::split_words(cmd)?;
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let verb = match args.as_slice() {
            ["kubectl", verb, ..] => *verb,
            _ => return Err("must start with `kubectl get`".into()),
        };
        if !READ_VERBS.contains(&verb) {
            return Err(format!(
                "`kubectl {verb}` changes or waits; a check only reads (`kubectl get`)"
            ));
        }
        if args.iter().any(|w| *w == "-w" || w.starts_with("--watch")) {
            return Err("a check cannot watch".into());
        }
        Ok(words)
    }

    fn expectations(&self) -> usize {
        [
            self.equals.is_some(),
            !self.one_of.is_empty(),
            !self.none_of.is_empty(),
            self.contains.is_some(),
            self.excludes.is_some(),
            self.glob.is_some(),
            self.at_least.is_some(),
            self.at_most.is_some(),
            self.words.is_some(),
            self.min_words.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }

    fn validate(&self) -> Result<(), String> {
        match (&self.cmd, self.any.is_empty()) {
            (Some(_), true) => {}
            (None, false) => {
                if self.expectations() > 0 {
                    return Err("any: expectations belong inside each alternative".into());
                }
                for (i, c) in self.any.iter().enumerate() {
                    c.validate().map_err(|e| format!("any[{i}].{e}"))?;
                }
                return Ok(());
            }
            _ => return Err("cmd: a check has either `cmd` or `any`".into()),
        }
        self.words().map_err(|e| format!("cmd: {e}"))?;
        if self.expectations() == 0 {
            return Err("cmd: says nothing to expect (equals, one_of, none_of, contains, excludes, glob, at_least, at_most, words, min_words)".into());
        }
        Ok(())
    }

    /// Runs the kubectl line against `cluster` (reading only) and compares its output.
    pub fn evaluate(&self, cluster: &mut Cluster) -> Outcome {
        if self.cmd.is_none() {
            let passed = self.any.iter().any(|c| c.evaluate(cluster).passed);
            return Outcome {
                passed,
                output: String::new(),
            };
        }
        let words = match self.words() {
            Ok(w) => w,
            Err(e) => {
                return Outcome {
                    passed: false,
                    output: e,
                }
            }
        };
        let mut out = Output::default();
        let inv = Invocation {
            stdin: None,
            files: &NoFiles,
        };
        let code = kubectl::run(cluster, &words, &inv, &mut out).exit_code;
        let stdout: String = out
            .chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Stdout)
            .map(|(_, t)| t.as_str())
            .collect();
        let output = stdout.trim().to_string();
        let passed = code == 0 && self.expects(&output);
        Outcome {
            passed,
            output: if code == 0 { output } else { out.text() },
        }
    }

    fn expects(&self, output: &str) -> bool {
        let number = output.parse::<f64>().ok();
        let words = output.split_whitespace().count();
        self.equals.as_ref().is_none_or(|e| output == e.trim())
            && (self.one_of.is_empty() || self.one_of.iter().any(|e| output == e.trim()))
            && !self.none_of.iter().any(|e| output == e.trim())
            && self
                .contains
                .as_ref()
                .is_none_or(|c| output.contains(c.as_str()))
            && self
                .excludes
                .as_ref()
                .is_none_or(|x| !output.contains(x.as_str()))
            && self.glob.as_ref().is_none_or(|g| glob(g, output))
            && self
                .at_least
                .is_none_or(|min| number.is_some_and(|n| n >= min))
            && self
                .at_most
                .is_none_or(|max| number.is_some_and(|n| n <= max))
            && self.words.is_none_or(|n| words == n)
            && self.min_words.is_none_or(|n| words >= n)
    }
}

/// `*` matches any run of characters, `?` one; everything else itself.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Classic two-pointer wildcard match with backtracking to the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// A guide button for what kubectl cannot do: the simulator's power switch of a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    PowerOff(String),
    PowerOn(String),
}

impl Action {
    pub fn parse(text: &str) -> Result<Action, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            ["power-off", node] => Ok(Action::PowerOff(node.to_string())),
            ["power-on", node] => Ok(Action::PowerOn(node.to_string())),
            _ => Err(format!(
                "\"{text}\": expected `power-off NODE` or `power-on NODE`"
            )),
        }
    }

    /// Presses the button.
    pub fn run(&self, cluster: &mut Cluster) -> Result<(), String> {
        match self {
            Action::PowerOff(n) => cluster.power_off(n),
            Action::PowerOn(n) => cluster.power_on(n),
        }
    }
}

/// Whether a console line only looks at the cluster (such a line is not a "try" of a step).
pub fn is_read_only(line: &str) -> bool {
    let Ok(words) = kubectl::parse::split_words(line) else {
        return false;
    };
    let mut args: Vec<&str> = Vec::new();
    let mut rest = words
        .iter()
        .map(String::as_str)
        .skip_while(|w| *w == "kubectl" || *w == "k");
    while let Some(w) = rest.next() {
        if matches!(w, "-n" | "--namespace" | "--context" | "--kubeconfig") {
            rest.next();
        } else if !w.starts_with('-') {
            args.push(w);
        }
    }
    match args.as_slice() {
        [] => true,
        ["rollout", sub, ..] => matches!(*sub, "status" | "history"),
        [verb, ..] => matches!(
            *verb,
            "get" | "describe" | "logs" | "explain" | "api-resources" | "version" | "help"
        ),
    }
}

/// Where a reader is in a scenario. Kept by the widget (and in the browser's storage).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The step being worked on; `steps.len()` when all are done.
    pub step: usize,
    /// A try on this step changed the cluster but did not pass: show the hint.
    pub hint: bool,
}

impl Progress {
    pub fn finished(&self, scenario: &Scenario) -> bool {
        self.step >= scenario.steps.len()
    }

    /// Moves past the current step when its checks pass. Returns whether it moved.
    pub fn update(&mut self, scenario: &Scenario, cluster: &mut Cluster) -> bool {
        let Some(step) = scenario.steps.get(self.step) else {
            return false;
        };
        if step.passes(cluster) {
            self.next();
            return true;
        }
        false
    }

    /// After the reader ran `line`: a try that was not only a look and did not pass shows
    /// the hint.
    pub fn tried(&mut self, scenario: &Scenario, cluster: &mut Cluster, line: &str) {
        if self.update(scenario, cluster) {
            return;
        }
        if !is_read_only(line) && scenario.steps.get(self.step).is_some() {
            self.hint = true;
        }
    }

    /// The "next" button of a step without checks (or to skip one).
    pub fn next(&mut self) {
        self.step += 1;
        self.hint = false;
    }

    /// `{"step":N}` for the browser's storage.
    pub fn to_json(&self) -> String {
        format!("{{\"v\":1,\"step\":{}}}", self.step)
    }

    /// Reads what [`Progress::to_json`] wrote; anything else (corrupt, another version, a
    /// step past the end) is `None`.
    pub fn from_json(text: &str, scenario: &Scenario) -> Option<Progress> {
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        if v.get("v")?.as_u64()? != 1 {
            return None;
        }
        let step = usize::try_from(v.get("step")?.as_u64()?).ok()?;
        (step <= scenario.steps.len()).then_some(Progress { step, hint: false })
    }
}

/// Plays a script (a step's solution) against a session, returning what it printed.
pub fn play(session: &mut Session, text: &str) -> Result<Output, String> {
    let lines = script::parse(text).map_err(|e| e.to_string())?;
    let mut out = Output::default();
    script::run(session, &lines, &NoFiles, &mut out);
    Ok(out)
}

/// Advances `session` until `step` passes or `limit` of virtual time has gone; returns
/// whether it passed (what "press play and wait" does in the widget).
pub fn wait_for(session: &mut Session, step: &Step, limit: Duration) -> bool {
    let end = session.cluster.now() + limit;
    let mut out = Output::default();
    loop {
        if step.passes(&mut session.cluster) {
            return true;
        }
        if session.cluster.now() >= end {
            return false;
        }
        if !session.step(&mut out) {
            session.advance_to(end, &mut out);
        }
    }
}

mod locate;
pub use locate::error_line;

#[cfg(test)]
mod tests;
