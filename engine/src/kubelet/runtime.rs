//! Simulated container processes (documented in docs/simulation.md).
//!
//! A container runs a [`Process`]: either an image's server (nginx, httpd, hello-server,
//! liveness) or a command interpreted by a tiny shell ([`super::shell`]). Processes live in
//! virtual time: [`Process::run_until`] executes everything due, [`Process::next_wake`] says
//! when something happens next. Signals follow Linux: PID 1 ignores a signal it has no
//! handler for, so a shell or `sleep` as PID 1 ignores SIGTERM unless it `trap`s it, and
//! is SIGKILLed (exit 137) when the grace period ends. A shell runs a trap only after its
//! foreground command (`sleep 600`) returns; `sleep 600 & wait` is interrupted at once.

use super::images::{self, Program};
use super::shell::{self, Simple, Stmt};
use crate::time::{Duration, Time};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How fast simulated processes allocate memory: 1 MiB per millisecond (about 1 GiB/s).
pub const ALLOC_BYTES_PER_MS: u64 = 1 << 20;
/// Statements a shell may run at one instant before it is treated as a busy loop that
/// takes one second per pass (keeps `while true; do echo; done` finite).
const BUSY_LIMIT: u32 = 1_000;
/// How long a catalog server takes to exit after SIGTERM/SIGQUIT.
pub const SERVER_SHUTDOWN: Duration = Duration::from_millis(100);
/// Log lines kept per container (the kubelet rotates container logs).
const LOG_LINES: usize = 10_000;

/// The message containerd gives when `command[0]` cannot be executed.
pub fn start_error_message(bin: &str) -> String {
    format!(
        "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"{bin}\": executable file not found in $PATH: unknown"
    )
}

/// The container's main process as a hook sees it: its server, and when it was signalled.
#[derive(Clone, Copy, Debug)]
struct Peer {
    program: Option<Program>,
    signalled: Option<Time>,
}

impl Peer {
    /// Whether it still runs at `at` (a signalled server exits after draining; a shell as
    /// PID 1 ignores the signal).
    fn alive(&self, at: Time) -> bool {
        self.program.is_none() || self.signalled.is_none_or(|t| at < t + SERVER_SHUTDOWN)
    }

    fn binary(&self) -> &'static str {
        match self.program {
            Some(Program::Nginx) => "nginx",
            Some(Program::Httpd) => "httpd",
            Some(Program::HelloServer) => "hello-server",
            Some(Program::Liveness) => "server",
            None => "sh",
        }
    }
}

/// How a lifecycle hook run ended.
#[derive(Clone, Debug)]
pub struct HookRun {
    pub end: Time,
    pub code: i32,
    pub output: String,
}

/// How a process ended, as the runtime reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct Exit {
    pub code: i32,
    /// `Completed`, `Error`, `OOMKilled` or `StartError`.
    pub reason: String,
    pub message: String,
    pub at: Time,
}

impl Exit {
    fn new(code: i32, at: Time) -> Exit {
        let reason = if code == 0 { "Completed" } else { "Error" };
        Exit {
            code,
            reason: reason.into(),
            message: String::new(),
            at,
        }
    }
}

/// What the process is blocked on.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Block {
    Ready,
    /// A foreground child (`sleep N`) until the given time; `None` = forever.
    Child(Option<Time>),
    /// `wait` or a server's event loop: a trapped signal interrupts it.
    Wait(Option<Time>),
}

#[derive(Clone, Debug)]
enum FrameKind {
    Seq,
    AndThen(Box<Stmt>),
    OrElse(Box<Stmt>),
    WhileCond(Arc<Vec<Stmt>>, Arc<Vec<Stmt>>),
    WhileBody(Arc<Vec<Stmt>>, Arc<Vec<Stmt>>),
    For(String, Vec<String>, usize, Arc<Vec<Stmt>>),
    If(Arc<Vec<Stmt>>, Arc<Vec<Stmt>>),
}

#[derive(Clone, Debug)]
struct Frame {
    body: Arc<Vec<Stmt>>,
    pc: usize,
    kind: FrameKind,
}

/// One simulated container process.
#[derive(Clone, Debug)]
pub struct Process {
    /// In a hook run by the kubelet (`exec` in the container): the container's main
    /// process, which `nginx -s quit`, `kill 1` or `killall` can signal.
    peer: Option<Peer>,
    clock: Time,
    frames: Vec<Frame>,
    block: Block,
    status: i32,
    busy: u32,
    /// A `trap … TERM` action (`None`: default, which PID 1 ignores).
    trap_term: Option<Arc<Vec<Stmt>>>,
    trap_pending: bool,
    /// When background children (`sleep N &`) end; `Some(None)` = never.
    background: Option<Option<Time>>,
    pub server: Option<Program>,
    server_since: Time,
    vars: Vars,
    pub files: BTreeMap<String, String>,
    pub memory: u64,
    memory_limit: u64,
    /// Log lines; an image's fixed lines are not copied.
    pub logs: Vec<(Time, LogLine)>,
    pub exit: Option<Exit>,
    /// An end already decided (an OOM kill) that happens when the current block ends.
    doom: Option<Exit>,
}

/// A process's environment, sorted by name as `env` lists it: a short sorted list (a
/// container has a few variables; a BTreeMap's first node alone takes 540 bytes, kept
/// for the container's whole life). Inserts, not a sort: no copy of std's sort (issue #9).
#[derive(Clone, Debug, Default)]
struct Vars(Vec<(String, String)>);

impl Vars {
    /// Sets `name` (replacing its value if set).
    fn insert(&mut self, name: String, value: String) {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(&name)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (name, value)),
        }
    }

    fn get(&self, name: &str) -> Option<&String> {
        let i = self
            .0
            .binary_search_by(|(k, _)| k.as_str().cmp(name))
            .ok()?;
        self.0.get(i).map(|(_, v)| v)
    }
}

thread_local! {
    /// The programs of the argvs started last, shared: every container of a Deployment
    /// runs the same one, and parsing it anew cost each start half a dozen allocations
    /// and each container its own copy. A pure function of the argv: no output changes.
    static PROGRAMS: RefCell<Vec<Parsed>> = const { RefCell::new(Vec::new()) };
}

/// An argv and its parsed program.
type Parsed = (Vec<String>, Arc<Vec<Stmt>>);

/// How many argvs [`PROGRAMS`] keeps (a script may start any number of them).
const PROGRAMS_MAX: usize = 16;

/// The program a container runs for `argv` (`shell::from_argv`).
fn program(argv: &[&str]) -> Arc<Vec<Stmt>> {
    PROGRAMS.with(|memo| {
        let mut memo = memo.borrow_mut();
        let same = |k: &[String]| k.len() == argv.len() && k.iter().zip(argv).all(|(a, b)| a == b);
        if let Some((_, p)) = memo.iter().find(|(k, _)| same(k)) {
            return Arc::clone(p);
        }
        let owned: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
        let p = Arc::new(shell::from_argv(&owned));
        if memo.len() >= PROGRAMS_MAX {
            memo.remove(0);
        }
        memo.push((owned, Arc::clone(&p)));
        p
    })
}

/// One line of a container's log.
pub type LogLine = Cow<'static, str>;

/// What a container needs to start: its argv (command + args, or the image's default)
/// and environment.
pub struct Launch<'a> {
    pub image: &'a str,
    pub command: &'a [String],
    pub args: &'a [String],
    pub env: Vec<(String, String)>,
    /// `resources.limits.memory`, else the node's memory, in bytes.
    pub memory_limit: u64,
}

impl Process {
    /// Starts a process at `at`. A `command[0]` that is not an executable fails at once with
    /// `StartError` (exit 128), as containerd reports it.
    pub fn start(l: Launch, at: Time) -> Process {
        let mut p = Process {
            clock: at,
            frames: Vec::new(),
            block: Block::Ready,
            status: 0,
            busy: 0,
            trap_term: None,
            trap_pending: false,
            background: None,
            server: None,
            server_since: at,
            vars: Vars(Vec::with_capacity(l.env.len())),
            files: BTreeMap::new(),
            memory: 0,
            memory_limit: l.memory_limit,
            logs: Vec::new(),
            exit: None,
            doom: None,
            peer: None,
        };
        for (k, v) in l.env {
            p.vars.insert(k, v);
        }
        let argv: Vec<&str> = if !l.command.is_empty() {
            l.command.iter().chain(l.args).map(String::as_str).collect()
        } else if !l.args.is_empty() {
            let args = l.args.iter().map(String::as_str);
            images::entrypoint(l.image)
                .iter()
                .copied()
                .chain(args)
                .collect()
        } else {
            images::default_argv(l.image).to_vec()
        };
        let Some(&bin) = argv.first() else {
            p.exit = Some(Exit::new(0, at));
            return p;
        };
        if !is_executable(bin) {
            p.exit = Some(Exit {
                code: 128,
                reason: "StartError".into(),
                message: start_error_message(bin),
                at,
            });
            return p;
        }
        p.push(program(&argv), FrameKind::Seq);
        p.run_until(at);
        p
    }

    fn push(&mut self, body: Arc<Vec<Stmt>>, kind: FrameKind) {
        // A server or a `sleep` runs in one frame for the container's life: room for one
        // at first, not four.
        if self.frames.capacity() == 0 {
            self.frames.reserve_exact(1);
        }
        self.frames.push(Frame { body, pc: 0, kind });
    }

    /// The next instant at which something happens on its own (None: nothing, or exited).
    pub fn next_wake(&self) -> Option<Time> {
        if self.exit.is_some() {
            return None;
        }
        match self.block {
            Block::Ready => Some(self.clock),
            Block::Child(t) | Block::Wait(t) => t,
        }
    }

    pub fn running(&self) -> bool {
        self.exit.is_none()
    }

    /// Runs everything due up to `until`.
    pub fn run_until(&mut self, until: Time) {
        while self.exit.is_none() {
            match self.block {
                Block::Child(Some(t)) | Block::Wait(Some(t)) if t <= until => {
                    self.clock = self.clock.max(t);
                    self.block = Block::Ready;
                    if let Some(end) = self.doom.take() {
                        self.exit = Some(end);
                        return;
                    }
                    if self.trap_pending {
                        self.run_trap();
                    }
                }
                Block::Ready if self.clock <= until => self.step(),
                _ => return,
            }
        }
    }

    /// SIGTERM at `at` (the image's STOPSIGNAL for servers).
    pub fn term(&mut self, at: Time) {
        self.run_until(at);
        if self.exit.is_some() {
            return;
        }
        self.clock = self.clock.max(at);
        if self.doom.is_some() {
            return;
        }
        if let Some(server) = self.server {
            let code = server.exit_code_on_term();
            if let Some(line) = server.shutdown_log(at) {
                self.log(line);
            }
            // An idle server drains and exits shortly after the signal.
            let done = at + SERVER_SHUTDOWN;
            self.doom = Some(Exit::new(code, done));
            self.block = Block::Wait(Some(done));
            return;
        }
        if self.trap_term.is_none() {
            return; // PID 1 without a handler: the signal is ignored.
        }
        match self.block {
            Block::Child(_) => self.trap_pending = true,
            _ => self.run_trap(),
        }
    }

    /// SIGKILL at `at`: exit 137.
    pub fn kill(&mut self, at: Time) {
        self.run_until(at);
        if self.exit.is_none() {
            self.exit = Some(Exit::new(137, at));
        }
    }

    fn run_trap(&mut self) {
        self.trap_pending = false;
        if let Some(body) = self.trap_term.clone() {
            self.block = Block::Ready;
            self.push(body, FrameKind::Seq);
            self.run_until(self.clock);
        }
    }

    fn log(&mut self, line: impl Into<LogLine>) {
        self.logs.push((self.clock, line.into()));
        if self.logs.len() > LOG_LINES {
            let cut = self.logs.len() - LOG_LINES;
            self.logs.drain(..cut);
        }
    }

    /// Executes one statement (or finishes one frame).
    fn step(&mut self) {
        self.busy += 1;
        if self.busy > BUSY_LIMIT {
            self.busy = 0;
            self.block = Block::Child(Some(self.clock + Duration::from_secs(1)));
            return;
        }
        let Some(frame) = self.frames.last_mut() else {
            self.exit = Some(Exit::new(self.status, self.clock));
            return;
        };
        // The body is shared, not the statement copied.
        let (body, pc) = (Arc::clone(&frame.body), frame.pc);
        if let Some(stmt) = body.get(pc) {
            frame.pc += 1;
            self.exec_stmt(stmt);
            return;
        }
        let Some(done) = self.frames.pop() else {
            return;
        };
        self.finish(done.kind);
    }

    fn finish(&mut self, kind: FrameKind) {
        match kind {
            FrameKind::Seq => {}
            FrameKind::AndThen(next) => {
                if self.status == 0 {
                    self.push(Arc::new(vec![*next]), FrameKind::Seq);
                }
            }
            FrameKind::OrElse(next) => {
                if self.status != 0 {
                    self.push(Arc::new(vec![*next]), FrameKind::Seq);
                }
            }
            FrameKind::WhileCond(cond, body) => {
                if self.status == 0 {
                    self.push(body.clone(), FrameKind::WhileBody(cond, body));
                } else {
                    self.status = 0;
                }
            }
            FrameKind::WhileBody(cond, body) => {
                self.push(cond.clone(), FrameKind::WhileCond(cond, body));
            }
            FrameKind::For(var, words, i, body) => {
                if let Some(w) = words.get(i) {
                    self.vars.insert(var.clone(), w.clone());
                    self.push(body.clone(), FrameKind::For(var, words, i + 1, body));
                }
            }
            FrameKind::If(yes, no) => {
                let branch = if self.status == 0 { yes } else { no };
                self.status = 0;
                self.push(branch, FrameKind::Seq);
            }
        }
    }

    fn exec_stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Simple(s) => self.simple(s),
            Stmt::And(a, b) => {
                self.push(Arc::new(vec![(**a).clone()]), FrameKind::AndThen(b.clone()))
            }
            Stmt::Or(a, b) => {
                self.push(Arc::new(vec![(**a).clone()]), FrameKind::OrElse(b.clone()))
            }
            Stmt::While(cond, body) => self.push(
                cond.clone(),
                FrameKind::WhileCond(cond.clone(), body.clone()),
            ),
            Stmt::For(var, words, body) => {
                let words: Vec<String> = words.iter().map(|w| self.expand(w)).collect();
                self.finish(FrameKind::For(var.clone(), words, 0, body.clone()));
            }
            Stmt::If(cond, yes, no) => {
                self.push(cond.clone(), FrameKind::If(yes.clone(), no.clone()))
            }
        }
    }

    /// `$VAR`, `${VAR}` and `$?` expansion.
    fn expand(&self, word: &str) -> String {
        let mut out = String::new();
        let mut chars = word.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '$' {
                out.push(c);
                continue;
            }
            let mut name = String::new();
            if chars.peek() == Some(&'?') {
                chars.next();
                out.push_str(&self.status.to_string());
                continue;
            }
            if chars.peek() == Some(&'{') {
                chars.next();
                for x in chars.by_ref() {
                    if x == '}' {
                        break;
                    }
                    name.push(x);
                }
            } else {
                while let Some(&x) = chars.peek() {
                    if x.is_ascii_alphanumeric() || x == '_' {
                        name.push(x);
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            if name.is_empty() {
                out.push('$');
            } else if let Some(v) = self.vars.get(&name) {
                out.push_str(v);
            }
        }
        out
    }

    /// Writes command output to the log, or to the redirect target.
    fn output(&mut self, text: &str, redirect: &Option<(String, bool)>) {
        match redirect {
            Some((path, append)) => {
                let path = self.expand(path);
                if path == "/dev/null" {
                    return;
                }
                let f = self.files.entry(path).or_default();
                if !*append {
                    f.clear();
                }
                f.push_str(text);
                f.push('\n');
            }
            None => {
                for line in text.split('\n') {
                    self.log(line.to_string());
                }
            }
        }
    }

    fn simple(&mut self, s: &Simple) {
        // An exec'd argv is used as it is (the statement outlives this call).
        let argv: Cow<[String]> = if s.literal {
            Cow::Borrowed(&s.argv)
        } else {
            Cow::Owned(s.argv.iter().map(|w| self.expand(w)).collect())
        };
        let Some(cmd) = argv.first() else { return };
        let name = cmd.rsplit('/').next().unwrap_or(cmd);
        let args = &argv[1..];
        let at = self.clock;
        self.status = 0;
        match name {
            "sleep" => self.sleep(args, s.background),
            "wait" => {
                if let Some(until) = self.background.take() {
                    if until.is_none_or(|t| t > at) {
                        self.block = Block::Wait(until);
                    }
                }
            }
            "echo" => {
                let (newline, words) = match args.first().map(String::as_str) {
                    Some("-n") => (false, &args[1..]),
                    _ => (true, args),
                };
                let text = words.join(" ");
                if newline || !text.is_empty() {
                    self.output(&text, &s.redirect);
                }
            }
            "exit" => {
                let code = args
                    .first()
                    .and_then(|a| a.parse::<i64>().ok())
                    .map_or(self.status, |c| c.rem_euclid(256) as i32);
                self.exit = Some(Exit::new(code, at));
            }
            "true" | ":" => {}
            "false" => self.status = 1,
            "trap" => self.trap(args),
            "touch" => {
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    self.files.entry(f.clone()).or_default();
                }
            }
            "rm" => {
                let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    if self.files.remove(f).is_none() && !force {
                        self.log(format!("rm: can't remove '{f}': No such file or directory"));
                        self.status = 1;
                    }
                }
            }
            "cat" => {
                let (code, out) = cat(&self.files, args);
                self.status = code;
                if !out.is_empty() {
                    self.output(out.trim_end_matches('\n'), &s.redirect);
                }
            }
            "date" => {
                let d = busybox_date(at);
                self.output(&d, &s.redirect);
            }
            "hostname" => {
                let h = self.vars.get("HOSTNAME").cloned().unwrap_or_default();
                self.output(&h, &s.redirect);
            }
            "env" | "printenv" => {
                let lines: Vec<String> = self
                    .vars
                    .0
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                self.output(&lines.join("\n"), &s.redirect);
            }
            "nginx" | "kill" | "killall" | "pgrep" if self.peer.is_some() => {
                self.signal_peer(name, args);
            }
            "sh" | "bash" | "ash" => self.shell(args),
            "stress" => self.stress(args),
            "tail" => self.tail(args),
            _ => match images::server_for(name, args) {
                Some(server) => self.serve(server),
                None => {
                    self.log(format!("sh: {name}: not found"));
                    self.status = 127;
                }
            },
        }
    }

    fn sleep(&mut self, args: &[String], background: bool) {
        let until = match args.first().map(|a| parse_sleep(a)) {
            Some(Ok(d)) => d.map(|d| self.clock + d),
            Some(Err(bad)) => {
                self.log(format!("sleep: invalid number '{bad}'"));
                self.status = 1;
                return;
            }
            None => {
                self.log("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.");
                self.status = 1;
                return;
            }
        };
        if background {
            let prev = self.background.unwrap_or(Some(self.clock));
            self.background = Some(match (prev, until) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            });
        } else {
            self.block = Block::Child(until);
        }
    }

    /// A hook's `nginx -s quit|stop`, `kill [-SIG] 1`, `killall [-SIG] NAME` (`-0`: is it
    /// running?) or `pgrep NAME`, aimed at the container's main process.
    fn signal_peer(&mut self, name: &str, args: &[String]) {
        let Some(mut peer) = self.peer else { return };
        let at = self.clock;
        let alive = peer.alive(at);
        let probe = args.iter().any(|a| a == "-0") || name == "pgrep";
        let target = args
            .iter()
            .rfind(|a| !a.starts_with('-'))
            .map(String::as_str);
        let aimed = match name {
            "nginx" => peer.program == Some(Program::Nginx) && args.iter().any(|a| a == "-s"),
            "kill" => target == Some("1"),
            _ => target == Some(peer.binary()),
        };
        let quits = name != "nginx" || matches!(target, Some("quit" | "stop"));
        if !aimed || !alive {
            if name == "killall" {
                let t = target.unwrap_or("");
                self.log(format!("killall: {t}: no process killed"));
            }
            self.status = 1;
            return;
        }
        if !probe && quits && peer.program.is_some() {
            peer.signalled.get_or_insert(at);
            self.peer = Some(peer);
        }
    }

    fn trap(&mut self, args: &[String]) {
        let Some((action, sigs)) = args.split_first() else {
            return;
        };
        let term = sigs
            .iter()
            .any(|s| matches!(s.as_str(), "TERM" | "SIGTERM" | "15" | "EXIT"));
        if !term {
            return;
        }
        self.trap_term = match action.as_str() {
            "-" | "" => None,
            script => shell::parse(script).ok().map(Arc::new),
        };
    }

    fn shell(&mut self, args: &[String]) {
        let Some(i) = args.iter().position(|a| a == "-c") else {
            return; // No script and no terminal: the shell reads EOF and exits 0.
        };
        let Some(script) = args.get(i + 1) else {
            self.log("sh: -c requires an argument");
            self.status = 2;
            return;
        };
        match shell::parse(script) {
            Ok(stmts) => self.push(Arc::new(stmts), FrameKind::Seq),
            Err(e) => {
                self.log(format!("sh: {e}"));
                self.exit = Some(Exit::new(2, self.clock));
            }
        }
    }

    /// `stress --vm N --vm-bytes SIZE [--timeout Ns]`: allocates N × SIZE and holds it.
    fn stress(&mut self, args: &[String]) {
        let mut workers = 0u64;
        let mut bytes = 256u64 << 20;
        let mut timeout = None;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let v = it.clone().next().cloned().unwrap_or_default();
            match a.as_str() {
                "--vm" | "-m" => workers = v.parse().unwrap_or(1),
                "--vm-bytes" => bytes = parse_stress_bytes(&v).unwrap_or(bytes),
                "--timeout" | "-t" => timeout = parse_sleep(&v).ok().flatten(),
                _ => continue,
            }
            it.next();
        }
        if workers == 0 {
            self.log("`stress' imposes certain types of compute stress on your system");
            self.exit = Some(Exit::new(1, self.clock));
            return;
        }
        self.log(format!(
            "stress: info: [1] dispatching hogs: 0 cpu, 0 io, {workers} vm, 0 hdd"
        ));
        self.allocate(workers.saturating_mul(bytes), timeout);
    }

    /// `tail -f /dev/null` sleeps forever; `tail /dev/zero` allocates until killed.
    fn tail(&mut self, args: &[String]) {
        if args.iter().any(|a| a == "/dev/zero") {
            self.allocate(u64::MAX, None);
        } else if args.iter().any(|a| a == "-f" || a == "-F") {
            self.block = Block::Child(None);
        } else {
            let (code, out) = cat(&self.files, args);
            self.status = code;
            if !out.is_empty() {
                self.log(out.trim_end_matches('\n').to_string());
            }
        }
    }

    /// Grows memory at [`ALLOC_BYTES_PER_MS`]; crossing the limit is an OOM kill (137).
    fn allocate(&mut self, bytes: u64, hold: Option<Duration>) {
        let want = self.memory.saturating_add(bytes);
        if want > self.memory_limit {
            let room = self.memory_limit.saturating_sub(self.memory);
            let ms = (room / ALLOC_BYTES_PER_MS) as i64 + 1;
            let at = self.clock + Duration::from_millis(ms);
            self.memory = self.memory_limit;
            self.doom = Some(Exit {
                code: 137,
                reason: "OOMKilled".into(),
                message: String::new(),
                at,
            });
            self.block = Block::Child(Some(at));
            return;
        }
        let ms = (bytes / ALLOC_BYTES_PER_MS) as i64;
        self.memory = want;
        let done = self.clock + Duration::from_millis(ms);
        self.block = Block::Child(hold.map(|h| done + h));
    }

    fn serve(&mut self, server: Program) {
        self.server = Some(server);
        self.server_since = self.clock;
        let lines = server.startup_log(self.clock);
        if self.logs.is_empty() && lines.len() <= LOG_LINES {
            // The log starts with them (sized exactly: no copy).
            self.logs = lines;
        } else {
            self.logs.reserve(lines.len());
            for (_, line) in lines {
                self.log(line);
            }
        }
        self.block = Block::Wait(None);
    }

    /// Answers an HTTP GET on `port`: the status code, or `None` when nothing listens.
    pub fn http_get(&self, port: i32, path: &str, now: Time) -> Option<u16> {
        match self.server {
            Some(s) if self.exit.is_none() && s.port() == port => {
                Some(s.respond(path, now - self.server_since))
            }
            _ => None,
        }
    }

    /// Whether a TCP connection to `port` is accepted.
    pub fn tcp_open(&self, port: i32) -> bool {
        self.exit.is_none() && self.server.is_some_and(|s| s.port() == port)
    }

    /// When a `preStop` exec hook running `argv` at `now` returns, at most `limit` later,
    /// and when it signalled the container's main process (`nginx -s quit`, `kill 1`).
    pub fn hook_end(&self, argv: &[String], now: Time, limit: Duration) -> (Time, Option<Time>) {
        let mut p = self.child(now);
        p.peer = Some(Peer {
            program: self.server,
            signalled: None,
        });
        p.push(Arc::new(shell::from_argv(argv)), FrameKind::Seq);
        p.run_until(now + limit);
        let end = p.exit.map_or(now + limit, |e| e.at.min(now + limit));
        (end, p.peer.and_then(|x| x.signalled))
    }

    /// Runs a `postStart` exec hook in the container: when it returns (at most `limit`
    /// later), its exit code and output. Files it writes stay in the container.
    pub fn run_hook(&mut self, argv: &[String], now: Time, limit: Duration) -> HookRun {
        let mut p = self.child(now);
        p.push(Arc::new(shell::from_argv(argv)), FrameKind::Seq);
        p.run_until(now + limit);
        self.files = p.files.clone();
        let output: Vec<&str> = p.logs.iter().map(|(_, l)| l.as_ref()).collect();
        match p.exit {
            Some(e) => HookRun {
                end: e.at.min(now + limit),
                code: e.code,
                output: output.join("\n"),
            },
            None => HookRun {
                end: now + limit,
                code: 0,
                output: String::new(),
            },
        }
    }

    /// A fresh process sharing this container's files and environment (`exec`).
    fn child(&self, now: Time) -> Process {
        Process {
            clock: now,
            frames: Vec::new(),
            block: Block::Ready,
            status: 0,
            busy: 0,
            trap_term: None,
            trap_pending: false,
            background: None,
            server: None,
            server_since: now,
            vars: self.vars.clone(),
            files: self.files.clone(),
            memory: 0,
            memory_limit: u64::MAX,
            logs: Vec::new(),
            exit: None,
            doom: None,
            peer: None,
        }
    }

    /// Marks the process as gone with the node (power loss): exit 255, reason `Unknown`.
    pub fn lost(&mut self, at: Time) {
        if self.exit.is_none() {
            self.exit = Some(Exit {
                code: 255,
                reason: "Unknown".into(),
                message: String::new(),
                at,
            });
        }
    }

    /// Runs `argv` inside the container (an exec probe): its exit code and output. The
    /// command runs against this container's files; `sleep` longer than `timeout` times out.
    pub fn exec(
        &self,
        argv: &[String],
        now: Time,
        timeout: Duration,
    ) -> Result<(i32, String), String> {
        let Some(bin) = argv.first() else {
            return Err(start_error_message(""));
        };
        if !is_executable(bin) {
            return Err(format!(
                "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{bin}\": executable file not found in $PATH: unknown"
            ));
        }
        let mut p = self.child(now);
        p.push(Arc::new(shell::from_argv(argv)), FrameKind::Seq);
        p.run_until(now + timeout);
        let out: Vec<&str> = p.logs.iter().map(|(_, l)| l.as_ref()).collect();
        match p.exit {
            Some(e) => Ok((e.code, out.join("\n"))),
            None if p.server.is_some() => Ok((0, out.join("\n"))),
            None => Ok((-1, "command timed out".into())),
        }
    }
}

/// Whether `bin` can be exec'd as a container's (or an exec probe's) first word: the
/// busybox/debian tools and the catalog's servers, not shell keywords or builtins.
fn is_executable(bin: &str) -> bool {
    let name = bin.rsplit('/').next().unwrap_or(bin);
    matches!(
        name,
        "sleep"
            | "echo"
            | "true"
            | "false"
            | "touch"
            | "rm"
            | "cat"
            | "date"
            | "hostname"
            | "env"
            | "printenv"
            | "sh"
            | "bash"
            | "ash"
            | "stress"
            | "tail"
    ) || images::is_server_binary(name)
}

fn cat(files: &BTreeMap<String, String>, args: &[String]) -> (i32, String) {
    let mut out = String::new();
    let mut code = 0;
    for f in args.iter().filter(|a| !a.starts_with('-')) {
        match files.get(f) {
            Some(c) => out.push_str(c),
            None => {
                out.push_str(&format!(
                    "cat: can't open '{f}': No such file or directory\n"
                ));
                code = 1;
            }
        }
    }
    (code, out)
}

/// `sleep` arguments: `5`, `0.5`, `2m`, `1h`, `infinity` (`Ok(None)`).
fn parse_sleep(a: &str) -> Result<Option<Duration>, String> {
    if a == "infinity" || a == "inf" {
        return Ok(None);
    }
    let (num, mult) = match a.chars().last() {
        Some('s') => (&a[..a.len() - 1], 1_000.0),
        Some('m') => (&a[..a.len() - 1], 60_000.0),
        Some('h') => (&a[..a.len() - 1], 3_600_000.0),
        Some('d') => (&a[..a.len() - 1], 86_400_000.0),
        _ => (a, 1_000.0),
    };
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(Duration::from_millis((v * mult) as i64))),
        _ => Err(a.to_string()),
    }
}

/// `stress --vm-bytes`: `150M`, `1G`, `512K`, plain bytes (powers of 1024).
fn parse_stress_bytes(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()? {
        'b' | 'B' => (&s[..s.len() - 1], 1),
        'k' | 'K' => (&s[..s.len() - 1], 1 << 10),
        'm' | 'M' => (&s[..s.len() - 1], 1 << 20),
        'g' | 'G' => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().ok().map(|n| n.saturating_mul(mult))
}

/// busybox `date`: `Wed Jan  1 00:00:05 UTC 2025`.
fn busybox_date(t: Time) -> String {
    // rfc1123z: "Wed, 01 Jan 2025 00:00:05 +0000"
    let r = t.rfc1123z();
    let parts: Vec<&str> = r.split([' ', ',']).filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [wd, day, mon, year, hms, _] => {
            let day: u32 = day.parse().unwrap_or(0);
            format!("{wd} {mon} {day:>2} {hms} UTC {year}")
        }
        _ => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn launch(command: &[&str], limit: u64) -> Process {
        let command: Vec<String> = command.iter().map(|s| s.to_string()).collect();
        Process::start(
            Launch {
                image: "busybox",
                command: &command,
                args: &[],
                env: vec![("HOSTNAME".into(), "pod".into())],
                memory_limit: limit,
            },
            Time::from_secs(100),
        )
    }

    #[test]
    fn shell_sleeps_echoes_and_exits() {
        let mut p = launch(
            &["sh", "-c", "echo hi; sleep 5; echo bye; exit 3"],
            u64::MAX,
        );
        assert_eq!(p.next_wake(), Some(Time::from_secs(105)));
        assert_eq!(p.logs.len(), 1);
        p.run_until(Time::from_secs(110));
        let e = p.exit.clone().expect("exited");
        assert_eq!(
            (e.code, e.reason.as_str(), e.at),
            (3, "Error", Time::from_secs(105))
        );
        assert_eq!(p.logs[1].1, "bye");
    }

    #[test]
    fn pid1_ignores_term_unless_trapped() {
        let mut p = launch(&["sleep", "3600"], u64::MAX);
        p.term(Time::from_secs(110));
        assert!(p.running());
        p.kill(Time::from_secs(140));
        assert_eq!(p.exit.as_ref().map(|e| e.code), Some(137));

        let mut p = launch(
            &["sh", "-c", "trap 'echo bye; exit 0' TERM; sleep 600 & wait"],
            u64::MAX,
        );
        p.term(Time::from_secs(110));
        let e = p.exit.clone().expect("trap exits");
        assert_eq!((e.code, e.at), (0, Time::from_secs(110)));

        // A foreground sleep delays the trap until it returns.
        let mut p = launch(&["sh", "-c", "trap 'exit 0' TERM; sleep 20"], u64::MAX);
        p.term(Time::from_secs(110));
        assert!(p.running());
        p.run_until(Time::from_secs(125));
        assert_eq!(p.exit.as_ref().map(|e| e.at), Some(Time::from_secs(120)));
    }

    #[test]
    fn over_the_limit_is_oom_killed() {
        let mut p = launch(&["stress", "--vm", "1", "--vm-bytes", "250M"], 200 << 20);
        assert!(p.running());
        p.run_until(Time::from_secs(101));
        let e = p.exit.clone().expect("oom");
        assert_eq!(e.at, Time::from_secs(100) + Duration::from_millis(201));
        assert_eq!((e.code, e.reason.as_str()), (137, "OOMKilled"));
        let p = launch(&["exit", "1"], u64::MAX);
        assert_eq!(
            p.exit.as_ref().map(|e| e.reason.as_str()),
            Some("StartError")
        );
    }

    #[test]
    fn loops_files_and_probes() {
        let mut p = launch(
            &[
                "sh",
                "-c",
                "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
            ],
            u64::MAX,
        );
        let probe = vec!["cat".to_string(), "/tmp/healthy".to_string()];
        let t = Time::from_secs(110);
        assert_eq!(
            p.exec(&probe, t, Duration::from_secs(1)).map(|r| r.0),
            Ok(0)
        );
        p.run_until(Time::from_secs(131));
        let (code, out) = p.exec(&probe, t, Duration::from_secs(1)).expect("runs");
        assert_eq!(code, 1);
        assert_eq!(
            out,
            "cat: can't open '/tmp/healthy': No such file or directory"
        );
        let mut p = launch(
            &[
                "sh",
                "-c",
                "for i in 1 2 3; do echo $i; done; while true; do sleep 1; done",
            ],
            u64::MAX,
        );
        p.run_until(Time::from_secs(200));
        assert_eq!(
            p.logs.iter().map(|l| l.1.as_ref()).collect::<Vec<&str>>(),
            ["1", "2", "3"]
        );
        assert!(p.running());
        assert_eq!(
            busybox_date(Time::from_secs(1_735_689_605)),
            "Wed Jan  1 00:00:05 UTC 2025"
        );
    }
}
