//! `--help` texts in kubectl's shape: the root help is kubectl's own (every command listed,
//! as kubectl lists them); a command's help is its one-line description and its usage
//! lines (kubectl also prints examples and every flag; those are left out).

/// `kubectl`, `kubectl help`, `kubectl --help`.
pub fn root() -> String {
    ROOT.to_string()
}

const ROOT: &str = "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nBasic Commands (Beginner):\n  create          Create a resource from a file or from stdin\n  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service\n  run             Run a particular image on the cluster\n  set             Set specific features on objects\n\nBasic Commands (Intermediate):\n  explain         Get documentation for a resource\n  get             Display one or many resources\n  edit            Edit a resource on the server\n  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector\n\nDeploy Commands:\n  rollout         Manage the rollout of a resource\n  scale           Set a new size for a deployment, replica set, or replication controller\n  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller\n\nCluster Management Commands:\n  certificate     Modify certificate resources\n  cluster-info    Display cluster information\n  top             Display resource (CPU/memory) usage\n  cordon          Mark node as unschedulable\n  uncordon        Mark node as schedulable\n  drain           Drain node in preparation for maintenance\n  taint           Update the taints on one or more nodes\n\nTroubleshooting and Debugging Commands:\n  describe        Show details of a specific resource or group of resources\n  logs            Print the logs for a container in a pod\n  attach          Attach to a running container\n  exec            Execute a command in a container\n  port-forward    Forward one or more local ports to a pod\n  proxy           Run a proxy to the Kubernetes API server\n  cp              Copy files and directories to and from containers\n  auth            Inspect authorization\n  debug           Create debugging sessions for troubleshooting workloads and nodes\n  events          List events\n\nAdvanced Commands:\n  diff            Diff the live version against a would-be applied version\n  apply           Apply a configuration to a resource by file name or stdin\n  patch           Update fields of a resource\n  replace         Replace a resource by file name or stdin\n  wait            Experimental: Wait for a specific condition on one or many resources\n  kustomize       Build a kustomization target from a directory or URL\n\nSettings Commands:\n  label           Update the labels on a resource\n  annotate        Update the annotations on a resource\n  completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)\n\nSubcommands provided by plugins:\n\nOther Commands:\n  api-resources   Print the supported API resources on the server\n  api-versions    Print the supported API versions on the server, in the form of \"group/version\"\n  config          Modify kubeconfig files\n  plugin          Provides utilities for interacting with plugins\n  version         Print the client and server version information\n\nUsage:\n  kubectl [flags] [options]\n\nUse \"kubectl <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n";

/// (command, description, usage) as `kubectl <command> --help` prints them.
const COMMANDS: &[(&str, &str, &str)] = &[
    ("get", "Display one or many resources.", "kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]"),
    ("describe", "Show details of a specific resource or group of resources.", "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)"),
    ("create", "Create a resource from a file or from stdin.", "kubectl create -f FILENAME"),
    ("create deployment", "Create a deployment with the specified name.", "kubectl create deployment NAME --image=image -- [COMMAND] [args...]"),
    ("create namespace", "Create a namespace with the specified name.", "kubectl create namespace NAME [--dry-run=server|client|none]"),
    ("apply", "Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.", "kubectl apply (-f FILENAME | -k DIRECTORY)"),
    ("delete", "Delete resources by file names, stdin, resources and names, or by resources and label selector.", "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)])"),
    ("scale", "Set a new size for a deployment, replica set, replication controller, or stateful set.", "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)"),
    ("set", "Configure application resources.", "kubectl set SUBCOMMAND"),
    ("set image", "Update existing container image(s) of resources.", "kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N"),
    ("edit", "Edit a resource from the default editor.", "kubectl edit (RESOURCE/NAME | -f FILENAME)"),
    ("rollout", "Manage the rollout of one or many resources.", "kubectl rollout SUBCOMMAND"),
    ("rollout status", "Show the status of the rollout.", "kubectl rollout status (TYPE NAME | TYPE/NAME) [flags]"),
    ("rollout history", "View previous rollout revisions and configurations.", "kubectl rollout history (TYPE NAME | TYPE/NAME) [flags]"),
    ("rollout undo", "Roll back to a previous rollout.", "kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags]"),
    ("rollout pause", "Mark the provided resource as paused.", "kubectl rollout pause RESOURCE"),
    ("rollout resume", "Resume a paused resource.", "kubectl rollout resume RESOURCE"),
    ("rollout restart", "Restart a resource.", "kubectl rollout restart RESOURCE"),
    ("patch", "Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\n JSON and YAML formats are accepted.\n\n Note: Strategic merge patch is not supported for custom resources.", "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]"),
    ("label", "Update the labels on a resource.", "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]"),
    ("annotate", "Update the annotations on one or more resources.", "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]"),
    ("run", "Create and run a particular image in a pod.", "kubectl run NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]"),
    ("logs", "Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.", "kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]"),
    ("cordon", "Mark node as unschedulable.", "kubectl cordon NODE"),
    ("uncordon", "Mark node as schedulable.", "kubectl uncordon NODE"),
    ("drain", "Drain node in preparation for maintenance.", "kubectl drain NODE"),
    ("explain", "Describe fields and structure of various resources.", "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]"),
    ("version", "Print the client and server version information for the current context.", "kubectl version [flags]"),
    ("api-resources", "Print the supported API resources on the server.", "kubectl api-resources [flags]"),
];

/// `kubectl VERB [SUB] --help`, short: description, usage, the closing line.
pub fn command(words: &[&str]) -> String {
    let two = words.iter().take(2).copied().collect::<Vec<_>>().join(" ");
    let one = words.first().copied().unwrap_or("");
    let found = COMMANDS
        .iter()
        .find(|(c, _, _)| *c == two)
        .or_else(|| COMMANDS.iter().find(|(c, _, _)| *c == one));
    match found {
        Some((_, desc, usage)) => format!(
            "{desc}\n\nUsage:\n  {usage} [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n"
        ),
        None => root(),
    }
}

/// `kubectl rollout` without a subcommand (cobra prints the long help).
pub fn rollout() -> String {
    "Manage the rollout of one or many resources.\n        \n Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets\n\nExamples:\n  # Rollback to the previous deployment\n  kubectl rollout undo deployment/abc\n  \n  # Check the rollout status of a daemonset\n  kubectl rollout status daemonset/foo\n  \n  # Restart a deployment\n  kubectl rollout restart deployment/abc\n  \n  # Restart deployments with the 'app=nginx' label\n  kubectl rollout restart deployment --selector=app=nginx\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n\nUse \"kubectl rollout <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n".to_string()
}
