//! The built-in scenarios: every `scenarios/*.yaml` is embedded at build time (build.rs
//! writes the list), so nothing is fetched at run time and a file dropped into
//! `scenarios/` ships without a Rust change. `data-scenario="NAME"` picks one by its `name`.

use crate::mount::Config;
use paperkube_engine::scenario::Scenario;
use std::rc::Rc;

include!(concat!(env!("OUT_DIR"), "/scenario_files.rs"));

thread_local! {
    /// Parsed once per page; a file that does not parse is left out (its engine test fails).
    static PARSED: Vec<Rc<Scenario>> = FILES
        .iter()
        .filter_map(|(_, text)| Scenario::parse(text).ok().map(Rc::new))
        .collect();
}

/// The built-in scenario called `name`.
pub fn find(name: &str) -> Option<Rc<Scenario>> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    PARSED.with(|all| all.iter().find(|s| s.name == name).cloned())
}

/// Every built-in scenario's name, in file order.
pub fn names() -> Vec<String> {
    PARSED.with(|all| all.iter().map(|s| s.name.clone()).collect())
}

/// The defaults a widget starts from: a scenario's seed and speed, else the widget's own
/// (`data-seed` and `data-speed` still override them).
pub fn defaults(scenario: Option<&str>) -> Config {
    let mut d = Config::default();
    if let Some(s) = scenario.and_then(find) {
        d.seed = s.seed;
        d.speed = s.speed;
    }
    d
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
        assert!(find("break-and-fix").is_some());
        assert!(find("nope").is_none());
        assert!(find("").is_none());
    }

    #[test]
    fn a_scenario_sets_the_default_speed_and_seed() {
        let s = find("break-and-fix").expect("built in");
        let d = defaults(Some("break-and-fix"));
        assert_eq!((d.speed, d.seed), (s.speed, s.seed));
        assert_eq!(defaults(None), Config::default());
    }
}
