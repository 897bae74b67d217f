//! Short usage texts in kubectl's shape.

pub fn root() -> String {
    "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nBasic Commands (Beginner):\n  create          Create a resource from a file or from stdin\n\nBasic Commands (Intermediate):\n  get             Display one or many resources\n\nUsage:\n  kubectl [flags] [options]\n".to_string()
}
