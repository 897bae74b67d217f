//! Play, pause, step, speed and reset, with the virtual clock.

use crate::i18n::{Lang, Msg};
use crate::snapshot::clock_label;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Play,
    Pause,
    Step,
    Faster,
    Slower,
    Reset,
}

impl Control {
    /// The `data-action` value (part of the DOM contract).
    pub fn action(self) -> &'static str {
        match self {
            Control::Play => "play",
            Control::Pause => "pause",
            Control::Step => "step",
            Control::Faster => "faster",
            Control::Slower => "slower",
            Control::Reset => "reset",
        }
    }
    fn label(self) -> Msg {
        match self {
            Control::Play => Msg::Play,
            Control::Pause => Msg::Pause,
            Control::Step => Msg::Step,
            Control::Faster => Msg::Faster,
            Control::Slower => Msg::Slower,
            Control::Reset => Msg::Reset,
        }
    }
    fn icon(self) -> &'static str {
        match self {
            Control::Play => "▶",
            Control::Pause => "❚❚",
            Control::Step => "▶❚",
            Control::Faster => "»",
            Control::Slower => "«",
            Control::Reset => "↺",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct TimeControlsProps {
    pub lang: Lang,
    pub playing: bool,
    pub speed: f64,
    pub elapsed_ms: i64,
    pub has_next: bool,
    pub on_control: Callback<Control>,
}

#[function_component(TimeControls)]
pub fn time_controls(p: &TimeControlsProps) -> Html {
    let button = |c: Control, disabled: bool| {
        let on_control = p.on_control.clone();
        let label = c.label().text(p.lang);
        html! {
            <button type="button" class="pk-btn" data-action={c.action()} title={label} aria-label={label}
                disabled={disabled} onclick={Callback::from(move |_| on_control.emit(c))}>
                <span aria-hidden="true">{ c.icon() }</span>
                <span class="pk-btn-label">{ label }</span>
            </button>
        }
    };
    let speed = if p.speed.fract() == 0.0 {
        format!("{}×", p.speed as i64)
    } else {
        format!("{:.1}×", p.speed)
    };
    html! {
        <div class="pk-controls" role="toolbar" aria-label={Msg::TimeToolbar.text(p.lang)}>
            { button(Control::Play, p.playing) }
            { button(Control::Pause, !p.playing) }
            { button(Control::Step, !p.has_next) }
            { button(Control::Slower, false) }
            <span class="pk-speed"><span class="pk-sr-only">{ Msg::Speed.text(p.lang) }{ " " }</span>{ speed }</span>
            { button(Control::Faster, false) }
            { button(Control::Reset, false) }
            <span class="pk-clock" title={Msg::Clock.text(p.lang)}>
                <span class="pk-clock-label">{ Msg::Clock.text(p.lang) }</span>
                <time>{ clock_label(p.elapsed_ms) }</time>
            </span>
        </div>
    }
}
