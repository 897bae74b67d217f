//! The editor's template menu: the chapter's manifests (6.1 a Pod, 6.2 the httpserver
//! ReplicaSet and the Deployment, 6.2.3 hello-server), as the chapter and its scenarios
//! write them.

use crate::i18n::Msg;

pub struct Template {
    /// The `<option>` value.
    pub id: &'static str,
    pub label: Msg,
    pub text: &'static str,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        id: "pod",
        label: Msg::TemplatePod,
        text: "apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  containers:
    - name: nginx
      image: nginx:1.25.3
      ports:
        - containerPort: 80
",
    },
    Template {
        id: "replicaset",
        label: Msg::TemplateReplicaSet,
        text: "apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: httpserver
  labels:
    app: httpserver
spec:
  replicas: 3
  selector:
    matchLabels:
      app: httpserver
  template:
    metadata:
      labels:
        app: httpserver
    spec:
      containers:
        - name: nginx
          image: nginx:1.25.3
",
    },
    Template {
        id: "deployment",
        label: Msg::TemplateDeployment,
        text: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.25.3
",
    },
    Template {
        id: "hello-server",
        label: Msg::TemplateHelloServer,
        text: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-server
  labels:
    app: hello-server
spec:
  replicas: 3
  selector:
    matchLabels:
      app: hello-server
  template:
    metadata:
      labels:
        app: hello-server
    spec:
      containers:
        - name: hello-server
          image: blux2/hello-server:1.0
          ports:
            - containerPort: 8080
",
    },
];

pub fn find(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}

/// Whether `text` is a template as written (switching away from it loses nothing).
pub fn is_template(text: &str) -> bool {
    TEMPLATES.iter().any(|t| t.text == text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use paperkube_engine::kubectl::{NoFiles, Output};
    use paperkube_engine::{ClusterConfig, Session};

    /// Every template applies as written and its pods come up, as in the chapter.
    #[test]
    fn every_template_applies_and_runs() {
        for t in TEMPLATES {
            let mut s = Session::new(&ClusterConfig::default());
            let mut out = Output::default();
            let code = s.kubectl("kubectl apply -f -", Some(t.text), &NoFiles, &mut out);
            assert_eq!(code, 0, "{}: {}", t.id, out.text());
            assert!(
                out.text().ends_with(" created\n"),
                "{}: {}",
                t.id,
                out.text()
            );
            s.advance(paperkube_engine::time::Duration::from_secs(60), &mut out);
            let mut pods = Output::default();
            s.kubectl("kubectl get pods", None, &NoFiles, &mut pods);
            assert!(pods.text().contains("Running"), "{}: {}", t.id, pods.text());
            assert!(
                !pods.text().contains("Pending"),
                "{}: {}",
                t.id,
                pods.text()
            );
        }
    }
}
