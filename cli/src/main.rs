//! `paperkube [--now RFC3339] [--seed N] [--nodes N] [SCRIPT]`: replays a script of kubectl
//! commands against a simulated cluster and prints what a terminal would show. The
//! contract is in docs/cli.md.

use paperkube_engine::kubectl::{Files, Output};
use paperkube_engine::time::Time;
use paperkube_engine::{script, ClusterConfig, Session};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: paperkube [--now RFC3339] [--seed N] [--nodes N] [SCRIPT]";

struct Args {
    config: ClusterConfig,
    script: Option<String>,
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut config = ClusterConfig::default();
    let mut script = None;
    let mut i = 0;
    while i < argv.len() {
        let arg = &argv[i];
        i += 1;
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = || -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            let v = argv
                .get(i)
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))?;
            i += 1;
            Ok(v)
        };
        match name.as_str() {
            "--now" => config.start = Time::parse_rfc3339(&value()?)?,
            "--seed" => {
                config.seed = value()?
                    .parse()
                    .map_err(|_| "--seed takes a non-negative integer".to_string())?
            }
            "--nodes" => {
                config.workers = value()?
                    .parse()
                    .map_err(|_| "--nodes takes an integer from 1 to 100".to_string())?;
                if !(1..=100).contains(&config.workers) {
                    return Err("--nodes takes an integer from 1 to 100".into());
                }
            }
            "-h" | "--help" => return Err(String::new()),
            "-" => script = None,
            s if s.starts_with('-') => return Err(format!("unknown flag {s}")),
            s => {
                if script.is_some() {
                    return Err("only one SCRIPT may be given".into());
                }
                script = Some(s.to_string());
            }
        }
    }
    Ok(Args { config, script })
}

/// `-f PATH` and `import PATH` resolve relative to the script's folder.
struct DiskFiles {
    base: PathBuf,
}

impl Files for DiskFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        let p = Path::new(path);
        let full = if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base.join(p)
        };
        std::fs::read_to_string(&full).map_err(|_| format!("the path \"{path}\" does not exist"))
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("paperkube: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (text, base) = match &args.script {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(t) => (
                t,
                Path::new(path)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
            ),
            Err(e) => {
                eprintln!("paperkube: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => {
            let mut t = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut t) {
                eprintln!("paperkube: cannot read standard input: {e}");
                return ExitCode::from(2);
            }
            (t, PathBuf::from("."))
        }
    };
    let lines = match script::parse(&text) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "paperkube: {}: {e}",
                args.script.as_deref().unwrap_or("<stdin>")
            );
            return ExitCode::from(2);
        }
    };
    let mut session = Session::new(&args.config);
    let mut out = Output::default();
    script::run(&mut session, &lines, &DiskFiles { base }, &mut out);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth a panic.
    let _ = stdout.write_all(out.text().as_bytes());
    let _ = stdout.flush();
    ExitCode::SUCCESS
}
