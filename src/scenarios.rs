//! The scenarios a widget can follow. Built in: every `scenarios/*.yaml` is embedded at build
//! time (build.rs writes the list), so nothing is fetched at run time and a file dropped into
//! `scenarios/` ships without a Rust change; `data-scenario="NAME"` picks one by its `name`.
//! Inline: a page may carry its own scenario in the host element, read at mount, so an author
//! needs no build at all (docs/scenarios.md):
//! `<script type="application/yaml" data-paperkube-scenario>…</script>`.

use crate::mount::{Config, Controls};
use crate::snapshot::{Focus, Panel};
use paperkube_engine::scenario::{self, Scenario};
use paperkube_engine::Cluster;
use std::cell::RefCell;
use std::rc::Rc;

include!(concat!(env!("OUT_DIR"), "/scenario_files.rs"));

/// The key under which the host's lookup (`mount::config_of`) hands over the text of an
/// inline scenario, beside its `data-` attributes.
pub const INLINE: &str = "scenario-inline";

/// The CSS selector of an inline scenario inside the host element.
pub const INLINE_SELECTOR: &str = r#"script[type="application/yaml"][data-paperkube-scenario]"#;

thread_local! {
    /// Each file parsed at most once per page, when first needed (`None`: not yet); a file
    /// that does not parse is left out (its engine test fails).
    static PARSED: RefCell<Vec<Option<Option<Rc<Scenario>>>>> =
        RefCell::new(vec![None; FILES.len()]);
}

/// The scenario in `FILES[i]`, parsed on first use.
fn parsed(i: usize) -> Option<Rc<Scenario>> {
    PARSED.with(|all| {
        all.borrow_mut()[i]
            .get_or_insert_with(|| Scenario::parse(FILES[i].1).ok().map(Rc::new))
            .clone()
    })
}

/// Whether a file's text names itself `name` on a top-level `name:` line (a cheap look
/// before parsing it).
fn says_name(text: &str, name: &str) -> bool {
    text.lines()
        .filter_map(|l| l.strip_prefix("name:"))
        .any(|v| v.trim().trim_matches(['"', '\'']) == name)
}

/// The built-in scenario called `name`. Issue 9, start-up: a page names one scenario, so
/// only the file that says that name is parsed (≈ 13 KB of YAML, not all ≈ 66 KB); names
/// are unique, so this finds what parsing every file would, which is still done when no
/// file says the name on a line of its own.
pub fn find(name: &str) -> Option<Rc<Scenario>> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let likely = (0..FILES.len()).filter(|i| says_name(FILES[*i].1, name));
    likely
        .chain(0..FILES.len())
        .find_map(|i| parsed(i).filter(|s| s.name == name))
}

/// Every built-in scenario's name, in file order.
pub fn names() -> Vec<String> {
    (0..FILES.len())
        .filter_map(parsed)
        .map(|s| s.name.clone())
        .collect()
}

/// Why an inline scenario cannot be followed: the parser's message (it names the field) and
/// the line of the page's YAML it is about, when that can be told.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    pub line: Option<usize>,
    pub message: String,
}

/// The scenario a widget follows: its inline one when it has one (even if `name` is set),
/// else the built-in one `name` names. `Err` when the inline one does not parse.
pub fn resolve(name: Option<&str>, inline: Option<&str>) -> Option<Result<Rc<Scenario>, Invalid>> {
    match inline.filter(|t| !t.trim().is_empty()) {
        Some(text) => {
            let text = dedent(text);
            Some(
                Scenario::parse(&text)
                    .map(Rc::new)
                    .map_err(|message| Invalid {
                        line: scenario::error_line(&text, &message),
                        message,
                    }),
            )
        }
        None => name.and_then(find).map(Ok),
    }
}

/// An inline scenario as written in an indented page: the common indentation of its lines
/// removed (a YAML document must start at column 0), leading blank lines dropped.
pub fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().skip_while(|l| l.trim().is_empty()).collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for l in lines {
        out.push_str(l.get(indent..).unwrap_or_else(|| l.trim_start()));
        out.push('\n');
    }
    out
}

/// The defaults a widget starts from: its scenario's seed, speed and panels, else the
/// widget's own (`data-seed`, `data-speed` and `data-controls` still override them).
pub fn defaults(guide: Option<&Result<Rc<Scenario>, Invalid>>) -> Config {
    let mut d = Config::default();
    if let Some(Ok(s)) = guide {
        d.seed = s.seed;
        d.speed = s.speed;
        d.controls = controls(&s.panels);
    }
    d
}

/// The widget panels a scenario's `panels` show: `time`, `actions`, `pods`, `console` as
/// `data-controls` names them (`events` shows the kubectl panels too). Empty: all. The share
/// bar is the page's business (`data-controls`), not the scenario's.
pub fn controls(panels: &[String]) -> Controls {
    if panels.is_empty() {
        return Controls::ALL;
    }
    let has = |p: &str| panels.iter().any(|x| x == p);
    Controls {
        time: has("time"),
        actions: has("actions"),
        pods: has("pods") || has("events"),
        console: has("console"),
        share: true,
    }
}

/// What the widget opens on: the Events tab when the scenario lists `events`, and the first
/// Pod's side panel when it lists `pod`.
pub fn opening(config: &Config, cluster: &Cluster) -> Focus {
    let Some(Ok(s)) = &config.guide else {
        return Focus::default();
    };
    let has = |p: &str| s.panels.iter().any(|x| x == p);
    Focus {
        selected: has("pod")
            .then(|| {
                cluster
                    .api
                    .pods()
                    .iter()
                    .next()
                    .map(|p| p.metadata.name.clone())
            })
            .flatten(),
        panel: if has("events") {
            Panel::Events
        } else {
            Panel::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_and_names_are_unique() {
        for (file, text) in FILES {
            if let Err(e) = Scenario::parse(text) {
                panic!("{file}: {e}");
            }
        }
        let mut names = names();
        assert_eq!(names.len(), FILES.len());
        names.sort();
        names.dedup();
        assert_eq!(names.len(), FILES.len(), "two files share a name");
        for (i, (file, text)) in FILES.iter().enumerate() {
            let name = &parsed(i).expect("parses").name;
            assert!(says_name(text, name), "{file}: no `name: {name}` line");
            assert_eq!(find(name).map(|s| s.name.clone()).as_ref(), Some(name));
        }
        assert!(find("break-and-fix").is_some());
        assert!(find("nope").is_none());
        assert!(find("").is_none());
    }

    #[test]
    fn a_scenario_sets_the_default_speed_seed_and_panels() {
        let s = find("break-and-fix").expect("built in");
        let d = defaults(Some(&Ok(s.clone())));
        assert_eq!((d.speed, d.seed), (s.speed, s.seed));
        assert_eq!(d.controls, controls(&s.panels));
        assert_eq!(defaults(None), Config::default());
    }

    #[test]
    fn panels_pick_the_widget_controls() {
        let list = |w: &[&str]| w.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(controls(&[]), Controls::ALL);
        let c = controls(&list(&["time", "console"]));
        assert!(c.time && c.console && !c.pods && !c.actions && c.share);
        assert!(controls(&list(&["events"])).pods);
        assert!(controls(&list(&["actions"])).actions);
    }

    const INLINE_DOC: &str = "
        name: my-own
        title: {ko: 제목, en: Title}
        intro: {ko: 소개, en: Intro}
        steps:
          - title: {ko: 하나, en: One}
            do: {ko: 해 보세요, en: Do it}
            why: {ko: 이유, en: Why}
        summary: {ko: 끝, en: End}
    ";

    #[test]
    fn an_inline_scenario_wins_and_its_errors_have_a_line() {
        let s = resolve(Some("break-and-fix"), Some(INLINE_DOC))
            .expect("some")
            .expect("parses once dedented");
        assert_eq!(s.name, "my-own");
        assert_eq!(
            resolve(Some("break-and-fix"), Some("  \n "))
                .expect("built in")
                .map(|s| s.name.clone()),
            Ok("break-and-fix".to_string())
        );
        assert!(resolve(Some("nope"), None).is_none());
        let bad = INLINE_DOC.replace("why: {ko: 이유, en: Why}", "why: {ko: 이유}");
        let e = resolve(None, Some(&bad))
            .expect("some")
            .expect_err("invalid");
        assert!(e.message.starts_with("steps[0].why"), "{}", e.message);
        assert_eq!(e.line, Some(7));
    }
}
