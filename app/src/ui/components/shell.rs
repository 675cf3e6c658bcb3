//! The frame around every page: a top bar with the language switch, a bottom tab bar on
//! phones, and a side navigation (with administration for administrators) on desktops.
//! A kiosk account gets none of it: the kiosk fills the screen and every other address
//! leads back to it.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

use crate::i18n::{t, Lang, Msg};
use crate::nav::{admin_places, duty_places, is_kiosk_only, Place, TABS};
use crate::ui::api::ApiError;
use crate::ui::components::bell::Bell;
use crate::ui::components::icons::place_icon;
use crate::ui::components::status::{ErrorView, Loading};
use crate::ui::pwa::{self, OfflinePage, PwaNotices};
use crate::ui::state::{use_session, Boot};

/// Two buttons, each language named in itself, the current one pressed.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let s = use_session();
    view! {
        <div class="lang-switch" role="group" aria-label=move || s.t(Msg::LanguageLabel)>
            {Lang::ALL.into_iter().map(|l| view! {
                <button
                    type="button"
                    lang=l.code()
                    aria-pressed=move || (s.lang.get() == l).to_string()
                    on:click=move |_| s.choose_lang(l)
                >
                    {l.native_name()}
                </button>
            }).collect_view()}
        </div>
    }
}

fn nav_link(place: Place, class: &'static str) -> impl IntoView {
    let s = use_session();
    view! {
        <A href=place.href() exact=place.exact() attr:class=class>
            {place_icon(place)}
            <span>{move || s.t(place.label())}</span>
        </A>
    }
}

/// Each page names the browser tab after its heading, and moving to another page puts
/// focus on that heading, so a screen reader says where the person arrived.
fn follow_headings() {
    let location = use_location();
    let s = use_session();
    Effect::new(move |prev: Option<String>| {
        let path = location.pathname.get();
        let lang = s.lang.get();
        let moved = prev.is_some_and(|p| p != path);
        retitle(lang, moved, 0);
        path
    });
}

/// The heading may arrive with the page's data or chunk: look again for a while.
fn retitle(lang: Lang, focus: bool, tries: u32) {
    const TRIES: u32 = 30;
    let wait = Duration::from_millis(if tries == 0 { 0 } else { 100 });
    set_timeout(
        move || {
            let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let app = t(lang, Msg::AppName);
            let Some(h1) = doc.query_selector("main h1").ok().flatten() else {
                if tries < TRIES {
                    retitle(lang, focus, tries + 1);
                } else {
                    doc.set_title(app);
                }
                return;
            };
            let heading = h1.text_content().unwrap_or_default();
            doc.set_title(&format!("{} · {app}", heading.trim()));
            // Never pull focus out of a field the person is already typing in.
            let typing = doc
                .active_element()
                .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
            if focus && !typing {
                if let Ok(h1) = h1.dyn_into::<web_sys::HtmlElement>() {
                    let _ = h1.set_attribute("tabindex", "-1");
                    let _ = h1.focus();
                }
            }
        },
        wait,
    );
}

/// The skip link's own move: the router would take `#main` as a navigation, so focus is
/// put on the main area here, past the navigation.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let _ = main.focus();
    }
}

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let s = use_session();
    follow_headings();
    let admin = move || s.me.with(|m| admin_places(m.as_ref()));
    let children = StoredValue::new(children);
    let kiosk = move || s.me.with(|m| m.as_ref().is_some_and(is_kiosk_only));
    // A kiosk stays at the kiosk, whatever address is typed or bookmarked.
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if kiosk() && location.pathname.get() != "/kiosk" {
            let replace = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate("/kiosk", replace);
        }
    });
    view! {
        <div class="shell" class:kiosk-mode=kiosk>
            <a class="skip-link" href="#main" on:click=skip_to_main>{move || s.t(Msg::SkipToContent)}</a>
            <Show when=move || !kiosk()>
            <header class="topbar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"邻"</span>
                    <span class="brand-name">{move || s.t(Msg::AppName)}</span>
                </A>
                <div class="topbar-end">
                    <LangSwitch />
                    <Bell />
                    {move || match s.me.with(|m| m.as_ref().map(|p| p.name.clone())) {
                        Some(name) => view! {
                            <A href="/me" attr:class="user-chip">{name}</A>
                        }.into_any(),
                        None => view! {
                            <A href="/login" attr:class="btn btn-small btn-primary topbar-login">{move || s.t(Msg::SignIn)}</A>
                        }.into_any(),
                    }}
                </div>
            </header>
            <nav class="sidenav" aria-label=move || s.t(Msg::NavMain)>
                <ul>
                    {TABS.into_iter().map(|p| view! { <li>{nav_link(p, "nav-item")}</li> }).collect_view()}
                    <Show when=move || s.me.with(|m| m.is_some())>
                        <li>{nav_link(Place::Points, "nav-item")}</li>
                    </Show>
                    {move || s.me.with(|m| duty_places(m.as_ref())).into_iter().map(|p| view! { <li>{nav_link(p, "nav-item")}</li> }).collect_view()}
                </ul>
                <Show when=move || !admin().is_empty()>
                    <p class="nav-heading">{move || s.t(Msg::NavAdmin)}</p>
                    <ul>
                        {move || admin().into_iter().map(|p| view! { <li>{nav_link(p, "nav-item")}</li> }).collect_view()}
                    </ul>
                </Show>
            </nav>
            </Show>
            <main id="main" class="content" tabindex="-1">
                {move || match s.boot.get() {
                    Boot::Loading => view! { <Loading /> }.into_any(),
                    // In the document before the page's own effects (focus) run.
                    Boot::Failed(ApiError::Network) if !pwa::is_online() => {
                        pwa::reveal();
                        view! { <OfflinePage on_retry=Callback::new(move |_| s.load()) /> }.into_any()
                    }
                    Boot::Failed(e) => {
                        pwa::reveal();
                        view! { <ErrorView error=e on_retry=Callback::new(move |_| s.load()) /> }.into_any()
                    }
                    Boot::Ready => {
                        pwa::reveal();
                        children.with_value(|c| c()).into_any()
                    }
                }}
            </main>
            <PwaNotices />
            <Show when=move || !kiosk()>
                <nav class="tabbar" aria-label=move || s.t(Msg::NavMain)>
                    {TABS.into_iter().map(|p| nav_link(p, "tab")).collect_view()}
                </nav>
            </Show>
        </div>
    }
}
