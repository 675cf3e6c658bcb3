//! The browser UI (Leptos, client-side rendered). Built only with the `csr` feature.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Entry point called by the generated JS: mounts the app into `#app`, replacing the
/// static loading shell that `index.html` paints before the wasm arrives.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let root = doc.get_element_by_id("app").expect("#app in index.html");
    root.set_inner_html("");
    let root: web_sys::HtmlElement = root.unchecked_into();
    leptos::mount::mount_to(root, App).forget();
}

#[component]
fn App() -> impl IntoView {
    view! { <main><h1>"邻里"</h1></main> }
}
