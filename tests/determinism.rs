//! Determinism (issue 9): the same script, seed and inputs give byte-identical transcripts
//! natively and in wasm. The native test replays `golden/determinism.script` twice through a
//! [`Session`] and compares both with `golden/determinism.txt`; the wasm test (run by the
//! component-test layer in headless Chromium) replays the same script and compares with the
//! same golden. After every line the transcript adds the store's resourceVersion and an FNV-1a
//! digest of every stored object, so a difference that no printer shows still fails.
//!
//! After an intended change in behaviour, refresh the golden natively:
//!     PAPERKUBE_UPDATE_GOLDEN=1 cargo test -p paperkube-widget --test determinism

use paperkube_engine::api::Kind;
use paperkube_engine::kubectl::{NoFiles, Output};
use paperkube_engine::{script, ClusterConfig, Session};

const SCRIPT: &str = include_str!("golden/determinism.script");
const GOLDEN: &str = include_str!("golden/determinism.txt");

fn fnv1a(h: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *h ^= u64::from(*b);
        *h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// The store at this instant, as one number: every object of every kind, in key order.
fn digest(session: &Session) -> String {
    let api = &session.cluster.api;
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    let mut counts = Vec::new();
    for kind in Kind::ALL {
        let objects = api.list_objects(kind, None);
        counts.push(objects.len().to_string());
        for o in objects {
            fnv1a(&mut h, format!("{o:?}").as_bytes());
        }
    }
    format!(
        "# rv={} objects={} digest={h:016x}\n",
        api.resource_version(),
        counts.join("/")
    )
}

/// Replays the golden script (seed 7, 3 workers) and returns the transcript.
pub fn transcript() -> String {
    let lines = script::parse(SCRIPT).expect("the golden script parses");
    let mut session = Session::new(&ClusterConfig {
        seed: 7,
        ..ClusterConfig::default()
    });
    let mut text = String::new();
    for line in &lines {
        let mut out = Output::default();
        script::run(&mut session, std::slice::from_ref(line), &NoFiles, &mut out);
        text.push_str(&out.text());
        text.push_str(&digest(&session));
    }
    text
}

/// The first line where two transcripts part, for a readable failure.
fn first_difference(got: &str, want: &str) -> String {
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        if g != w {
            return format!("line {}:\n  got:  {g}\n  want: {w}", i + 1);
        }
    }
    format!(
        "lengths differ: got {} lines, want {}",
        got.lines().count(),
        want.lines().count()
    )
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn native_transcript_is_the_golden_and_repeats() {
    let first = transcript();
    let second = transcript();
    assert!(
        first == second,
        "two native runs differ: {}",
        first_difference(&second, &first)
    );
    if std::env::var_os("PAPERKUBE_UPDATE_GOLDEN").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/determinism.txt");
        std::fs::write(path, &first).expect("write the golden");
        return;
    }
    assert!(
        first == GOLDEN,
        "the native transcript differs from tests/golden/determinism.txt ({}); if the change is \
         intended: PAPERKUBE_UPDATE_GOLDEN=1 cargo test -p paperkube-widget --test determinism",
        first_difference(&first, GOLDEN)
    );
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen_test::*;
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn wasm_transcript_is_the_native_golden() {
        let got = super::transcript();
        assert!(
            got == super::GOLDEN,
            "the wasm transcript differs from the native golden: {}",
            super::first_difference(&got, super::GOLDEN)
        );
    }
}
