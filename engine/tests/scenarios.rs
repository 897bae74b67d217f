//! Every scenario in `scenarios/` plays through: its start script runs cleanly, each step
//! does not pass before the reader acts, its solution makes it pass (waiting in virtual time
//! as the reader would press play), and its wrong try does not pass. A file dropped into
//! `scenarios/` is tested here without any Rust change.

use paperkube_engine::kubectl::{Output, Stream};
use paperkube_engine::scenario::{self, Progress, Scenario};
use paperkube_engine::time::Duration;
use paperkube_engine::Session;
use std::path::PathBuf;

/// The chapter's scenarios (more may be dropped in).
const BUILT_IN: &[&str] = &[
    "pod-lifecycle",
    "replicaset",
    "deployment",
    "rollout-strategies",
    "break-and-fix",
];

/// How long a step may take in virtual time once its solution has run.
const PATIENCE: Duration = Duration::from_secs(15 * 60);

fn scenario_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

fn load(path: &PathBuf) -> Scenario {
    let text = std::fs::read_to_string(path).expect("readable");
    Scenario::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn stderr(out: &Output) -> String {
    out.chunks
        .iter()
        .filter(|(s, _)| *s == Stream::Stderr)
        .map(|(_, t)| t.as_str())
        .collect()
}

/// A session at the scenario's start.
fn started(s: &Scenario) -> Session {
    let mut session = Session::new(&s.cluster_config());
    let mut out = Output::default();
    s.start(&mut session, &mut out);
    assert_eq!(
        stderr(&out),
        "",
        "{}: the start script printed errors",
        s.name
    );
    session
}

/// Does step `i` the way the tests do it: its solution (or its action), then waits.
fn perform(s: &Scenario, session: &mut Session, i: usize) {
    let step = &s.steps[i];
    if let Some(a) = &step.action {
        let action = scenario::Action::parse(a).expect("action");
        action.run(&mut session.cluster).expect("the action runs");
    }
    let out = scenario::play(session, &step.solution_script()).expect("solution parses");
    if !step.check.is_empty() {
        assert!(
            scenario::wait_for(session, step, PATIENCE),
            "{} step {} ({}) did not pass after its solution; output:\n{}\nchecks: {:#?}",
            s.name,
            i + 1,
            step.title.en,
            out.text(),
            step.check
                .iter()
                .map(|c| c.evaluate(&mut session.cluster))
                .collect::<Vec<_>>()
        );
    }
}

/// A session where steps before `upto` are done.
fn replayed(s: &Scenario, upto: usize) -> Session {
    let mut session = started(s);
    for i in 0..upto {
        perform(s, &mut session, i);
    }
    session
}

fn play_through(s: &Scenario) {
    let mut session = started(s);
    let mut progress = Progress::default();
    for (i, step) in s.steps.iter().enumerate() {
        assert_eq!(progress.step, i);
        // A step the reader acts on (a command or a button) must not pass before they act;
        // a step that only asks them to look may already hold.
        let acts = step
            .command
            .as_deref()
            .is_some_and(|c| !scenario::is_read_only(c))
            || step.action.is_some();
        if acts && !step.check.is_empty() {
            assert!(
                !step.passes(&mut session.cluster),
                "{} step {} ({}) passes before the reader does anything",
                s.name,
                i + 1,
                step.title.en
            );
        }
        // A step that asks the reader to let time pass (its solution starts with `sleep`)
        // must not pass before time passes: its checks look at the result, not the request.
        let waits = step.solution_script().trim_start().starts_with("sleep");
        if waits && !step.check.is_empty() {
            assert!(
                !step.passes(&mut session.cluster),
                "{} step {} ({}) passes before time has passed",
                s.name,
                i + 1,
                step.title.en
            );
        }
        perform(s, &mut session, i);
        if step.check.is_empty() {
            progress.next();
        } else {
            assert!(progress.update(s, &mut session.cluster));
        }
    }
    assert!(progress.finished(s));
}

fn wrong_tries_fail(s: &Scenario) {
    for (i, step) in s.steps.iter().enumerate() {
        let Some(wrong) = &step.wrong else { continue };
        let mut session = replayed(s, i);
        scenario::play(&mut session, wrong).expect("wrong try parses");
        let mut progress = Progress {
            step: i,
            hint: false,
        };
        let last = wrong.lines().last().unwrap_or_default();
        progress.tried(s, &mut session.cluster, last);
        assert_eq!(
            (progress.step, progress.hint),
            (i, true),
            "{} step {} ({}): the wrong try passed or showed no hint",
            s.name,
            i + 1,
            step.title.en
        );
        // Time does not make a wrong try right.
        assert!(
            !scenario::wait_for(&mut session, step, Duration::from_secs(120)),
            "{} step {}: the wrong try passed after waiting",
            s.name,
            i + 1
        );
    }
}

#[test]
fn there_are_built_in_scenarios() {
    let names: Vec<String> = scenario_files().iter().map(|p| load(p).name).collect();
    for expected in BUILT_IN {
        assert!(
            names.iter().any(|n| n == *expected),
            "{expected} in {names:?}"
        );
    }
}

#[test]
fn every_scenario_plays_through() {
    for path in scenario_files() {
        play_through(&load(&path));
    }
}

#[test]
fn every_wrong_try_fails_its_check() {
    for path in scenario_files() {
        wrong_tries_fail(&load(&path));
    }
}

#[test]
fn every_step_is_written_in_both_languages() {
    for path in scenario_files() {
        let s = load(&path);
        let mut texts = vec![&s.title, &s.intro, &s.summary];
        for step in &s.steps {
            texts.extend([&step.title, &step.todo, &step.why]);
            texts.extend(step.hint.as_ref());
        }
        for t in texts {
            assert!(
                !t.ko.trim().is_empty() && !t.en.trim().is_empty(),
                "{}: {t:?}",
                s.name
            );
            assert!(
                t.ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
                "{}: Korean text without Hangul: {}",
                s.name,
                t.ko
            );
            assert!(
                !t.en.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
                "{}: English text with Hangul: {}",
                s.name,
                t.en
            );
        }
        let with_checks = s.steps.iter().filter(|st| !st.check.is_empty()).count();
        let with_hints = s
            .steps
            .iter()
            .filter(|st| !st.check.is_empty() && st.hint.is_some())
            .count();
        assert_eq!(
            with_checks, with_hints,
            "{}: a checked step without a hint",
            s.name
        );
    }
}
