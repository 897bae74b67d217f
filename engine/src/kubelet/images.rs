//! The simulated image registry and the node's image manager
//! (`pkg/kubelet/images/image_manager.go` `EnsureImageExists`): which images exist, their
//! size and pull time, what their entrypoint runs, pull policies, the serial puller and
//! the image pull back-off. Anything not in [`CATALOG`] does not exist.
//! Documented in docs/simulation.md.

use crate::time::{Duration, Time};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// What a catalog image's entrypoint runs when no `command` is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// nginx: serves `/` on port 80 until SIGQUIT/SIGTERM, then exits 0.
    Nginx,
    /// httpd: serves `/` on port 80, exits 0 on SIGTERM.
    Httpd,
    /// blux2/hello-server: serves `/`, `/health` and `/healthz` on 8080, exits 0 on SIGTERM.
    HelloServer,
    /// The Kubernetes docs' liveness server: `/healthz` on 8080 answers 200 for the first
    /// 10 s, then 500. A Go program as PID 1: SIGTERM makes it exit 2.
    Liveness,
}

impl Program {
    pub fn port(self) -> i32 {
        match self {
            Program::Nginx | Program::Httpd => 80,
            Program::HelloServer | Program::Liveness => 8080,
        }
    }

    /// The HTTP status for `GET path`, `uptime` after the server started.
    pub fn respond(self, path: &str, uptime: Duration) -> u16 {
        let path = path.split('?').next().unwrap_or(path);
        match self {
            Program::Nginx | Program::Httpd => match path {
                "/" | "/index.html" => 200,
                _ => 404,
            },
            Program::HelloServer => match path {
                "/" | "/health" | "/healthz" => 200,
                _ => 404,
            },
            Program::Liveness => match path {
                "/healthz" if uptime < Duration::from_secs(10) => 200,
                "/healthz" => 500,
                _ => 404,
            },
        }
    }

    pub fn exit_code_on_term(self) -> i32 {
        match self {
            Program::Liveness => 2,
            _ => 0,
        }
    }

    /// The lines a server logs as it starts at `at`.
    pub fn startup_log(self, at: Time) -> Vec<(Time, Cow<'static, str>)> {
        let lines: &[&'static str] = match self {
            Program::Nginx => &[
                "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
                "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
                "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
                "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
                "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
                "/docker-entrypoint.sh: Configuration complete; ready for start up",
            ],
            Program::Httpd => &[
                "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 127.0.0.1. Set the 'ServerName' directive globally to suppress this message",
            ],
            Program::HelloServer => &["Starting server on port 8080"],
            Program::Liveness => &[],
        };
        let stamped: &[&str] = match self {
            Program::Nginx => &[
                " [notice] 1#1: using the \"epoll\" event method",
                " [notice] 1#1: start worker processes",
            ],
            _ => &[],
        };
        // Exactly the room needed: the log is kept for the container's life.
        let mut out = Vec::with_capacity(lines.len() + stamped.len());
        out.extend(lines.iter().map(|l| (at, Cow::Borrowed(*l))));
        if let Some(stamp) = (!stamped.is_empty()).then(|| nginx_stamp(at)) {
            out.extend(
                stamped
                    .iter()
                    .map(|t| (at, Cow::Owned([&stamp, *t].concat()))),
            );
        }
        out
    }

    pub fn shutdown_log(self, at: Time) -> Option<String> {
        match self {
            Program::Nginx => Some(
                [
                    &nginx_stamp(at),
                    " [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
                ]
                .concat(),
            ),
            _ => None,
        }
    }
}

/// nginx's log time format: `2025/01/01 00:00:03`.
fn nginx_stamp(at: Time) -> String {
    let s = at.rfc3339(); // 2025-01-01T00:00:03Z
    let mut out = String::with_capacity(19);
    out.extend(s[..10].chars().map(|c| if c == '-' { '/' } else { c }));
    out.push(' ');
    out.push_str(&s[11..19]);
    out
}

/// One image the simulated registry serves.
#[derive(Clone, Copy, Debug)]
pub struct CatalogImage {
    /// Registry host (`docker.io`, `registry.k8s.io`).
    pub registry: &'static str,
    /// Repository (`library/nginx`, `blux2/hello-server`).
    pub repository: &'static str,
    /// Tags that exist.
    pub tags: &'static [&'static str],
    /// What containerd reports as the image size.
    pub size_bytes: u64,
    /// Pull time on the simulated network, in milliseconds.
    pub pull_ms: i64,
    /// `ENTRYPOINT` (prefixed to `args` when no `command` is given).
    pub entrypoint: &'static [&'static str],
    /// `ENTRYPOINT` + `CMD`: what runs with neither `command` nor `args`.
    pub default: &'static [&'static str],
}

pub const CATALOG: &[CatalogImage] = &[
    CatalogImage {
        registry: "docker.io",
        repository: "library/nginx",
        tags: &[
            // 1.14.2 and 1.16.1 are the Kubernetes documentation's own examples.
            "latest", "1.14.2", "1.16.1", "1.24.0", "1.25.3", "1.26", "1.27", "alpine", "stable",
        ],
        size_bytes: 72_099_501,
        pull_ms: 3_520,
        entrypoint: &[],
        default: &["nginx", "-g", "daemon off;"],
    },
    CatalogImage {
        registry: "docker.io",
        repository: "library/httpd",
        tags: &["latest", "2.4", "alpine"],
        size_bytes: 58_234_112,
        pull_ms: 2_870,
        entrypoint: &[],
        default: &["httpd-foreground"],
    },
    CatalogImage {
        registry: "docker.io",
        repository: "library/busybox",
        tags: &["latest", "1.36", "1.37", "stable"],
        size_bytes: 2_166_802,
        pull_ms: 1_210,
        entrypoint: &[],
        default: &["sh"],
    },
    CatalogImage {
        registry: "docker.io",
        repository: "library/alpine",
        tags: &["latest", "3.19", "3.20", "3.21"],
        size_bytes: 3_653_068,
        pull_ms: 1_380,
        entrypoint: &[],
        default: &["/bin/sh"],
    },
    CatalogImage {
        // The Kubernetes documentation's probe examples (exec-liveness.yaml).
        registry: "registry.k8s.io",
        repository: "busybox",
        tags: &["latest", "1.24", "1.27.2"],
        size_bytes: 1_144_547,
        pull_ms: 1_050,
        entrypoint: &[],
        default: &["sh"],
    },
    CatalogImage {
        registry: "docker.io",
        repository: "blux2/hello-server",
        tags: &["1.0", "1.1", "1.2"],
        size_bytes: 4_563_279,
        pull_ms: 1_840,
        entrypoint: &[],
        default: &["hello-server"],
    },
    CatalogImage {
        registry: "docker.io",
        repository: "polinux/stress",
        tags: &["latest"],
        size_bytes: 4_041_495,
        pull_ms: 1_530,
        entrypoint: &[],
        default: &["stress"],
    },
    CatalogImage {
        registry: "registry.k8s.io",
        repository: "liveness",
        tags: &["latest"],
        size_bytes: 2_478_442,
        pull_ms: 1_320,
        entrypoint: &[],
        default: &["/server"],
    },
    CatalogImage {
        registry: "registry.k8s.io",
        repository: "e2e-test-images/agnhost",
        tags: &["2.39", "2.40", "2.52"],
        size_bytes: 51_147_520,
        pull_ms: 2_950,
        entrypoint: &["/agnhost"],
        default: &["/agnhost"],
    },
];

/// A parsed image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    pub registry: String,
    pub repository: String,
    pub tag: String,
}

impl ImageRef {
    /// `nginx:1.25.3` → docker.io / library/nginx / 1.25.3 (no tag means `latest`). Errors
    /// with containerd's text for names it cannot parse (upper case, empty).
    pub fn parse(image: &str) -> Result<ImageRef, String> {
        let name = image.split('@').next().unwrap_or(image);
        let bad = |why: &str| {
            format!("couldn't parse image name \"{image}\": invalid reference format{why}")
        };
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(bad(""));
        }
        let (registry, rest) = match name.split_once('/') {
            Some((host, rest))
                if host.contains('.') || host.contains(':') || host == "localhost" =>
            {
                (host.to_string(), rest.to_string())
            }
            _ => ("docker.io".to_string(), name.to_string()),
        };
        let slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (repo, tag) = match rest[slash..].find(':') {
            Some(i) => (&rest[..slash + i], &rest[slash + i + 1..]),
            None => (rest.as_str(), "latest"),
        };
        if repo.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(bad(": repository name must be lowercase"));
        }
        if repo.is_empty() || tag.is_empty() {
            return Err(bad(""));
        }
        let repository = if registry == "docker.io" && !repo.contains('/') {
            ["library/", repo].concat()
        } else {
            repo.to_string()
        };
        Ok(ImageRef {
            registry,
            repository,
            tag: tag.to_string(),
        })
    }

    /// `docker.io/library/nginx:1.25.3`, as containerd reports it.
    pub fn canonical(&self) -> String {
        format!("{}/{}:{}", self.registry, self.repository, self.tag)
    }
}

/// What one image reference resolves to (a container instance shares its image's).
#[derive(Debug)]
pub struct Resolved {
    parsed: Result<ImageRef, String>,
    canonical: String,
    catalog: Option<&'static CatalogImage>,
    image_id: String,
}

impl Resolved {
    /// The fully qualified reference (the input unchanged if it does not parse).
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// `imageID` as containerd reports it (empty for a reference that does not parse).
    pub fn image_id(&self) -> &str {
        &self.image_id
    }

    fn of(image: &str) -> Resolved {
        let parsed = ImageRef::parse(image);
        let (canonical, catalog, image_id) = match &parsed {
            Ok(r) => (
                r.canonical(),
                repository(r).filter(|c| c.tags.contains(&r.tag.as_str())),
                image_id_of(r),
            ),
            Err(_) => (image.to_string(), None, String::new()),
        };
        Resolved {
            parsed,
            canonical,
            catalog,
            image_id,
        }
    }
}

thread_local! {
    /// Each distinct reference resolved once: a kubelet resolves the same few at every
    /// container start, and parsing and formatting them each time was ~5 % of a large
    /// rollout. A pure function of the string, so the memo changes no output.
    static RESOLVED: RefCell<HashMap<String, Rc<Resolved>, crate::record::Fx>> =
        RefCell::new(HashMap::default());
}

/// How many references the memo keeps (a script may invent any number of them).
const RESOLVED_MAX: usize = 256;

/// What `image` resolves to, shared.
pub fn resolve(image: &str) -> Rc<Resolved> {
    RESOLVED.with(|memo| {
        if let Some(r) = memo.borrow().get(image) {
            return Rc::clone(r);
        }
        let r = Rc::new(Resolved::of(image));
        let mut memo = memo.borrow_mut();
        if memo.len() >= RESOLVED_MAX {
            memo.clear();
        }
        memo.insert(image.to_string(), Rc::clone(&r));
        r
    })
}

/// Whether `image` parses (containerd's error text if not).
pub fn check(image: &str) -> Result<(), String> {
    resolve(image)
        .parsed
        .as_ref()
        .map(|_| ())
        .map_err(Clone::clone)
}

/// The fully qualified reference of `image` (the input unchanged if it does not parse).
pub fn canonical(image: &str) -> String {
    resolve(image).canonical.clone()
}

/// The catalog entry of `image`'s repository, whatever the tag.
fn repository(r: &ImageRef) -> Option<&'static CatalogImage> {
    CATALOG
        .iter()
        .find(|c| c.registry == r.registry && c.repository == r.repository)
}

/// The catalog image `image` names, if that repository and tag exist.
pub fn lookup(image: &str) -> Option<&'static CatalogImage> {
    resolve(image).catalog
}

/// `imageID` as containerd reports it: `docker.io/library/nginx@sha256:…` (empty for a
/// reference that does not parse).
pub fn image_id(image: &str) -> String {
    resolve(image).image_id.clone()
}

fn image_id_of(r: &ImageRef) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in r.canonical().bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut hex = String::new();
    for i in 0..4u64 {
        hex.push_str(&format!(
            "{:016x}",
            h.rotate_left((i * 17) as u32) ^ (i * 0x9e37_79b9)
        ));
    }
    format!("{}/{}@sha256:{hex}", r.registry, r.repository)
}

/// Why a pull fails: containerd's error for `image` (`None` when it exists).
pub fn pull_error(image: &str) -> Option<String> {
    let r = ImageRef::parse(image).ok()?;
    if lookup(image).is_some() {
        return None;
    }
    let full = r.canonical();
    Some(if repository(&r).is_some() || r.registry != "docker.io" {
        format!(
            "rpc error: code = NotFound desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": {full}: not found"
        )
    } else {
        format!(
            "rpc error: code = Unknown desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
        )
    })
}

/// The image's `ENTRYPOINT` (what `args` are appended to).
pub fn entrypoint(image: &str) -> &'static [&'static str] {
    lookup(image).map_or(&[], |c| c.entrypoint)
}

/// What runs when a container sets neither `command` nor `args`.
pub fn default_argv(image: &str) -> &'static [&'static str] {
    lookup(image).map_or(&["sh"], |c| c.default)
}

/// The catalog servers by binary name (`nginx`, `httpd-foreground`, `hello-server`,
/// `/server`, `/agnhost liveness`).
pub fn server_for(bin: &str, args: &[String]) -> Option<Program> {
    match bin.rsplit('/').next().unwrap_or(bin) {
        "nginx" => Some(Program::Nginx),
        "httpd-foreground" | "httpd" => Some(Program::Httpd),
        "hello-server" => Some(Program::HelloServer),
        "server" => Some(Program::Liveness),
        "agnhost" if args.first().map(String::as_str) == Some("liveness") => {
            Some(Program::Liveness)
        }
        _ => None,
    }
}

/// Whether `bin` names one of the catalog's server binaries.
pub fn is_server_binary(bin: &str) -> bool {
    matches!(
        bin.rsplit('/').next().unwrap_or(bin),
        "nginx" | "httpd-foreground" | "httpd" | "hello-server" | "server" | "agnhost"
    )
}

/// How long a pull of an image whose layers are already present takes (manifest check).
pub const PRESENT_PULL_MS: i64 = 412;
/// How long the registry takes to answer `not found`.
pub const FAILED_PULL_MS: i64 = 873;

/// A pull queued on the node's serial puller.
#[derive(Clone, Debug, PartialEq)]
pub struct Pull {
    pub image: String,
    /// When the kubelet asked (for "… including waiting").
    pub requested: Time,
    /// When the puller finishes it.
    pub done: Time,
    /// How long the pull itself took.
    pub took: Duration,
    /// `Err(containerd error)` when the image does not exist.
    pub result: Result<u64, String>,
}

impl Pull {
    /// `Successfully pulled image "x" in 3.52s (3.52s including waiting). Image size: N bytes.`
    pub fn pulled_message(&self, size: u64) -> String {
        format!(
            "Successfully pulled image \"{}\" in {} ({} including waiting). Image size: {size} bytes.",
            self.image,
            self.took.go_string(),
            (self.done - self.requested).go_string()
        )
    }
}

/// The node's images and its serial image puller (`serializeImagePulls: true`).
#[derive(Clone, Debug, Default)]
pub struct ImageStore {
    /// By canonical name. Only looked up by name, never listed, so one hash map rather than
    /// a BTreeSet and a BTreeMap: two fewer BTree instantiations in the bundle (issue 9).
    images: HashMap<String, Layers, crate::record::Fx>,
    busy_until: Time,
}

#[derive(Clone, Copy, Debug, Default)]
struct Layers {
    /// A finished pull stored them.
    present: bool,
    /// A queued pull: when they will be on disk.
    arriving: Option<Time>,
}

impl ImageStore {
    pub fn is_present(&self, image: &str) -> bool {
        let layers = self.images.get(resolve(image).canonical());
        layers.is_some_and(|l| l.present)
    }

    /// Queues a pull of `image` at `now`.
    pub fn pull(&mut self, image: &str, now: Time) -> Pull {
        let start = self.busy_until.max(now);
        let canon = canonical(image);
        // A pull queued behind one of the same image finds the layers already there.
        let arriving = self.images.get(&canon).and_then(|l| l.arriving);
        let there = self.is_present(image) || arriving.is_some_and(|t| t <= start);
        // The error text only for an image that does not exist.
        let (ms, result) = match lookup(image) {
            Some(c) if there => (PRESENT_PULL_MS, Ok(c.size_bytes)),
            Some(c) => (c.pull_ms, Ok(c.size_bytes)),
            None => (FAILED_PULL_MS, Err(pull_error(image).unwrap_or_default())),
        };
        let took = Duration::from_millis(ms);
        self.busy_until = start + took;
        if result.is_ok() {
            let layers = self.images.entry(canon).or_default();
            layers.arriving.get_or_insert(start + took);
        }
        Pull {
            image: image.to_string(),
            requested: now,
            done: start + took,
            took,
            result,
        }
    }

    /// A finished pull's layers are on the node.
    pub fn store(&mut self, image: &str) {
        self.images.entry(canonical(image)).or_default().present = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_resolve() {
        assert_eq!(canonical("nginx"), "docker.io/library/nginx:latest");
        assert_eq!(
            canonical("blux2/hello-server:1.1"),
            "docker.io/blux2/hello-server:1.1"
        );
        assert_eq!(
            canonical("registry.k8s.io/liveness"),
            "registry.k8s.io/liveness:latest"
        );
        assert!(lookup("nginx:1.25.3").is_some());
        assert!(lookup("docker.io/library/nginx:1.24.0").is_some());
        assert!(lookup("nginx:nope").is_none());
        assert_eq!(
            pull_error("nginx:nope").as_deref(),
            Some("rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:nope\": failed to resolve reference \"docker.io/library/nginx:nope\": docker.io/library/nginx:nope: not found")
        );
        assert!(pull_error("ngnix").is_some_and(|e| e.contains("pull access denied")));
        assert!(ImageRef::parse("NGINX").is_err());
    }

    #[test]
    fn serial_puller_waits() {
        let mut s = ImageStore::default();
        let t = Time::from_secs(10);
        let a = s.pull("nginx:1.25.3", t);
        let b = s.pull("busybox", t);
        assert_eq!(a.done, t + Duration::from_millis(3_520));
        assert_eq!(b.done, a.done + Duration::from_millis(1_210));
        assert_eq!(
            b.pulled_message(1),
            "Successfully pulled image \"busybox\" in 1.21s (4.73s including waiting). Image size: 1 bytes."
        );
    }
}
