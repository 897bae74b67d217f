//! The widget's words in Korean and English. Every message names both texts in one
//! place, so a missing translation does not compile. kubectl output stays English.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    /// `ko` → Korean; `en` → English; anything else → `None` (the caller falls back).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ko" | "ko-kr" | "kr" => Some(Lang::Ko),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }
}

macro_rules! messages {
    ($($name:ident => ($ko:expr, $en:expr),)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($name,)* }

        impl Msg {
            pub fn text(self, lang: Lang) -> &'static str {
                match self {
                    $(Msg::$name => match lang { Lang::Ko => $ko, Lang::En => $en },)*
                }
            }
        }
    };
}

messages! {
    Play => ("재생", "Play"),
    Pause => ("일시정지", "Pause"),
    Step => ("다음 단계", "Step"),
    Faster => ("빠르게", "Faster"),
    Slower => ("느리게", "Slower"),
    Reset => ("초기화", "Reset"),
    Speed => ("속도", "Speed"),
    Clock => ("가상 시각", "Virtual time"),
    Console => ("kubectl 콘솔", "kubectl console"),
    ConsolePlaceholder => ("kubectl 명령을 입력하고 Enter", "Type a kubectl command and press Enter"),
    Cluster => ("클러스터", "Cluster"),
    EmptyCluster => ("아직 아무것도 없습니다. 아래 콘솔에서 kubectl 명령을 입력해 보세요.", "Nothing here yet. Type a kubectl command in the console below."),
    Deployment => ("Deployment", "Deployment"),
    ReplicaSet => ("ReplicaSet", "ReplicaSet"),
    Revision => ("리비전", "revision"),
    Desired => ("원하는 수", "desired"),
    Current => ("현재", "current"),
    Ready => ("준비", "ready"),
    StandalonePods => ("컨트롤러 없는 Pod", "Pods without a controller"),
    LivePods => ("kubectl get pods (실시간)", "kubectl get pods (live)"),
    Idle => ("대기 중인 일이 없습니다", "Nothing is scheduled to happen"),
    Widget => ("paperkube: 브라우저 안의 쿠버네티스 클러스터", "paperkube: a Kubernetes cluster in your browser"),
    TimeToolbar => ("시간 조절", "Time controls"),
    // Views of the picture
    ViewAs => ("보기", "View"),
    Picture => ("그림", "Picture"),
    Table => ("표", "Table"),
    TableCaption => ("클러스터의 Pod (그림과 같은 내용)", "Pods in the cluster (the picture as a table)"),
    Owner => ("소속", "Owner"),
    Node => ("노드", "Node"),
    Nodes => ("노드", "Nodes"),
    NodeNotReady => ("응답 없음", "not responding"),
    PoweredOff => ("전원 꺼짐", "powered off"),
    NodeLost => ("노드 연결 끊김", "node lost"),
    Status => ("STATUS", "STATUS"),
    Restarts => ("재시작", "Restarts"),
    Countdown => ("진행", "Progress"),
    // Motion labels
    Pulling => ("이미지 받는 중", "pulling image"),
    BackingOff => ("재시작까지", "restart in"),
    Grace => ("종료 유예", "grace period"),
    PreStop => ("preStop 훅 실행 중", "preStop hook running"),
    Seconds => ("초", "s"),
    // Rollout arithmetic
    RolloutSlots => ("동시에 최대 {}개 (replicas {} + maxSurge {})", "at most {} pods at once (replicas {} + maxSurge {})"),
    RolloutFloor => ("최소 {}개 유지 (replicas {} − maxUnavailable {})", "keep at least {} available (replicas {} − maxUnavailable {})"),
    RolloutNow => ("지금 Pod {}개 · 사용 가능 {}개 · 새 버전 {}개", "now {} pods · {} available · {} updated"),
    RolloutWaits => ("사용 가능한 Pod가 최소 개수에 닿아 있어서, 새 Pod가 준비될 때까지 컨트롤러가 기다립니다.", "Available pods are at the floor, so the controller waits for a new pod to become ready."),
    RolloutFull => ("최대 개수에 닿아 있어서, 오래된 Pod가 줄어들 때까지 새 Pod를 더 만들지 않습니다.", "At the ceiling: no new pod until an old one goes."),
    Recreate => ("Recreate: 오래된 Pod를 모두 지운 뒤 새 Pod를 만듭니다.", "Recreate: every old pod goes before new ones start."),
    RolloutPaused => ("롤아웃 일시 중지됨", "rollout paused"),
    SlotPod => ("Pod 자리 (사용 중)", "pod slot (used)"),
    SlotFree => ("Pod 자리 (비어 있음)", "pod slot (free)"),
    // The pod side panel
    PodPanel => ("Pod 자세히 보기", "Pod details"),
    Close => ("닫기", "Close"),
    Phase => ("Phase (라이프사이클)", "Phase (lifecycle)"),
    StatusColumn => ("kubectl STATUS 컬럼", "kubectl STATUS column"),
    PhaseVsStatus => ("Phase는 다섯 가지뿐이고, STATUS는 Phase와 컨테이너 상태를 합친 요약입니다.", "There are only five phases; STATUS summarises the phase and the containers' states."),
    Lifecycle => ("Pod 라이프사이클", "Pod lifecycle"),
    Containers => ("컨테이너", "Containers"),
    InitContainer => ("init 컨테이너", "init container"),
    State => ("state", "state"),
    LastState => ("lastState", "lastState"),
    ContainerReady => ("ready", "ready"),
    DescribeEvents => ("kubectl describe pod", "kubectl describe pod"),
    SelectHint => ("Pod를 누르면 자세한 상태를 볼 수 있습니다.", "Select a pod to see its details."),
    PhasePending => ("승인되었지만 컨테이너가 아직 실행되지 않음", "accepted; containers not all running yet"),
    PhaseRunning => ("노드에 배치되어 컨테이너가 실행 중", "bound to a node; containers running"),
    PhaseSucceeded => ("모든 컨테이너가 성공적으로 종료됨", "all containers exited successfully"),
    PhaseFailed => ("모든 컨테이너가 종료, 하나 이상 실패", "all containers exited, at least one failed"),
    PhaseUnknown => ("Pod 상태를 알 수 없음 (노드 통신 오류)", "state unknown (node unreachable)"),
    // Break it / fix it
    Actions => ("망가뜨리고 고치기", "Break it and fix it"),
    Target => ("대상 Deployment", "Target Deployment"),
    Break => ("망가뜨리기", "Break it"),
    Fix => ("고치기", "Fix it"),
    CreateExample => ("예제 Deployment 만들기 (web, nginx 3개)", "Create the example Deployment (web, 3 × nginx)"),
    DeletePod => ("Pod 하나 삭제", "Delete a pod"),
    BadImage => ("없는 이미지로 롤아웃", "Roll out a bad image"),
    Crash => ("컨테이너가 죽게 하기", "Make a container crash"),
    OomKill => ("메모리 한도 초과", "Exceed the memory limit"),
    InitFail => ("init 컨테이너 실패", "Fail an init container"),
    ReadinessFail => ("readiness 프로브 실패", "Fail a readiness probe"),
    LoseNode => ("노드 하나 끄기", "Lose a node"),
    PowerOn => ("꺼진 노드 다시 켜기", "Power the node back on"),
    Replicas => ("replicas", "replicas"),
    Scale => ("스케일", "Scale"),
    Image => ("이미지", "Image"),
    SetImage => ("이미지 바꾸기", "Set image"),
    Undo => ("이전 버전으로 되돌리기", "Undo the rollout"),
    PauseRollout => ("롤아웃 일시 중지", "Pause the rollout"),
    ResumeRollout => ("롤아웃 재개", "Resume the rollout"),
    Strategy => ("배포 전략", "Strategy"),
    MaxSurge => ("maxSurge (정수 또는 %)", "maxSurge (integer or %)"),
    MaxUnavailable => ("maxUnavailable (정수 또는 %)", "maxUnavailable (integer or %)"),
    Decrease => ("줄이기", "decrease"),
    Increase => ("늘리기", "increase"),
    InPercent => ("백분율(%)로 바꾸기", "as a percentage"),
    ApplyStrategy => ("전략 적용", "Apply strategy"),
    InvalidIntOrPercent => ("정수나 25% 같은 백분율을 입력하세요", "Enter an integer or a percentage such as 25%"),
    RunsCommand => ("실행할 명령", "Runs"),
    NoDeployment => ("먼저 Deployment를 만드세요.", "Create a Deployment first."),
    // Live announcements
    AnnouncePod => ("pod {}: {}, 재시작 {}회", "pod {}: {}, restart {}"),
    AnnounceGone => ("pod {}: 삭제됨", "pod {}: deleted"),
    AnnounceNew => ("pod {}: 생성됨 ({})", "pod {}: created ({})"),
    // Panels
    KubectlPanels => ("kubectl 출력 (실시간)", "kubectl output (live)"),
    // The manifest editor
    EditorTitle => ("매니페스트 편집기", "Manifest editor"),
    EditorToggle => ("매니페스트 편집기", "Manifest editor"),
    EditorLabel => ("매니페스트 (YAML, 여러 문서는 --- 줄로 구분)", "Manifest (YAML; separate documents with a --- line)"),
    EditorTemplates => ("템플릿", "Template"),
    EditorPickTemplate => ("템플릿 불러오기…", "Load a template…"),
    EditorDraft => ("내 초안으로 돌아가기", "Back to my draft"),
    EditorApply => ("적용 (kubectl apply -f)", "Apply (kubectl apply -f)"),
    EditorSave => ("저장", "Save"),
    EditorCancel => ("취소", "Cancel"),
    EditorKeys => ("Tab은 공백 두 칸을 넣습니다. 편집기를 나가려면 Esc를 누른 뒤 Tab. Ctrl+Enter로 적용합니다.", "Tab inserts two spaces. To leave the editor press Esc, then Tab. Ctrl+Enter applies."),
    EditorLine => ("{}번째 줄", "Line {}"),
    EditorLineColumn => ("{}번째 줄 {}번째 칸", "Line {}, column {}"),
    TemplatePod => ("Pod nginx (6.1)", "Pod nginx (6.1)"),
    TemplateReplicaSet => ("ReplicaSet httpserver (6.2)", "ReplicaSet httpserver (6.2)"),
    TemplateDeployment => ("Deployment web (6.2)", "Deployment web (6.2)"),
    TemplateHelloServer => ("Deployment hello-server (6.2.3)", "Deployment hello-server (6.2.3)"),
}

/// Fills each `{}` in `template` with the next argument, in order (Korean and English
/// templates may phrase around the numbers differently, but keep their order).
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        if let Some(a) = args.next() {
            out.push_str(&a.to_string());
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_differ_where_words_are_translated() {
        assert_eq!(Msg::Play.text(Lang::Ko), "재생");
        assert_eq!(Msg::Play.text(Lang::En), "Play");
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn templates_fill_in_order() {
        assert_eq!(
            fill(Msg::RolloutFloor.text(Lang::Ko), &[&3, &3, &0]),
            "최소 3개 유지 (replicas 3 − maxUnavailable 0)"
        );
        assert_eq!(
            fill(
                Msg::AnnouncePod.text(Lang::En),
                &[&"web-1", &"CrashLoopBackOff", &3]
            ),
            "pod web-1: CrashLoopBackOff, restart 3"
        );
    }
}
