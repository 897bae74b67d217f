//! Turning a console line into words (a small POSIX-shell subset: quotes, escapes) and words
//! into flags and arguments the way kubectl's cobra/pflag does.

/// Splits a line like a shell would: `'…'` literal, `"…"` with `\"` escapes, `\` outside
/// quotes escapes the next character. Unterminated quotes are an error.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err("unexpected EOF while looking for matching `''".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => cur.push(ch),
                            Some(ch) => {
                                cur.push('\\');
                                cur.push(ch);
                            }
                            None => {
                                return Err("unexpected EOF while looking for matching `\"'".into())
                            }
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(ch) = chars.next() {
                    cur.push(ch);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// One flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    /// Whether the flag takes a value (`-o yaml`); boolean flags take `--x=false` only.
    pub takes_value: bool,
    /// pflag's `NoOptDefVal`: the value of a bare `--flag` for a flag that takes one
    /// (`--validate` means `--validate=strict`).
    pub no_opt_default: Option<&'static str>,
}

pub const fn flag(long: &'static str, short: Option<char>, takes_value: bool) -> FlagSpec {
    FlagSpec {
        long,
        short,
        takes_value,
        no_opt_default: None,
    }
}

/// A flag whose value is optional (`--validate`, `--dry-run`).
pub const fn flag_opt(long: &'static str, default: &'static str) -> FlagSpec {
    FlagSpec {
        long,
        short: None,
        takes_value: true,
        no_opt_default: Some(default),
    }
}

/// Flags every kubectl command accepts.
pub const GLOBAL_FLAGS: &[FlagSpec] = &[
    flag("namespace", Some('n'), true),
    flag("context", None, true),
    flag("cluster", None, true),
    flag("user", None, true),
    flag("kubeconfig", None, true),
    flag("request-timeout", None, true),
    flag("v", Some('v'), true),
    flag("help", Some('h'), false),
];

/// Parsed flags (last value wins, as with pflag; repeated values kept in order) and
/// positional arguments.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub args: Vec<String>,
    /// Values per flag in first-seen order: a few flags per command, so a `Vec` with linear
    /// lookup (a `BTreeMap` here was one more copy of its code in the wasm bundle, issue #9).
    values: Vec<(&'static str, Vec<String>)>,
}

impl Parsed {
    pub fn get(&self, long: &str) -> Option<&str> {
        self.all(long).last().map(String::as_str)
    }
    pub fn all(&self, long: &str) -> &[String] {
        self.values
            .iter()
            .find(|(k, _)| *k == long)
            .map_or(&[], |(_, v)| v.as_slice())
    }
    pub fn has(&self, long: &str) -> bool {
        self.values.iter().any(|(k, _)| *k == long)
    }
    /// Records one more value of the flag `long`.
    fn push(&mut self, long: &'static str, value: String) {
        match self.values.iter_mut().find(|(k, _)| *k == long) {
            Some((_, v)) => v.push(value),
            None => self.values.push((long, vec![value])),
        }
    }
    /// A boolean flag: present without value, or `=true`.
    pub fn bool(&self, long: &str) -> bool {
        self.get(long).is_some_and(|v| v == "true")
    }
}

/// Parses `words` against `specs` (plus the global flags). Errors use pflag's texts.
pub fn parse_flags(words: &[String], specs: &[FlagSpec]) -> Result<Parsed, String> {
    let find_long = |name: &str| {
        specs
            .iter()
            .chain(GLOBAL_FLAGS)
            .find(|f| f.long == name)
            .copied()
    };
    let find_short = |c: char| {
        specs
            .iter()
            .chain(GLOBAL_FLAGS)
            .find(|f| f.short == Some(c))
            .copied()
    };
    let mut out = Parsed::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            out.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let spec = find_long(name).ok_or_else(|| format!("unknown flag: --{name}"))?;
            let value = if let Some(d) = spec.no_opt_default {
                inline.unwrap_or_else(|| d.to_string())
            } else if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None if i < words.len() => {
                        i += 1;
                        words[i - 1].clone()
                    }
                    None => return Err(format!("flag needs an argument: --{name}")),
                }
            } else {
                bool_value(&spec, inline)?
            };
            out.push(spec.long, value);
        } else if w.len() > 1 && w.starts_with('-') {
            let mut rest = &w[1..];
            while let Some(c) = rest.chars().next() {
                rest = &rest[c.len_utf8()..];
                let spec =
                    find_short(c).ok_or_else(|| format!("unknown shorthand flag: '{c}' in {w}"))?;
                if spec.takes_value {
                    let v = if let Some(v) = rest.strip_prefix('=') {
                        v.to_string()
                    } else if !rest.is_empty() {
                        rest.to_string()
                    } else if i < words.len() {
                        i += 1;
                        words[i - 1].clone()
                    } else {
                        return Err(format!("flag needs an argument: '{c}' in -{c}"));
                    };
                    out.push(spec.long, v);
                    break;
                }
                let inline = rest.strip_prefix('=').map(str::to_string);
                if inline.is_some() {
                    rest = "";
                }
                out.push(spec.long, bool_value(&spec, inline)?);
            }
        } else {
            out.args.push(w.clone());
        }
    }
    Ok(out)
}

/// pflag names a flag with its shorthand in errors: `"-w, --watch"`.
fn bool_value(spec: &FlagSpec, inline: Option<String>) -> Result<String, String> {
    let name = match spec.short {
        Some(c) => format!("-{c}, --{}", spec.long),
        None => format!("--{}", spec.long),
    };
    match inline.as_deref() {
        None | Some("true") | Some("1") | Some("t") | Some("T") | Some("TRUE") | Some("True") => Ok("true".into()),
        Some("false") | Some("0") | Some("f") | Some("F") | Some("FALSE") | Some("False") => Ok("false".into()),
        Some(v) => Err(format!("invalid argument \"{v}\" for \"{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        split_words(s).unwrap()
    }

    #[test]
    fn shell_words() {
        assert_eq!(
            w("get pod -o jsonpath='{.status.phase}'"),
            ["get", "pod", "-o", "jsonpath={.status.phase}"]
        );
        assert_eq!(w(r#"a "b c" d\ e"#), ["a", "b c", "d e"]);
        assert!(split_words("echo 'open").is_err());
    }

    #[test]
    fn flags_like_pflag() {
        let specs = [
            flag("output", Some('o'), true),
            flag("watch", Some('w'), false),
            flag("all-namespaces", Some('A'), false),
        ];
        let p = parse_flags(&w("pods -n kube-system -owide --watch"), &specs).unwrap();
        assert_eq!(p.args, ["pods"]);
        assert_eq!(p.get("namespace"), Some("kube-system"));
        assert_eq!(p.get("output"), Some("wide"));
        assert!(p.bool("watch"));
        let p = parse_flags(&w("pods -Aw --namespace=x"), &specs).unwrap();
        assert!(p.bool("all-namespaces") && p.bool("watch"));
        assert_eq!(p.get("namespace"), Some("x"));
        assert_eq!(
            parse_flags(&w("--nope"), &specs).unwrap_err(),
            "unknown flag: --nope"
        );
        assert_eq!(
            parse_flags(&w("-x"), &specs).unwrap_err(),
            "unknown shorthand flag: 'x' in -x"
        );
    }
}
