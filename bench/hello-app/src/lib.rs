//! The baseline the bundle and start-up benchmarks compare paperkube against: the smallest
//! Yew 0.23 app that draws something, built by trunk with the widget's release profile and
//! wasm-opt level (see bench/hello-app/index.html and scripts/bench-bundle.sh).

use yew::prelude::*;

#[function_component(Hello)]
pub fn hello() -> Html {
    html! { <p class="hello">{ "Hello, paperkube" }</p> }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<Hello>::new().render();
}
