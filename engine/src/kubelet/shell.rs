//! A small parser for the `command`/`args` forms readers write: `sleep 3600`, `exit 1`,
//! `sh -c "echo hi; sleep 5; exit 3"`, `while true; do …; done`, `for i in 1 2 3; do …; done`,
//! `trap 'exit 0' TERM`, `sleep 600 & wait`, `a && b || c`, `echo x > /tmp/f`.
//! Documented in docs/simulation.md; [`super::runtime`] runs the result.

use std::sync::Arc;

/// One simple command with its words already unquoted, plus an optional output redirect.
#[derive(Clone, Debug, PartialEq)]
pub struct Simple {
    pub argv: Vec<String>,
    /// `> file` (false) or `>> file` (true).
    pub redirect: Option<(String, bool)>,
    /// Ends in `&`: run in the background.
    pub background: bool,
    /// An exec'd argv (container `command`, probe, hook): no `$` expansion.
    pub literal: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    Simple(Simple),
    /// `a && b`: `b` runs only when `a` succeeded.
    And(Box<Stmt>, Box<Stmt>),
    /// `a || b`: `b` runs only when `a` failed.
    Or(Box<Stmt>, Box<Stmt>),
    /// `while <cond>; do <body>; done` (`cond` re-evaluated each time).
    While(Arc<Vec<Stmt>>, Arc<Vec<Stmt>>),
    /// `for <var> in <words>; do <body>; done`.
    For(String, Vec<String>, Arc<Vec<Stmt>>),
    /// `if <cond>; then <a>; [else <b>;] fi`.
    If(Arc<Vec<Stmt>>, Arc<Vec<Stmt>>, Arc<Vec<Stmt>>),
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Semi,
    Amp,
    AndIf,
    OrIf,
    Great,
    DGreat,
    /// A redirect of another descriptor (`2> f`, `2>> f`): the target word follows.
    FdGreat,
    /// A descriptor duplication (`>&2`, `2>&1`): the container log holds both streams.
    Dup,
}

/// Splits a script into words and operators, honouring '…', "…" and backslashes.
fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = src.chars().peekable();
    let flush = |cur: &mut String, in_word: &mut bool, out: &mut Vec<Tok>| {
        if *in_word {
            out.push(Tok::Word(std::mem::take(cur)));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => return Err("unterminated quoted string".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x) if matches!(x, '"' | '\\' | '$' | '`') => cur.push(x),
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                            None => return Err("unterminated quoted string".into()),
                        },
                        Some(x) => cur.push(x),
                        None => return Err("unterminated quoted string".into()),
                    }
                }
            }
            '\\' => {
                if let Some(x) = chars.next() {
                    if x != '\n' {
                        in_word = true;
                        cur.push(x);
                    }
                }
            }
            '#' if !in_word => {
                for x in chars.by_ref() {
                    if x == '\n' {
                        break;
                    }
                }
                out.push(Tok::Semi);
            }
            ' ' | '\t' => flush(&mut cur, &mut in_word, &mut out),
            ';' | '\n' => {
                flush(&mut cur, &mut in_word, &mut out);
                out.push(Tok::Semi);
            }
            '&' => {
                flush(&mut cur, &mut in_word, &mut out);
                if chars.peek() == Some(&'&') {
                    chars.next();
                    out.push(Tok::AndIf);
                } else {
                    out.push(Tok::Amp);
                }
            }
            '|' if chars.peek() == Some(&'|') => {
                chars.next();
                flush(&mut cur, &mut in_word, &mut out);
                out.push(Tok::OrIf);
            }
            '>' => {
                // `1>` / `2>`: a descriptor number right before the operator.
                let fd = (in_word && (cur == "1" || cur == "2")).then(|| cur.clone());
                if fd.is_some() {
                    cur.clear();
                    in_word = false;
                }
                flush(&mut cur, &mut in_word, &mut out);
                let append = chars.peek() == Some(&'>');
                if append {
                    chars.next();
                }
                if chars.peek() == Some(&'&') {
                    chars.next();
                    while chars
                        .peek()
                        .is_some_and(|x| x.is_ascii_digit() || *x == '-')
                    {
                        chars.next();
                    }
                    out.push(Tok::Dup);
                } else if fd.as_deref() == Some("2") {
                    out.push(Tok::FdGreat);
                } else if append {
                    out.push(Tok::DGreat);
                } else {
                    out.push(Tok::Great);
                }
            }
            _ => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    flush(&mut cur, &mut in_word, &mut out);
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }
    fn skip_semis(&mut self) {
        while self.peek() == Some(&Tok::Semi) {
            self.pos += 1;
        }
    }
    fn expect_word(&mut self, w: &str) -> Result<(), String> {
        self.skip_semis();
        if self.peek_word() == Some(w) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("syntax error: expected \"{w}\""))
        }
    }

    /// Statements until one of `stops` (a reserved word) or the end.
    fn list(&mut self, stops: &[&str]) -> Result<Vec<Stmt>, String> {
        let mut out = Vec::new();
        loop {
            self.skip_semis();
            match self.peek_word() {
                None if self.peek().is_none() => return Ok(out),
                Some(w) if stops.contains(&w) => return Ok(out),
                _ => {}
            }
            out.push(self.and_or()?);
        }
    }

    fn and_or(&mut self) -> Result<Stmt, String> {
        let mut left = self.command()?;
        loop {
            match self.peek() {
                Some(Tok::AndIf) => {
                    self.pos += 1;
                    let right = self.command()?;
                    left = Stmt::And(Box::new(left), Box::new(right));
                }
                Some(Tok::OrIf) => {
                    self.pos += 1;
                    let right = self.command()?;
                    left = Stmt::Or(Box::new(left), Box::new(right));
                }
                _ => return Ok(left),
            }
        }
    }

    fn command(&mut self) -> Result<Stmt, String> {
        self.skip_semis();
        match self.peek_word() {
            Some("while") | Some("until") => {
                self.pos += 1;
                let cond = self.list(&["do"])?;
                self.expect_word("do")?;
                let body = self.list(&["done"])?;
                self.expect_word("done")?;
                Ok(Stmt::While(Arc::new(cond), Arc::new(body)))
            }
            Some("for") => {
                self.pos += 1;
                let var = self.peek_word().unwrap_or_default().to_string();
                self.pos += 1;
                let mut words = Vec::new();
                if self.peek_word() == Some("in") {
                    self.pos += 1;
                    while let Some(w) = self.peek_word() {
                        words.push(w.to_string());
                        self.pos += 1;
                    }
                }
                self.expect_word("do")?;
                let body = self.list(&["done"])?;
                self.expect_word("done")?;
                Ok(Stmt::For(var, words, Arc::new(body)))
            }
            Some("if") => {
                self.pos += 1;
                let cond = self.list(&["then"])?;
                self.expect_word("then")?;
                let yes = self.list(&["else", "fi"])?;
                let mut no = Vec::new();
                if self.peek_word() == Some("else") {
                    self.pos += 1;
                    no = self.list(&["fi"])?;
                }
                self.expect_word("fi")?;
                Ok(Stmt::If(Arc::new(cond), Arc::new(yes), Arc::new(no)))
            }
            _ => self.simple(),
        }
    }

    fn simple(&mut self) -> Result<Stmt, String> {
        let mut s = Simple {
            argv: Vec::new(),
            redirect: None,
            background: false,
            literal: false,
        };
        loop {
            match self.peek().cloned() {
                Some(Tok::Word(w)) => {
                    s.argv.push(w);
                    self.pos += 1;
                }
                Some(Tok::Great) | Some(Tok::DGreat) => {
                    let append = self.peek() == Some(&Tok::DGreat);
                    self.pos += 1;
                    let Some(target) = self.peek_word().map(str::to_string) else {
                        return Err("syntax error: unexpected redirection".into());
                    };
                    self.pos += 1;
                    s.redirect = Some((target, append));
                }
                Some(Tok::FdGreat) => {
                    // Commands here write only to stdout, so a stderr target stays empty.
                    self.pos += 1;
                    if self.peek_word().is_none() {
                        return Err("syntax error: unexpected redirection".into());
                    }
                    self.pos += 1;
                }
                Some(Tok::Dup) => self.pos += 1,
                Some(Tok::Amp) => {
                    self.pos += 1;
                    s.background = true;
                    break;
                }
                _ => break,
            }
        }
        if s.argv.is_empty() {
            return Err("syntax error: unexpected token".into());
        }
        Ok(Stmt::Simple(s))
    }
}

/// Parses a shell script (the argument of `sh -c`).
pub fn parse(script: &str) -> Result<Vec<Stmt>, String> {
    let mut p = Parser {
        toks: lex(script)?,
        pos: 0,
    };
    let out = p.list(&[])?;
    if p.pos < p.toks.len() {
        return Err(format!("syntax error: unexpected {:?}", p.toks[p.pos]));
    }
    Ok(out)
}

/// A plain argv (no shell): one simple command.
pub fn from_argv(argv: &[String]) -> Vec<Stmt> {
    vec![Stmt::Simple(Simple {
        argv: argv.to_vec(),
        redirect: None,
        background: false,
        literal: true,
    })]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_reader_scripts() {
        let s = parse("echo \"hello world\"; sleep 5 && exit 3").expect("parses");
        assert_eq!(s.len(), 2);
        let s = parse("trap 'echo bye; exit 0' TERM; while true; do echo tick; sleep 1; done")
            .expect("parses");
        assert!(matches!(&s[1], Stmt::While(..)));
        let s = parse("touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600").expect("ok");
        assert_eq!(s.len(), 4);
        let s = parse("sleep 600 & wait").expect("ok");
        assert!(matches!(&s[0], Stmt::Simple(x) if x.background));
        let s = parse("for i in 1 2 3; do echo $i; done").expect("ok");
        assert!(matches!(&s[0], Stmt::For(v, w, _) if v == "i" && w.len() == 3));
        assert!(parse("echo 'oops").is_err());
    }

    #[test]
    fn descriptor_redirects() {
        let s = parse("echo failed >&2; exit 2").expect("parses");
        assert!(
            matches!(&s[0], Stmt::Simple(x) if x.argv == ["echo", "failed"] && x.redirect.is_none())
        );
        let s = parse("echo hi 2>/dev/null 1>>/tmp/log").expect("parses");
        assert!(matches!(&s[0], Stmt::Simple(x)
            if x.argv == ["echo", "hi"] && x.redirect == Some(("/tmp/log".into(), true))));
        let s = parse("cat /tmp/x 2>&1").expect("parses");
        assert!(matches!(&s[0], Stmt::Simple(x) if x.argv == ["cat", "/tmp/x"]));
        assert!(parse("echo 2>").is_err());
    }
}
