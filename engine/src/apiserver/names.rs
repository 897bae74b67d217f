//! Name generation (`staging/src/k8s.io/apiserver/pkg/storage/names/generate.go`) and
//! DNS-1123 name rules (`apimachinery/pkg/util/validation`).

use crate::rng::Rng;

/// `utilrand.alphanums`: no vowels, no 0/1/3 (avoids bad words and look-alikes).
pub const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `MaxGeneratedNameLength` = 63 − 5.
const MAX_GENERATED_NAME_LENGTH: usize = 58;

/// `simpleNameGenerator.GenerateName`: base cut to 58 characters plus 5 random ones.
/// Written into one buffer of the final size (one allocation per generated name).
pub fn generate_name(rng: &mut Rng, base: &str) -> String {
    let kept = base
        .char_indices()
        .nth(MAX_GENERATED_NAME_LENGTH)
        .map_or(base.len(), |(i, _)| i);
    let mut name = String::with_capacity(kept + 5);
    name.push_str(&base[..kept]);
    for _ in 0..5 {
        name.push(ALPHANUMS[rng.below(ALPHANUMS.len() as u64) as usize] as char);
    }
    name
}

/// `IsDNS1123Subdomain`; returns the API server's message when invalid.
pub fn dns1123_subdomain_error(name: &str) -> Option<String> {
    const MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    if name.len() > 253 {
        return Some("must be no more than 253 characters".into());
    }
    let ok = !name.is_empty()
        && name.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        });
    (!ok).then(|| MSG.to_string())
}

/// `IsDNS1123Label` (namespaces, container names).
pub fn dns1123_label_error(name: &str) -> Option<String> {
    const MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    if name.len() > 63 {
        return Some("must be no more than 63 characters".into());
    }
    let b = name.as_bytes();
    let ok = !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-';
    (!ok).then(|| MSG.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_use_the_alphabet() {
        let mut rng = Rng::new(3);
        let n = generate_name(&mut rng, "web-7d9c5b8f4-");
        assert_eq!(n.len(), "web-7d9c5b8f4-".len() + 5);
        assert!(n[14..].bytes().all(|c| ALPHANUMS.contains(&c)));
        let long = generate_name(&mut rng, &"a".repeat(80));
        assert_eq!(long.len(), 63);
    }

    #[test]
    fn dns_names() {
        assert!(dns1123_subdomain_error("web-1.example").is_none());
        assert!(dns1123_subdomain_error("Web").is_some());
        assert!(dns1123_subdomain_error("-web").is_some());
        assert!(dns1123_label_error("a.b").is_some());
    }
}
