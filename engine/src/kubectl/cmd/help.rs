//! Short usage texts in kubectl's shape.

pub fn root() -> String {
    "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nBasic Commands (Beginner):\n  create          Create a resource from a file or from stdin\n\nBasic Commands (Intermediate):\n  get             Display one or many resources\n\nUsage:\n  kubectl [flags] [options]\n".to_string()
}

/// `kubectl VERB --help`, short.
pub fn command(verb: &str) -> String {
    format!("Usage:\n  kubectl {verb} [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n")
}
