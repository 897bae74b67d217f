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
}
