//! Scripts of kubectl commands, as the CLI replays them and scenarios start from:
//! `kubectl …` lines (with `<<EOF` heredocs), `sleep DURATION`, `import PATH`, blank lines
//! and `#` comments. See docs/cli.md for the contract.

use crate::kubectl::{Files, Output};
use crate::session::Session;
use crate::time::Duration;

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// A kubectl command line and its heredoc body, if any.
    Kubectl { line: String, stdin: Option<String> },
    /// Let virtual time pass (`sleep 0s` settles what is due now).
    Sleep(Duration),
    /// Put the objects of a `kubectl get -o json|yaml` output into the store as they are.
    Import(String),
    /// Simulator, not kubectl: cut (`power-off NODE`) or restore (`power-on NODE`) a
    /// node's power, as pulling the plug would. Like `sleep`, it does not stop a watch.
    Power { node: String, on: bool },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// 1-based line number in the script.
    pub number: usize,
    /// The line as written (what the CLI echoes after `$ `).
    pub text: String,
    pub step: Step,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The heredoc delimiter in `… <<EOF`, `<<'EOF'`, `<<"EOF"` or `<<-EOF`, and the line without it.
fn heredoc(line: &str) -> Option<(String, String)> {
    let at = line.find("<<")?;
    let rest = line[at + 2..].trim_start_matches('-').trim();
    let delim: String = rest.trim_matches(|c| c == '\'' || c == '"').to_string();
    if delim.is_empty() || delim.contains(char::is_whitespace) {
        return None;
    }
    Some((line[..at].trim_end().to_string(), delim))
}

/// Parses a whole script; the first malformed line is an error naming it.
pub fn parse(text: &str) -> Result<Vec<Line>, ScriptError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let number = i + 1;
        let raw = lines[i].trim();
        i += 1;
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let err = |message: String| ScriptError {
            line: number,
            message,
        };
        let first = raw.split_whitespace().next().unwrap_or("");
        let step = match first {
            "kubectl" => match heredoc(raw) {
                Some((cmd, delim)) => {
                    let mut body = String::new();
                    loop {
                        let Some(l) = lines.get(i) else {
                            return Err(err(format!(
                                "here-document delimited by \"{delim}\" is not closed"
                            )));
                        };
                        i += 1;
                        if l.trim() == delim {
                            break;
                        }
                        body.push_str(l);
                        body.push('\n');
                    }
                    Step::Kubectl {
                        line: cmd,
                        stdin: Some(body),
                    }
                }
                None => Step::Kubectl {
                    line: raw.to_string(),
                    stdin: None,
                },
            },
            "sleep" => {
                let arg = raw[5..].trim();
                // A bare number is seconds, as in the shell's sleep.
                let parsed =
                    if arg.chars().all(|c| c.is_ascii_digit() || c == '.') && !arg.is_empty() {
                        Duration::parse_go(&format!("{arg}s"))
                    } else {
                        Duration::parse_go(arg)
                    };
                match parsed {
                    Ok(d) if d.as_millis() >= 0 => Step::Sleep(d),
                    Ok(_) => return Err(err(format!("sleep: negative duration \"{arg}\""))),
                    Err(e) => return Err(err(format!("sleep: {e}"))),
                }
            }
            "power-off" | "power-on" => {
                let node = raw[first.len()..].trim();
                if node.is_empty() || node.contains(char::is_whitespace) {
                    return Err(err(format!("{first}: expected one node name")));
                }
                Step::Power {
                    node: node.to_string(),
                    on: first == "power-on",
                }
            }
            "import" => {
                let path = raw[6..].trim();
                if path.is_empty() {
                    return Err(err("import: missing PATH".into()));
                }
                Step::Import(path.to_string())
            }
            other => {
                return Err(err(format!(
                "unsupported command \"{other}\" (a script holds kubectl, sleep, import, power-off and power-on lines)"
            )))
            }
        };
        out.push(Line {
            number,
            text: raw.to_string(),
            step,
        });
    }
    Ok(out)
}

/// Runs parsed lines against `session`, echoing each as `$ <line>` followed by its output.
/// `import` failures are reported like kubectl errors; they do not stop the script.
pub fn run(session: &mut Session, lines: &[Line], files: &dyn Files, out: &mut Output) {
    for line in lines {
        if !matches!(line.step, Step::Sleep(_) | Step::Power { .. }) {
            session.stop_watch();
        }
        out.outln(format!("$ {}", line.text));
        match &line.step {
            Step::Kubectl { line: cmd, stdin } => {
                session.kubectl(cmd, stdin.as_deref(), files, out);
                // The CLI has no editor: show what it would open, and cancel (a heredoc
                // after `kubectl edit` is the edited file instead; see docs/cli.md).
                if let Some(edit) = session.take_edit() {
                    out.out(edit.text);
                    out.errln("Edit cancelled, no changes made.");
                }
            }
            Step::Sleep(d) => session.advance(*d, out),
            Step::Power { node, on } => {
                let done = if *on {
                    session.cluster.power_on(node)
                } else {
                    session.cluster.power_off(node)
                };
                if let Err(e) = done {
                    out.errln(e);
                }
            }
            Step::Import(path) => match files.read(path) {
                Ok(text) => {
                    if let Err(e) = crate::manifest::import(&mut session.cluster, &text) {
                        out.errln(format!("error: import {path}: {e}"));
                    }
                }
                Err(e) => out.errln(format!("error: import {path}: {e}")),
            },
        }
    }
    session.stop_watch();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_power_lines() {
        let lines = parse("power-off kind-worker2\npower-on kind-worker2\n").unwrap();
        assert_eq!(
            lines[0].step,
            Step::Power {
                node: "kind-worker2".into(),
                on: false
            }
        );
        assert_eq!(
            lines[1].step,
            Step::Power {
                node: "kind-worker2".into(),
                on: true
            }
        );
        let e = parse("power-off\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(parse("power-on a b\n").is_err());
    }

    #[test]
    fn parses_lines_heredocs_and_sleeps() {
        let s = "# comment\n\nkubectl get pods\nkubectl apply -f - <<EOF\nkind: Pod\nEOF\nsleep 1m30s\nsleep 2\n";
        let lines = parse(s).unwrap();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].number, 3);
        assert_eq!(
            lines[1].step,
            Step::Kubectl {
                line: "kubectl apply -f -".into(),
                stdin: Some("kind: Pod\n".into())
            }
        );
        assert_eq!(lines[2].step, Step::Sleep(Duration::from_secs(90)));
        assert_eq!(lines[3].step, Step::Sleep(Duration::from_secs(2)));
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(parse("kubectl get pods\necho hi").unwrap_err().line, 2);
        assert_eq!(parse("sleep soon").unwrap_err().line, 1);
        assert!(parse("kubectl apply -f - <<EOF\nkind: Pod\n").is_err());
    }
}
