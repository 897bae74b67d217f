//! Where in a scenario's YAML an error points: the widget shows an inline scenario's error
//! with its line, so the author does not have to count. [`Scenario::parse`] names a field
//! path (`steps[2].check[0].cmd: …`) or a YAML line (`yaml: line 7: …`); this finds the
//! line of that field in the text, as authors write scenarios (block style). A path it cannot
//! follow to the end (flow style, `{ko: …}`) points at the deepest part it found.
//!
//! [`Scenario::parse`]: super::Scenario::parse

/// The 1-based line of the text that `error` (from `Scenario::parse(text)`) is about.
pub fn error_line(text: &str, error: &str) -> Option<usize> {
    if let Some(rest) = error.strip_prefix("yaml: line ") {
        return leading_number(rest);
    }
    let (path, rest) = error.split_once(": ")?;
    let segments = parse_path(path)?;
    let line = find(text, &segments)?;
    // A script field's own error (`start: line 3: …`) counts from the line after `start: |`.
    match rest.strip_prefix("line ").and_then(leading_number) {
        Some(n) if is_block_scalar(text, line) => Some(line + n),
        _ => Some(line),
    }
}

fn leading_number(s: &str) -> Option<usize> {
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

#[derive(Debug, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// `steps[2].check[0].cmd` → steps, 2, check, 0, cmd. Anything else is not a path.
fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut indices) = match part.split_once('[') {
            Some((k, rest)) => (k, format!("[{rest}")),
            None => (part, String::new()),
        };
        let key_ok = key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if key.is_empty() || !key_ok {
            return None;
        }
        out.push(Segment::Key(key.to_string()));
        while let Some(rest) = indices.strip_prefix('[') {
            let (n, after) = rest.split_once(']')?;
            out.push(Segment::Index(n.parse().ok()?));
            indices = after.to_string();
        }
        if !indices.is_empty() {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// One meaningful line: the indent of its content, and of the key it starts (after `- `).
struct Line<'a> {
    /// Column of the first character (a `-` for a sequence item).
    indent: usize,
    dash: bool,
    /// The key this line starts and its column, if it starts one.
    key: Option<(&'a str, usize)>,
}

fn lines(text: &str) -> Vec<Option<Line<'_>>> {
    text.lines()
        .map(|raw| {
            let content = raw.trim_start();
            if content.is_empty() || content.starts_with('#') {
                return None;
            }
            let indent = raw.len() - content.len();
            let (dash, after, col) = match content.strip_prefix("- ") {
                Some(rest) => {
                    let inner = rest.trim_start();
                    (true, inner, indent + (content.len() - inner.len()))
                }
                None => (content == "-", content, indent),
            };
            let key = after
                .split_once(':')
                .filter(|(k, v)| {
                    !k.is_empty()
                        && !k.contains(' ')
                        && !k.starts_with(['{', '[', '"', '\''])
                        && (v.is_empty() || v.starts_with(' '))
                })
                .map(|(k, _)| (k, col));
            Some(Line { indent, dash, key })
        })
        .collect()
}

/// The 1-based line where `path` is written, or the deepest part of it that was found.
fn find(text: &str, path: &[Segment]) -> Option<usize> {
    let all = lines(text);
    // The block being searched: lines [from, to), whose keys sit at column `col`.
    let (mut from, mut to) = (0, all.len());
    let mut col = all.iter().flatten().map(|l| l.indent).min()?;
    let mut found: Option<usize> = None;
    for seg in path {
        let hit = match seg {
            Segment::Key(k) => (from..to).find(|&i| {
                all[i]
                    .as_ref()
                    .and_then(|l| l.key)
                    .is_some_and(|(key, c)| key == k && c == col)
            }),
            Segment::Index(n) => {
                let first = (from..to).find_map(|i| all[i].as_ref().filter(|l| l.dash));
                if first.is_none() && *n == 0 {
                    // `check:` given one check instead of a list: item 0 is the block itself.
                    continue;
                }
                first.map(|l| l.indent).and_then(|dash_col| {
                    (from..to)
                        .filter(|&i| {
                            all[i]
                                .as_ref()
                                .is_some_and(|l| l.dash && l.indent == dash_col)
                        })
                        .nth(*n)
                })
            }
        };
        let Some(i) = hit else { break };
        found = Some(i + 1);
        let line = all[i].as_ref()?;
        // The block under this line ends where something at its column or left of it starts.
        let own = match seg {
            Segment::Key(_) => line.key.map_or(line.indent, |(_, c)| c),
            Segment::Index(_) => line.indent,
        };
        let end = (i + 1..to)
            .find(|&j| {
                all[j].as_ref().is_some_and(|l| {
                    l.indent < own
                        || (l.indent == own && !(l.dash && matches!(seg, Segment::Key(_))))
                })
            })
            .unwrap_or(to);
        match seg {
            // A sequence item's mapping starts on the dash line itself.
            Segment::Index(_) => {
                from = i;
                col = line.key.map_or(own + 2, |(_, c)| c);
            }
            Segment::Key(_) => {
                from = i + 1;
                col = (i + 1..end)
                    .find_map(|j| all[j].as_ref())
                    .map_or(own + 2, |l| {
                        if l.dash {
                            l.indent
                        } else {
                            l.key.map_or(l.indent, |(_, c)| c)
                        }
                    });
            }
        }
        to = end;
    }
    found
}

/// Whether line `n` (1-based) is `key: |` or `key: >` (a script's text follows).
fn is_block_scalar(text: &str, n: usize) -> bool {
    text.lines().nth(n - 1).is_some_and(|l| {
        let v = l.split_once(':').map_or("", |(_, v)| v).trim();
        v.starts_with('|') || v.starts_with('>')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
name: demo
title:
  ko: 제목
  en: Title
start: |
  kubectl create deployment web --image=nginx:1.25.3
  echo hi
steps:
  - title: {ko: 하나, en: One}
    do:
      ko: 해 보세요
    check:
      - cmd: kubectl get pods
        equals: 3
      - cmd: kubectl delete pod x
        equals: 1
  # a comment between items
  - title: {ko: 둘, en: Two}
    why:
      en: Why
summary: {ko: 끝, en: End}
";

    #[test]
    fn finds_fields_items_and_nested_lists() {
        assert_eq!(error_line(DOC, "name: bad"), Some(1));
        assert_eq!(error_line(DOC, "title.en: x"), Some(4));
        assert_eq!(error_line(DOC, "steps[0].do: missing field `en`"), Some(10));
        assert_eq!(
            error_line(DOC, "steps[0].check[1].cmd: only reads"),
            Some(15)
        );
        assert_eq!(error_line(DOC, "steps[0].check[0].cmd: x"), Some(13));
        assert_eq!(
            error_line(DOC, "steps[1].why: missing field `ko`"),
            Some(19)
        );
        assert_eq!(error_line(DOC, "steps[1]: x"), Some(18));
        assert_eq!(error_line(DOC, "summary: x"), Some(21));
    }

    #[test]
    fn script_lines_and_yaml_lines() {
        // `start: line 2` is the script's second line, two lines below `start: |`.
        assert_eq!(
            error_line(DOC, "start: line 2: unsupported command \"echo\""),
            Some(7)
        );
        assert_eq!(
            error_line(DOC, "yaml: line 7: did not find expected key"),
            Some(7)
        );
    }

    #[test]
    fn points_at_what_scenario_parse_complains_about() {
        let text = "\
name: tiny
title: {ko: 작은 예, en: A tiny one}
intro: {ko: 소개, en: Intro}
steps:
  - title: {ko: 늘리기, en: Scale}
    do: {ko: 늘려 보세요, en: Scale it}
    why: {ko: 이유, en: Why}
    check:
      cmd: kubectl delete deployment web
      equals: 3
    hint: {ko: 힌트, en: Hint}
summary: {ko: 끝, en: End}
";
        let e = super::super::Scenario::parse(text).unwrap_err();
        assert_eq!(error_line(text, &e), Some(9), "{e}");
        let e = super::super::Scenario::parse(&text.replace("    why: {ko: 이유, en: Why}\n", ""))
            .unwrap_err();
        assert_eq!(error_line(text, &e), Some(5), "{e}");
        let broken = text.replace("      equals: 3", "     equals: 3");
        let e = super::super::Scenario::parse(&broken).unwrap_err();
        // go-yaml names the line of the mapping the bad indent broke.
        assert_eq!(error_line(&broken, &e), Some(9), "{e}");
    }

    #[test]
    fn falls_back_to_the_deepest_part_found() {
        // Flow style: the step's title line is as deep as block style goes.
        assert_eq!(error_line(DOC, "steps[0].title.en: x"), Some(9));
        assert_eq!(error_line(DOC, "steps[7].why: x"), Some(8));
        assert_eq!(error_line(DOC, "missing field `steps`"), None);
        assert_eq!(error_line(DOC, "nonsense: x"), None);
    }
}
