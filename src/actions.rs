//! Break it, fix it: buttons that act through the real cause. Each one builds the kubectl
//! command a reader would type (or, to lose a node, the simulator's power switch) and hands
//! it to the app, which runs it through the session and echoes it in the console. Nothing
//! here changes the cluster by itself.

use crate::i18n::{Lang, Msg};
use crate::snapshot::{DeploymentView, NodeView, PodView};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What a control asks the session to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A kubectl line, with a manifest on standard input for `apply -f -`.
    Kubectl {
        line: String,
        stdin: Option<String>,
    },
    /// The simulator's power switch (not kubectl): a node loses power, or gets it back.
    PowerOff(String),
    PowerOn(String),
    /// Change a Deployment's strategy: kubectl has no `patch` here, so the app reads the live
    /// object (`kubectl get -o json`), sets `spec.strategy` and applies it back.
    Strategy {
        name: String,
        strategy: String,
    },
}

impl Command {
    fn kubectl(line: impl Into<String>) -> Command {
        Command::Kubectl {
            line: line.into(),
            stdin: None,
        }
    }
}

/// The example the chapter starts from.
pub const EXAMPLE: &str = "kubectl create deployment web --image=nginx:1.25.3 --replicas=3";

/// An image tag that does not exist in the registry.
pub const BAD_IMAGE: &str = "nginx:1.99";

/// `1`, `25%` → the JSON value kubectl patch takes; anything else → `None`.
pub fn int_or_percent(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(n) = t.strip_suffix('%') {
        let v: u32 = n.parse().ok()?;
        return (v <= 100).then(|| format!("\"{v}%\""));
    }
    let v: u32 = t.parse().ok()?;
    Some(v.to_string())
}

/// The `spec.strategy` JSON for the form's values, or `None` when a value is not an integer
/// or a percentage.
pub fn strategy_json(recreate: bool, surge: &str, unavailable: &str) -> Option<String> {
    if recreate {
        return Some(r#"{"type":"Recreate"}"#.to_string());
    }
    Some(format!(
        r#"{{"type":"RollingUpdate","rollingUpdate":{{"maxSurge":{},"maxUnavailable":{}}}}}"#,
        int_or_percent(surge)?,
        int_or_percent(unavailable)?
    ))
}

/// The replicas stepper: one more or one fewer, kept within 0..=100 (the form's bounds).
pub fn step_count(value: &str, up: bool) -> String {
    let n: i64 = value.trim().parse().unwrap_or(0);
    let next = if up { n + 1 } else { n - 1 };
    next.clamp(0, 100).to_string()
}

/// The maxSurge / maxUnavailable stepper: integers by one, percentages by quarters
/// (25%, 50% … the chapter's values), never below 0 nor above 100%.
pub fn step_int_or_percent(value: &str, up: bool) -> String {
    let t = value.trim();
    if let Some(p) = t.strip_suffix('%') {
        let p: i64 = p.trim().parse().unwrap_or(0);
        let next = match (up, p % 25 == 0) {
            (true, _) => (p / 25 + 1) * 25,
            (false, true) => p - 25,
            (false, false) => p / 25 * 25,
        };
        return format!("{}%", next.clamp(0, 100));
    }
    let n: i64 = t.parse().unwrap_or(0);
    (if up { n + 1 } else { n - 1 }).max(0).to_string()
}

/// Switches a value between a count and a percentage of `replicas`, keeping about the same
/// number of pods: a percentage becomes the count the controller resolves it to (maxSurge
/// rounds up, maxUnavailable down: `round_up`), a count the nearest percentage.
pub fn toggle_unit(value: &str, replicas: i32, round_up: bool) -> String {
    let t = value.trim();
    let r = i64::from(replicas.max(0));
    if let Some(p) = t.strip_suffix('%') {
        let p: i64 = p.trim().parse().unwrap_or(0);
        let n = if round_up {
            (p * r + 99) / 100
        } else {
            p * r / 100
        };
        return n.to_string();
    }
    let n: i64 = t.parse().unwrap_or(0);
    let p = if r == 0 { 0 } else { (n * 200 + r) / (2 * r) };
    format!("{}%", p.clamp(0, 100))
}

/// `kubectl get deployment NAME -o json` output with `spec.strategy` replaced, and the
/// server-set fields a reader strips before applying it back (status, uid, resourceVersion …).
pub fn with_strategy(live_json: &str, strategy: &str) -> Option<String> {
    let mut v: serde_json::Value = serde_json::from_str(live_json).ok()?;
    let strategy: serde_json::Value = serde_json::from_str(strategy).ok()?;
    let obj = v.as_object_mut()?;
    obj.remove("status");
    if let Some(meta) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        for k in [
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "managedFields",
            "annotations",
        ] {
            meta.remove(k);
        }
    }
    obj.get_mut("spec")?
        .as_object_mut()?
        .insert("strategy".into(), strategy);
    serde_json::to_string_pretty(&v).ok().map(|s| s + "\n")
}

/// The break-it manifests: the Deployment as it is, with one thing wrong in its template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakage {
    Crash,
    Oom,
    InitFail,
    Readiness,
}

/// A Deployment manifest for `d` whose pod template carries `b`.
pub fn manifest(d: &DeploymentView, b: Breakage) -> String {
    let labels = |indent: &str| -> String {
        d.selector
            .iter()
            .map(|(k, v)| format!("{indent}{k}: {v}\n"))
            .collect()
    };
    let container = match b {
        Breakage::Crash => format!(
            "      - name: {c}\n        image: busybox:1.36\n        command: [\"sh\", \"-c\", \"echo starting; sleep 5; echo crashing; exit 1\"]\n",
            c = d.container
        ),
        Breakage::Oom => format!(
            "      - name: {c}\n        image: polinux/stress\n        resources:\n          requests:\n            memory: 50Mi\n          limits:\n            memory: 100Mi\n        command: [\"stress\"]\n        args: [\"--vm\", \"1\", \"--vm-bytes\", \"250M\", \"--vm-hang\", \"1\"]\n",
            c = d.container
        ),
        Breakage::InitFail => format!(
            "      initContainers:\n      - name: wait-for-db\n        image: busybox:1.36\n        command: [\"sh\", \"-c\", \"echo waiting for db; sleep 2; exit 1\"]\n      containers:\n      - name: {c}\n        image: {i}\n",
            c = d.container,
            i = d.image
        ),
        Breakage::Readiness => format!(
            "      - name: {c}\n        image: {i}\n        readinessProbe:\n          httpGet:\n            path: /healthz\n            port: 80\n          periodSeconds: 5\n",
            c = d.container,
            i = d.image
        ),
    };
    let containers = if b == Breakage::InitFail {
        container
    } else {
        format!("      containers:\n{container}")
    };
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {r}\n  selector:\n    matchLabels:\n{sel}  template:\n    metadata:\n      labels:\n{tl}    spec:\n{containers}",
        name = d.name,
        r = d.replicas,
        sel = labels("      "),
        tl = labels("        "),
    )
}

#[derive(Properties, PartialEq)]
pub struct ActionsProps {
    pub lang: Lang,
    pub deployments: Vec<DeploymentView>,
    pub nodes: Vec<NodeView>,
    /// The selected pod (the one "delete a pod" and "lose a node" act on).
    pub selected: Option<PodView>,
    pub on_run: Callback<Command>,
}

fn input_value(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

/// A field the reader is editing: `None` shows the live object's value, so the form follows
/// the cluster until the reader touches it, and again once the change is applied.
type Draft = UseStateHandle<Option<String>>;

/// Widgets on one page need distinct radio-group names.
fn next_form_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A text field with − / + buttons beside it (and, for maxSurge / maxUnavailable, a
/// count ↔ percentage switch), so it can be set with the mouse alone or typed.
struct Stepper<'a> {
    lang: Lang,
    /// `data-field` of the input and the prefix of its buttons' `data-action`s.
    field: &'static str,
    label: String,
    value: String,
    draft: &'a Draft,
    step: fn(&str, bool) -> String,
    /// `Some(f)`: a unit switch that turns the value into `f(value)`.
    unit: Option<Callback<String, String>>,
    disabled: bool,
    numeric: bool,
    invalid: bool,
}

impl Stepper<'_> {
    fn view(self) -> Html {
        let l = self.lang;
        let set = |next: String| {
            let draft = self.draft.clone();
            Callback::from(move |_: MouseEvent| draft.set(Some(next.clone())))
        };
        let oninput = {
            let draft = self.draft.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                    draft.set(Some(i.value()));
                }
            })
        };
        let button = |dir: &'static str, text: &'static str, msg: Msg, next: String| {
            html! {
                <button type="button" class="pk-btn pk-step" data-action={format!("{}-{dir}", self.field)}
                    aria-label={format!("{} {}", self.label, msg.text(l))} title={msg.text(l)}
                    disabled={self.disabled} onclick={set(next)}><span aria-hidden="true">{ text }</span></button>
            }
        };
        let down = (self.step)(&self.value, false);
        let up = (self.step)(&self.value, true);
        let percent = self.value.trim().ends_with('%');
        // Not a <label> around it all: its first button would take the label from the input.
        html! {
            <div class="pk-field" role="group" aria-label={self.label.clone()}>
                <span aria-hidden="true">{ self.label.clone() }</span>
                <span class="pk-stepper">
                    { button("down", "−", Msg::Decrease, down) }
                    <input type="text" size="5" spellcheck="false" autocomplete="off" data-field={self.field}
                        inputmode={if self.numeric { "numeric" } else { "text" }}
                        value={self.value.clone()} oninput={oninput} disabled={self.disabled}
                        aria-label={self.label.clone()} aria-invalid={self.invalid.to_string()} />
                    { button("up", "+", Msg::Increase, up) }
                    if let Some(unit) = self.unit {
                        <button type="button" class="pk-btn pk-step" data-action={format!("{}-unit", self.field)}
                            aria-pressed={percent.to_string()} aria-label={format!("{} {}", self.label, Msg::InPercent.text(l))}
                            title={Msg::InPercent.text(l)} disabled={self.disabled}
                            onclick={set(unit.emit(self.value.clone()))}>{ "%" }</button>
                    }
                </span>
            </div>
        }
    }
}

#[function_component(Actions)]
pub fn actions(p: &ActionsProps) -> Html {
    let l = p.lang;
    let target = use_state(|| None::<String>);
    let error = use_state(|| None::<Msg>);
    let form_id = use_state(next_form_id);
    let replicas_draft: Draft = use_state(|| None);
    let surge_draft: Draft = use_state(|| None);
    let unavail_draft: Draft = use_state(|| None);
    let type_draft: Draft = use_state(|| None);
    let image_ref = use_node_ref();
    let d = target
        .as_ref()
        .and_then(|t| p.deployments.iter().find(|d| &d.name == t))
        .or_else(|| p.deployments.first())
        .cloned();
    let run = |cmd: Command| {
        let on_run = p.on_run.clone();
        Callback::from(move |_: MouseEvent| on_run.emit(cmd.clone()))
    };
    let button = |action: &'static str, msg: Msg, cmd: Option<Command>, class: &'static str| {
        let title = match &cmd {
            Some(Command::Kubectl { line, .. }) => line.clone(),
            Some(Command::PowerOff(n)) => format!("power off {n}"),
            Some(Command::PowerOn(n)) => format!("power on {n}"),
            Some(Command::Strategy { name, .. }) => {
                format!("kubectl apply -f - (deployment {name})")
            }
            None => Msg::NoDeployment.text(l).to_string(),
        };
        let disabled = cmd.is_none();
        let onclick = cmd.map(run).unwrap_or_default();
        html! {
            <button type="button" class={classes!("pk-btn", class)} data-action={action} title={title}
                disabled={disabled} onclick={onclick}>{ msg.text(l) }</button>
        }
    };

    let Some(d) = d else {
        return html! {
            <section class="pk-actions" aria-label={Msg::Actions.text(l)}>
                <h3 class="pk-subtitle">{ Msg::Actions.text(l) }</h3>
                { button("create-example", Msg::CreateExample, Some(Command::kubectl(EXAMPLE)), "pk-btn-primary") }
                <p class="pk-hint">{ Msg::NoDeployment.text(l) }</p>
            </section>
        };
    };
    let name = d.name.clone();
    // The pod to delete: the selected one, else the first pod of the newest lane.
    let victim = p
        .selected
        .clone()
        .or_else(|| d.lanes.iter().flat_map(|rs| rs.pods.iter()).next().cloned());
    let on_node = victim
        .as_ref()
        .map(|v| v.node.clone())
        .filter(|n| !n.is_empty());
    let lose = on_node
        .filter(|n| p.nodes.iter().any(|x| &x.name == n && x.powered))
        .or_else(|| {
            p.nodes
                .iter()
                .filter(|n| n.powered)
                .max_by_key(|n| n.pods)
                .map(|n| n.name.clone())
        });
    let off = p.nodes.iter().find(|n| !n.powered).map(|n| n.name.clone());
    let apply = |b: Breakage| Command::Kubectl {
        line: "kubectl apply -f -".into(),
        stdin: Some(manifest(&d, b)),
    };

    // What the forms show: the reader's draft, else the live object.
    let replicas = (*replicas_draft)
        .clone()
        .unwrap_or_else(|| d.replicas.to_string());
    let surge = (*surge_draft)
        .clone()
        .unwrap_or_else(|| d.max_surge_spec.clone().unwrap_or_else(|| "25%".into()));
    let unavail = (*unavail_draft).clone().unwrap_or_else(|| {
        d.max_unavailable_spec
            .clone()
            .unwrap_or_else(|| "25%".into())
    });
    let kind = (*type_draft).clone().unwrap_or_else(|| d.strategy.clone());
    let recreate = kind == "Recreate";

    let on_scale = {
        let (on_run, name, draft, value) = (
            p.on_run.clone(),
            name.clone(),
            replicas_draft.clone(),
            replicas.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(n) = value.trim().parse::<u32>() {
                draft.set(None);
                on_run.emit(Command::kubectl(format!(
                    "kubectl scale deployment/{name} --replicas={n}"
                )));
            }
        })
    };
    let on_image = {
        let (on_run, r, name, c) = (
            p.on_run.clone(),
            image_ref.clone(),
            name.clone(),
            d.container.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let v = input_value(&r);
            let v = v.trim();
            if !v.is_empty() && !v.contains(char::is_whitespace) {
                on_run.emit(Command::kubectl(format!(
                    "kubectl set image deployment/{name} {c}={v}"
                )));
            }
        })
    };
    let on_strategy = {
        let (on_run, name, error) = (p.on_run.clone(), name.clone(), error.clone());
        let drafts = [
            surge_draft.clone(),
            unavail_draft.clone(),
            type_draft.clone(),
        ];
        let (surge, unavail) = (surge.clone(), unavail.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match strategy_json(recreate, &surge, &unavail) {
                Some(strategy) => {
                    error.set(None);
                    drafts.iter().for_each(|d| d.set(None));
                    on_run.emit(Command::Strategy {
                        name: name.clone(),
                        strategy,
                    });
                }
                None => error.set(Some(Msg::InvalidIntOrPercent)),
            }
        })
    };
    let on_target = {
        let target = target.clone();
        let drafts = [
            replicas_draft.clone(),
            surge_draft.clone(),
            unavail_draft.clone(),
            type_draft.clone(),
        ];
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                drafts.iter().for_each(|d| d.set(None));
                target.set(Some(s.value()));
            }
        })
    };
    let radio = |value: &'static str| {
        let draft = type_draft.clone();
        html! {
            <label class="pk-radio">
                <input type="radio" name={format!("pk{}-strategy-type", *form_id)} value={value}
                    checked={kind == value} onchange={Callback::from(move |_: Event| draft.set(Some(value.to_string())))} />
                { value }
            </label>
        }
    };
    let unit = |round_up: bool| {
        let r = d.replicas;
        Some(Callback::from(move |v: String| {
            toggle_unit(&v, r, round_up)
        }))
    };
    html! {
        <section class="pk-actions" aria-label={Msg::Actions.text(l)}>
            <h3 class="pk-subtitle">{ Msg::Actions.text(l) }</h3>
            if p.deployments.len() > 1 {
                <label class="pk-field">
                    <span>{ Msg::Target.text(l) }</span>
                    <select onchange={on_target} data-field="target">
                        { for p.deployments.iter().map(|x| html! { <option value={x.name.clone()} selected={x.name == d.name}>{ &x.name }</option> }) }
                    </select>
                </label>
            }
            <div class="pk-action-groups">
                <fieldset class="pk-group pk-break">
                    <legend>{ "⚡ " }{ Msg::Break.text(l) }</legend>
                    { button("delete-pod", Msg::DeletePod, victim.map(|v| Command::kubectl(format!("kubectl delete pod {}", v.name))), "") }
                    { button("bad-image", Msg::BadImage, Some(Command::kubectl(format!("kubectl set image deployment/{name} {}={BAD_IMAGE}", d.container))), "") }
                    { button("crash", Msg::Crash, Some(apply(Breakage::Crash)), "") }
                    { button("oom", Msg::OomKill, Some(apply(Breakage::Oom)), "") }
                    { button("init-fail", Msg::InitFail, Some(apply(Breakage::InitFail)), "") }
                    { button("readiness-fail", Msg::ReadinessFail, Some(apply(Breakage::Readiness)), "") }
                    { button("lose-node", Msg::LoseNode, lose.map(Command::PowerOff), "") }
                </fieldset>
                <fieldset class="pk-group pk-fix">
                    <legend>{ "✓ " }{ Msg::Fix.text(l) }</legend>
                    { button("undo", Msg::Undo, Some(Command::kubectl(format!("kubectl rollout undo deployment/{name}"))), "") }
                    if d.paused {
                        { button("resume", Msg::ResumeRollout, Some(Command::kubectl(format!("kubectl rollout resume deployment/{name}"))), "") }
                    } else {
                        { button("pause-rollout", Msg::PauseRollout, Some(Command::kubectl(format!("kubectl rollout pause deployment/{name}"))), "") }
                    }
                    { button("power-on", Msg::PowerOn, off.map(Command::PowerOn), "") }
                    <form class="pk-inline" onsubmit={on_scale} data-form="scale">
                        { Stepper { lang: l, field: "replicas", label: Msg::Replicas.text(l).to_string(), value: replicas,
                            draft: &replicas_draft, step: step_count, unit: None, disabled: false, numeric: true, invalid: false }.view() }
                        <button type="submit" class="pk-btn" data-action="scale">{ Msg::Scale.text(l) }</button>
                    </form>
                    <form class="pk-inline" onsubmit={on_image} data-form="set-image">
                        <label class="pk-field">
                            <span>{ format!("{} ({})", Msg::Image.text(l), d.container) }</span>
                            <input ref={image_ref} type="text" spellcheck="false" autocomplete="off" data-field="image" value={"nginx:1.26"} />
                        </label>
                        <button type="submit" class="pk-btn" data-action="set-image">{ Msg::SetImage.text(l) }</button>
                    </form>
                    <form class="pk-inline pk-strategy-form" onsubmit={on_strategy} data-form="strategy">
                        <fieldset class="pk-radios">
                            <legend>{ Msg::Strategy.text(l) }</legend>
                            { radio("RollingUpdate") }
                            { radio("Recreate") }
                        </fieldset>
                        { Stepper { lang: l, field: "max-surge", label: Msg::MaxSurge.text(l).to_string(), value: surge,
                            draft: &surge_draft, step: step_int_or_percent, unit: unit(true), disabled: recreate, numeric: false, invalid: error.is_some() }.view() }
                        { Stepper { lang: l, field: "max-unavailable", label: Msg::MaxUnavailable.text(l).to_string(), value: unavail,
                            draft: &unavail_draft, step: step_int_or_percent, unit: unit(false), disabled: recreate, numeric: false, invalid: error.is_some() }.view() }
                        <button type="submit" class="pk-btn" data-action="strategy">{ Msg::ApplyStrategy.text(l) }</button>
                        if let Some(e) = *error {
                            <p class="pk-error" role="alert">{ e.text(l) }</p>
                        }
                    </form>
                </fieldset>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paperkube_engine::api::intstr::IntOrString;
    use paperkube_engine::kubectl::{NoFiles, Output, Stream};
    use paperkube_engine::time::Duration;
    use paperkube_engine::{ClusterConfig, Session};

    #[test]
    fn int_or_percent_accepts_what_kubernetes_accepts() {
        assert_eq!(int_or_percent("1").as_deref(), Some("1"));
        assert_eq!(int_or_percent(" 25% ").as_deref(), Some("\"25%\""));
        assert_eq!(int_or_percent("-1"), None);
        assert_eq!(int_or_percent("1.5"), None);
        assert_eq!(int_or_percent("120%"), None);
        assert_eq!(int_or_percent("abc"), None);
    }

    #[test]
    fn strategy_json_from_the_form() {
        assert_eq!(
            strategy_json(false, "1", "0%").as_deref(),
            Some(
                r#"{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":"0%"}}"#
            )
        );
        assert_eq!(
            strategy_json(true, "x", "y").as_deref(),
            Some(r#"{"type":"Recreate"}"#)
        );
        assert_eq!(strategy_json(false, "x", "1"), None);
    }

    #[test]
    fn steppers_move_by_one_or_by_quarters() {
        assert_eq!(step_count("3", true), "4");
        assert_eq!(step_count("0", false), "0");
        assert_eq!(step_count("x", true), "1");
        assert_eq!(step_int_or_percent("1", false), "0");
        assert_eq!(step_int_or_percent("0", false), "0");
        assert_eq!(step_int_or_percent("25%", true), "50%");
        assert_eq!(step_int_or_percent("33%", false), "25%");
        assert_eq!(step_int_or_percent("10%", true), "25%");
        assert_eq!(step_int_or_percent("100%", true), "100%");
    }

    /// The unit switch keeps about the same number of pods, rounding as the controller does.
    #[test]
    fn the_unit_switch_keeps_the_pod_count() {
        assert_eq!(toggle_unit("25%", 3, true), "1");
        assert_eq!(toggle_unit("25%", 3, false), "0");
        assert_eq!(toggle_unit("2", 3, true), "67%");
        assert_eq!(toggle_unit("1", 4, false), "25%");
        assert_eq!(toggle_unit("9", 3, true), "100%");
        assert_eq!(toggle_unit("1", 0, true), "0%");
    }

    /// What the command printed on standard output (kubectl's warnings go to stderr).
    fn run(s: &mut Session, line: &str, stdin: Option<&str>) -> String {
        let mut out = Output::default();
        s.kubectl(line, stdin, &NoFiles, &mut out);
        out.chunks
            .iter()
            .filter(|(stream, _)| *stream == Stream::Stdout)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    /// The live object with a new strategy applies back, and only the strategy changes.
    #[test]
    fn a_strategy_applies_through_the_live_object() {
        let mut s = Session::new(&ClusterConfig::default());
        run(&mut s, EXAMPLE, None);
        s.advance(Duration::from_secs(10), &mut Output::default());
        let live = run(&mut s, "kubectl get deployment web -o json", None);
        let strategy = strategy_json(false, "2", "50%").expect("valid");
        let manifest = with_strategy(&live, &strategy).expect("manifest");
        assert!(!manifest.contains("\"status\""), "{manifest}");
        let out = run(&mut s, "kubectl apply -f -", Some(&manifest));
        assert_eq!(out, "deployment.apps/web configured\n");
        let d = s
            .cluster
            .api
            .deployments()
            .iter()
            .next()
            .expect("web")
            .clone();
        let ru = d
            .spec
            .strategy
            .and_then(|st| st.rolling_update)
            .expect("rolling update");
        assert_eq!(
            (ru.max_surge, ru.max_unavailable),
            (
                Some(IntOrString::Int(2)),
                Some(IntOrString::String("50%".into()))
            )
        );
        // Nothing else moved: no new ReplicaSet, same image.
        s.advance(Duration::from_secs(1), &mut Output::default());
        assert_eq!(s.cluster.api.replicasets().len(), 1);
        assert_eq!(d.spec.template.spec.containers[0].image, "nginx:1.25.3");
        let recreate = with_strategy(&live, r#"{"type":"Recreate"}"#).expect("manifest");
        assert_eq!(
            run(&mut s, "kubectl apply -f -", Some(&recreate)),
            "deployment.apps/web configured\n"
        );
    }

    #[test]
    fn break_it_manifests_apply() {
        let mut s = Session::new(&ClusterConfig::default());
        run(&mut s, EXAMPLE, None);
        s.advance(Duration::from_secs(10), &mut Output::default());
        let snap =
            crate::snapshot::Snapshot::take(&s.cluster, "default", ClusterConfig::default().start);
        let d = &snap.deployments[0];
        for b in [
            Breakage::Crash,
            Breakage::Oom,
            Breakage::InitFail,
            Breakage::Readiness,
        ] {
            let out = run(&mut s, "kubectl apply -f -", Some(&manifest(d, b)));
            assert_eq!(
                out,
                "deployment.apps/web configured\n",
                "{b:?}: {}",
                manifest(d, b)
            );
        }
    }
}
