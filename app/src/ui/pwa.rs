//! The app as an installed, offline-capable web app: it takes over from the static first
//! paint of `index.html` without a flash, follows the network coming and going, tells
//! what still works offline, and announces a new version (the service worker is
//! `public/sw.js`, registered by `index.html`).

use std::cell::RefCell;
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Msg;
use crate::ui::state::use_session;

/// How long the static first paint may wait for the first "who am I" answer before the
/// app shows its own loading state instead.
const REVEAL_AFTER: Duration = Duration::from_millis(3_000);

thread_local! {
    /// The detached element the app is mounted into until `reveal`.
    static HOST: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// Mounts the app into a detached element; `reveal` moves it into `#app` in place of the
/// static first paint once the shell knows who is signed in, so the page goes from the
/// static home page to the live one without a loading flash in between.
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let doc = document();
    let host = doc.create_element("div").expect("a div");
    HOST.with(|h| *h.borrow_mut() = Some(host.clone()));
    leptos::mount::mount_to(host.unchecked_into(), app).forget();
    set_timeout(reveal, REVEAL_AFTER);
}

/// Puts the mounted app in place of the static first paint (once; later calls do nothing).
pub fn reveal() {
    let Some(host) = HOST.with(|h| h.borrow_mut().take()) else {
        return;
    };
    let Some(root) = document().get_element_by_id("app") else {
        return;
    };
    let typed = typing(&root);
    root.set_inner_html("");
    while let Some(child) = host.first_child() {
        let _ = root.append_child(&child);
    }
    if let Some((field, focused)) = typed {
        // The shell reveals before it draws the page, whose field (and its first effects)
        // come after this: carry over before the next paint, once they are there.
        request_animation_frame(move || carry_typing(&field, focused));
    }
}

/// The static first paint's field (the shop's search box, the one field a first screen
/// has) when a person typed into it or is in it, and whether they are.
fn typing(root: &web_sys::Element) -> Option<(web_sys::HtmlInputElement, bool)> {
    let field: web_sys::HtmlInputElement =
        root.query_selector("input[id]").ok()??.dyn_into().ok()?;
    let focused = document().active_element().is_some_and(|a| a == **field);
    (focused || field.value() != field.default_value()).then_some((field, focused))
}

/// What was typed goes into the app's field of the same id, as if typed there, and the
/// focus with it.
fn carry_typing(old: &web_sys::HtmlInputElement, focused: bool) {
    let Some(new) = document()
        .get_element_by_id(&old.id())
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    if new.value() != old.value() {
        new.set_value(&old.value());
        // The app's field follows its `input` event (`bind:value`).
        if let Ok(input) = web_sys::Event::new("input") {
            let _ = new.dispatch_event(&input);
        }
    }
    if focused {
        let _ = new.focus();
    }
}

/// Whether the browser says it has a network.
pub fn is_online() -> bool {
    window().navigator().on_line()
}

/// Whether the browser has a network, following its `online` and `offline` events.
pub fn use_online() -> ReadSignal<bool> {
    let (online, set) = signal(is_online());
    let up = window_event_listener(ev::online, move |_| set.set(true));
    let down = window_event_listener(ev::offline, move |_| set.set(false));
    on_cleanup(move || {
        up.remove();
        down.remove();
    });
    online
}

/// Whether `index.html` already heard of a new version before the app mounted.
fn update_heard() -> bool {
    js_sys::Reflect::get(&window(), &JsValue::from_str("linliUpdate")).is_ok_and(|v| v.is_truthy())
}

/// Notes that float above the page: offline, and a new version ready.
#[component]
pub fn PwaNotices() -> impl IntoView {
    let s = use_session();
    let online = use_online();
    let update = RwSignal::new(update_heard());
    let heard = window_event_listener_untyped("linli-update", move |_| update.set(true));
    on_cleanup(move || heard.remove());
    view! {
        <div class="pwa-notices">
            <Show when=move || !online.get()>
                <p class="pwa-note pwa-offline" role="status" data-testid="offline-banner">
                    {move || s.t(Msg::OfflineBanner)}
                </p>
            </Show>
            <Show when=move || update.get()>
                <div class="pwa-note pwa-update" role="status" data-testid="new-version">
                    <span>{move || s.t(Msg::NewVersion)}</span>
                    <span class="pwa-actions">
                        <button type="button" class="btn btn-small btn-primary"
                            on:click=move |_| { let _ = window().location().reload(); }>
                            {move || s.t(Msg::NewVersionReload)}
                        </button>
                        <button type="button" class="btn btn-small btn-secondary"
                            on:click=move |_| update.set(false)>
                            {move || s.t(Msg::Close)}
                        </button>
                    </span>
                </div>
            </Show>
        </div>
    }
}

/// The page shown when the app starts while the browser is offline: what still works,
/// what needs the network; it tries again by itself when the network returns. (A failure
/// with the browser online is the usual network error with its retry.)
#[component]
pub fn OfflinePage(on_retry: Callback<()>) -> impl IntoView {
    let s = use_session();
    let back = window_event_listener(ev::online, move |_| on_retry.run(()));
    on_cleanup(move || back.remove());
    view! {
        <section class="page offline-page" data-testid="offline-page">
            <div class="card">
                <h1>{move || s.t(Msg::OfflineTitle)}</h1>
                <p>{move || s.t(Msg::OfflineStillWorks)}</p>
                <p class="muted">{move || s.t(Msg::OfflineNeedsNetwork)}</p>
                <div class="actions">
                    <button class="btn btn-secondary" type="button" on:click=move |_| on_retry.run(())>
                        {move || s.t(Msg::Retry)}
                    </button>
                </div>
            </div>
        </section>
    }
}
