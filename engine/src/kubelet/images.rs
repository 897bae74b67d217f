//! The simulated image registry: which images exist, how big they are and how long they
//! take to pull. Anything not listed does not exist (its pull fails with the registry's
//! `not found`). Documented in docs/simulation.md.

/// One image the simulated registry serves.
#[derive(Clone, Copy, Debug)]
pub struct CatalogImage {
    /// Repository as users write it (`nginx`, `blux2/hello-server`).
    pub repository: &'static str,
    /// Tags that exist.
    pub tags: &'static [&'static str],
    pub size_bytes: u64,
    /// Pull time in milliseconds on the simulated network.
    pub pull_ms: i64,
}

pub const CATALOG: &[CatalogImage] = &[
    CatalogImage {
        repository: "nginx",
        tags: &["latest", "1.24.0", "1.25.3", "1.26", "1.27"],
        size_bytes: 72_099_501,
        pull_ms: 3_520,
    },
    CatalogImage {
        repository: "httpd",
        tags: &["latest", "2.4"],
        size_bytes: 58_234_112,
        pull_ms: 2_870,
    },
    CatalogImage {
        repository: "busybox",
        tags: &["latest", "1.36", "1.37"],
        size_bytes: 2_166_802,
        pull_ms: 1_210,
    },
    CatalogImage {
        repository: "blux2/hello-server",
        tags: &["1.0", "1.1", "1.2"],
        size_bytes: 9_876_543,
        pull_ms: 2_140,
    },
];

/// `nginx:1.25.3` → (`nginx`, `1.25.3`); no tag means `latest`; `docker.io/library/` is implied.
pub fn split_image(image: &str) -> (&str, &str) {
    let image = image.split('@').next().unwrap_or(image);
    let image = image.strip_prefix("docker.io/").unwrap_or(image);
    let image = image.strip_prefix("library/").unwrap_or(image);
    let slash = image.rfind('/').map_or(0, |i| i + 1);
    match image[slash..].find(':') {
        Some(i) => (&image[..slash + i], &image[slash + i + 1..]),
        None => (image, "latest"),
    }
}

pub fn lookup(image: &str) -> Option<&'static CatalogImage> {
    let (repo, tag) = split_image(image);
    CATALOG
        .iter()
        .find(|c| c.repository == repo && c.tags.contains(&tag))
}

/// The fully qualified reference containerd reports (`docker.io/library/nginx:1.25.3`).
pub fn canonical(image: &str) -> String {
    let (repo, tag) = split_image(image);
    if repo.contains('/') {
        format!("docker.io/{repo}:{tag}")
    } else {
        format!("docker.io/library/{repo}:{tag}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_resolve() {
        assert_eq!(split_image("nginx"), ("nginx", "latest"));
        assert_eq!(
            split_image("blux2/hello-server:1.1"),
            ("blux2/hello-server", "1.1")
        );
        assert!(lookup("nginx:1.25.3").is_some());
        assert!(lookup("nginx:nope").is_none());
        assert_eq!(canonical("nginx:nope"), "docker.io/library/nginx:nope");
    }
}
