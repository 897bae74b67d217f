use super::*;

const MINIMAL: &str = r#"
name: tiny
title: {ko: "작은 예", en: "A tiny one"}
intro: {ko: "소개", en: "Intro"}
start: |
  kubectl create deployment web --image=nginx:1.25.3 --replicas=2
steps:
  - title: {ko: "늘리기", en: "Scale"}
    do: {ko: "늘려 보세요", en: "Scale it"}
    command: kubectl scale deployment web --replicas=3
    why: {ko: "이유", en: "Why"}
    check:
      cmd: kubectl get deployment web -o jsonpath={.spec.replicas}
      equals: 3
    hint: {ko: "힌트", en: "Hint"}
summary: {ko: "끝", en: "Done"}
"#;

fn session(s: &Scenario) -> Session {
    let mut session = Session::new(&s.cluster_config());
    let mut out = Output::default();
    s.start(&mut session, &mut out);
    session
}

#[test]
fn parses_with_defaults() {
    let s = Scenario::parse(MINIMAL).expect("parses");
    assert_eq!((s.name.as_str(), s.seed, s.speed), ("tiny", 1, 1.0));
    assert_eq!(s.steps.len(), 1);
    assert_eq!(s.steps[0].check[0].equals.as_deref(), Some("3"));
    assert_eq!(s.title.get("en"), "A tiny one");
    assert_eq!(s.title.get("ko"), "작은 예");
}

#[test]
fn errors_name_the_field() {
    let e = Scenario::parse(&MINIMAL.replace("en: \"Why\"", "fr: \"Why\"")).unwrap_err();
    assert!(e.starts_with("steps[0].why"), "{e}");
    let e = Scenario::parse(&MINIMAL.replace(
        "kubectl get deployment web",
        "kubectl delete deployment web",
    ))
    .unwrap_err();
    assert!(
        e.contains("check[0].cmd") && e.contains("only reads"),
        "{e}"
    );
    let e = Scenario::parse(&MINIMAL.replace("equals: 3", "")).unwrap_err();
    assert!(e.contains("nothing to expect"), "{e}");
    let e = Scenario::parse(&MINIMAL.replace("name: tiny", "name: Tiny One")).unwrap_err();
    assert!(e.starts_with("name:"), "{e}");
    let e = Scenario::parse(&MINIMAL.replace("start: |", "panels: [radar]\nstart: |")).unwrap_err();
    assert!(e.contains("unknown panel \"radar\""), "{e}");
    let e = Scenario::parse(&MINIMAL.replace("  kubectl create", "  echo hi\n  kubectl create"))
        .unwrap_err();
    assert!(e.starts_with("start: line 1"), "{e}");
    assert!(Scenario::parse("name: [").is_err());
    assert!(Scenario::parse("").is_err());
}

#[test]
fn a_check_reads_the_cluster_any_way_it_was_changed() {
    let s = Scenario::parse(MINIMAL).expect("parses");
    for how in [
        "kubectl scale deployment web --replicas=3",
        "kubectl scale deploy/web --replicas 3",
        "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25.3\nEOF",
    ] {
        let mut session = session(&s);
        assert!(!s.steps[0].passes(&mut session.cluster));
        play(&mut session, how).expect("script");
        assert!(s.steps[0].passes(&mut session.cluster), "{how}");
    }
}

#[test]
fn expectations() {
    let c = |yaml: &str| -> Check {
        serde_json::from_value(crate::manifest::yaml_to_json(yaml).expect("yaml")).expect("check")
    };
    assert!(c("{cmd: x, glob: 'a*c'}").expects("abbbc"));
    assert!(!c("{cmd: x, glob: 'a*c'}").expects("abbbd"));
    assert!(c("{cmd: x, one_of: [1, 2]}").expects("2"));
    assert!(!c("{cmd: x, none_of: [1, 2]}").expects("2"));
    assert!(c("{cmd: x, at_least: 2, at_most: 4}").expects("3"));
    assert!(!c("{cmd: x, at_least: 2}").expects("many"));
    assert!(c("{cmd: x, words: 2, min_words: 1}").expects("a  b"));
    assert!(c("{cmd: x, contains: b, excludes: z}").expects("abc"));
}

#[test]
fn globs() {
    assert!(glob("?*", "x"));
    assert!(!glob("?*", ""));
    assert!(glob("hello-*", "hello-server-abc"));
    assert!(glob("*-*-*", "a-b-c"));
    assert!(!glob("a?c", "abbc"));
    assert!(glob("**", ""));
}

#[test]
fn a_failing_command_fails_its_check() {
    let s = Scenario::parse(MINIMAL).expect("parses");
    let mut session = session(&s);
    let check = Check {
        cmd: Some("kubectl get deployment nope -o jsonpath={.spec.replicas}".into()),
        excludes: Some("3".into()),
        ..Check::default()
    };
    let o = check.evaluate(&mut session.cluster);
    assert!(!o.passed);
    assert!(o.output.contains("NotFound"), "{}", o.output);
}

#[test]
fn a_check_does_not_stop_the_readers_watch() {
    let s = Scenario::parse(MINIMAL).expect("parses");
    let mut session = session(&s);
    let mut out = Output::default();
    session.kubectl("kubectl get pods -w", None, &NoFiles, &mut out);
    assert!(session.watching());
    s.steps[0].passes(&mut session.cluster);
    assert!(session.watching());
}

#[test]
fn progress_hints_after_a_change_that_does_not_pass() {
    let s = Scenario::parse(MINIMAL).expect("parses");
    let mut session = session(&s);
    let mut p = Progress::default();
    play(&mut session, "kubectl get pods").expect("script");
    p.tried(&s, &mut session.cluster, "kubectl get pods");
    assert_eq!(
        p,
        Progress {
            step: 0,
            hint: false
        },
        "a look is not a try"
    );
    play(&mut session, "kubectl scale deployment web --replicas=4").expect("script");
    p.tried(
        &s,
        &mut session.cluster,
        "kubectl scale deployment web --replicas=4",
    );
    assert_eq!(
        p,
        Progress {
            step: 0,
            hint: true
        }
    );
    play(&mut session, "kubectl scale deployment web --replicas=3").expect("script");
    p.tried(
        &s,
        &mut session.cluster,
        "kubectl scale deployment web --replicas=3",
    );
    assert_eq!(
        p,
        Progress {
            step: 1,
            hint: false
        }
    );
    assert!(p.finished(&s));
}

#[test]
fn progress_round_trips_and_ignores_corrupt_data() {
    let s = Scenario::parse(MINIMAL).expect("parses");
    let p = Progress {
        step: 1,
        hint: true,
    };
    assert_eq!(
        Progress::from_json(&p.to_json(), &s),
        Some(Progress {
            step: 1,
            hint: false
        })
    );
    for bad in [
        "",
        "{",
        "null",
        "{\"v\":2,\"step\":0}",
        "{\"v\":1,\"step\":9}",
        "{\"v\":1,\"step\":-1}",
        "{\"v\":1}",
    ] {
        assert_eq!(Progress::from_json(bad, &s), None, "{bad}");
    }
}

#[test]
fn read_only_lines() {
    for l in [
        "kubectl get pods -w",
        "kubectl describe pod x",
        "k logs x",
        "kubectl rollout history deploy/web",
        "kubectl -n default get pods",
        "",
    ] {
        assert!(is_read_only(l), "{l}");
    }
    for l in [
        "kubectl delete pod x",
        "kubectl scale deploy web --replicas=2",
        "kubectl rollout undo deploy/web",
        "kubectl gte pods",
        "kubectl get 'pods",
    ] {
        assert!(!is_read_only(l), "{l}");
    }
}

#[test]
fn actions() {
    assert_eq!(
        Action::parse("power-off kind-worker"),
        Ok(Action::PowerOff("kind-worker".into()))
    );
    assert!(Action::parse("reboot kind-worker").is_err());
    let s = Scenario::parse(MINIMAL).expect("parses");
    let mut session = session(&s);
    assert!(Action::PowerOff("kind-worker".into())
        .run(&mut session.cluster)
        .is_ok());
    assert_eq!(session.cluster.powered("kind-worker"), Some(false));
    assert!(Action::PowerOff("nope".into())
        .run(&mut session.cluster)
        .is_err());
}

/// The author's guide's complete example (docs/scenarios.md) parses and plays through.
#[test]
fn the_documented_example_plays_through() {
    let doc = include_str!("../../../docs/scenarios.md");
    let start = doc.find("```yaml\n").expect("an example") + "```yaml\n".len();
    let end = start + doc[start..].find("```").expect("closed");
    let s = Scenario::parse(&doc[start..end]).expect("the example parses");
    assert_eq!((s.name.as_str(), s.steps.len()), ("scale-web", 3));
    let mut session = session(&s);
    let mut p = Progress::default();
    let wrong = s.steps[0].wrong.clone().unwrap_or_default();
    play(&mut session, &wrong).expect("wrong");
    p.tried(&s, &mut session.cluster, wrong.trim());
    assert_eq!(
        p,
        Progress {
            step: 0,
            hint: true
        }
    );
    for step in &s.steps {
        play(&mut session, &step.solution_script()).expect("solution");
        if step.check.is_empty() {
            p.next();
        } else {
            assert!(wait_for(&mut session, step, Duration::from_secs(120)));
            assert!(p.update(&s, &mut session.cluster));
        }
    }
    assert!(p.finished(&s));
}
