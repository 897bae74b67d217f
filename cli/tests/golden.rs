//! CLI golden transcripts: each `golden/NAME.txt` script is replayed by the real binary
//! (`--seed 7 --now 2025-01-01T00:00:00Z`) and compared byte for byte with `NAME.out`.
//! `UPDATE_GOLDEN=1 cargo test -p paperkube-cli --test golden` rewrites the `.out` files;
//! review the diff before committing.

use std::path::Path;
use std::process::Command;

fn replay(script: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_paperkube"))
        .args(["--seed", "7", "--now", "2025-01-01T00:00:00Z"])
        .arg(script)
        .output()
        .expect("run paperkube");
    assert!(out.status.success(), "paperkube exited {:?}", out.status);
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[test]
fn golden_transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty());
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for script in &scripts {
        let got = replay(script);
        let expected_path = script.with_extension("out");
        if update {
            std::fs::write(&expected_path, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != want {
            failures.push(format!(
                "{}: output differs\n--- expected\n{want}\n--- got\n{got}",
                script.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn script_errors_exit_2() {
    let dir = std::env::temp_dir().join("paperkube-golden-bad");
    std::fs::create_dir_all(&dir).expect("tmp");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "kubectl get pods\necho hi\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_paperkube"))
        .arg(&bad)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
}
