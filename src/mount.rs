//! Finds every `<div class="paperkube">` on the page and mounts an independent widget in
//! it, configured by its `data-` attributes (see docs/embedding.md for the DOM contract).

use crate::i18n::Lang;

/// The widget's settings, read from the host element (and the page's query string).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub scenario: String,
    pub lang: Lang,
    pub speed: f64,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            scenario: String::new(),
            lang: Lang::Ko,
            speed: 1.0,
            seed: 1,
        }
    }
}

impl Config {
    /// Builds a config from attribute lookups, falling back to the page language and defaults.
    pub fn from_lookup(attr: impl Fn(&str) -> Option<String>, page_lang: Option<String>) -> Config {
        // Scenario hook (issue 10): a built-in scenario's seed and speed are the defaults.
        let d = crate::scenarios::defaults(attr("scenario").as_deref());
        let lang = attr("lang")
            .and_then(|l| Lang::parse(&l))
            .or_else(|| page_lang.and_then(|l| Lang::parse(l.split('-').next().unwrap_or(&l))))
            .unwrap_or(d.lang);
        let speed = attr("speed")
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0 && *s <= 3600.0)
            .unwrap_or(d.speed);
        let seed = attr("seed")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(d.seed);
        Config {
            scenario: attr("scenario").unwrap_or_default(),
            lang,
            speed,
            seed,
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub fn mount_all() {
    use crate::app::{App, Props};
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let params = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok());
    let page_lang = document
        .document_element()
        .map(|e| e.get_attribute("lang").unwrap_or_default());
    let Ok(hosts) = document.query_selector_all("div.paperkube") else {
        return;
    };
    for i in 0..hosts.length() {
        let Some(el) = hosts
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if el.has_attribute("data-paperkube-mounted") {
            continue;
        }
        let _ = el.set_attribute("data-paperkube-mounted", "");
        let host = el.clone();
        let query = params.clone();
        // A query string (`?speed=60&lang=ko`) overrides the element's attributes.
        let attr = move |name: &str| {
            query
                .as_ref()
                .and_then(|q| q.get(name))
                .or_else(|| host.get_attribute(&format!("data-{name}")))
        };
        let config = Config::from_lookup(attr, page_lang.clone());
        yew::Renderer::<App>::with_root_and_props(el, Props { config }).render();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_with_fallbacks() {
        let c = Config::from_lookup(
            |k| (k == "speed").then(|| "60".to_string()),
            Some("en-US".into()),
        );
        assert_eq!((c.lang, c.speed), (Lang::En, 60.0));
        let c = Config::from_lookup(|k| (k == "speed").then(|| "-3".to_string()), None);
        assert_eq!((c.lang, c.speed), (Lang::Ko, 1.0));
        let c = Config::from_lookup(
            |k| (k == "lang").then(|| "en".to_string()),
            Some("ko".into()),
        );
        assert_eq!(c.lang, Lang::En);
    }
}
