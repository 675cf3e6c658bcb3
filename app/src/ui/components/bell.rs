//! The notifications bell in the top bar: the unread count, the list, mark read. Live
//! through an `EventSource` on the notification stream (the browser resends
//! Last-Event-ID itself when it reconnects); once the stream fails, a poll every 30 s
//! keeps the count right as well. In the main module, so kept small.

use std::cell::RefCell;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::orders::Notice;
use crate::i18n::Msg;
use crate::ui::api;
use crate::ui::state::use_session;
use crate::when::when_text;

const POLL_MS: u32 = 30_000;

thread_local! {
    /// The open stream, closed on sign-out.
    static STREAM: RefCell<Option<web_sys::EventTarget>> = const { RefCell::new(None) };
}

/// Opens the stream; `changed` runs on every notice. A failure starts the polling
/// fallback (once), while the browser keeps trying to reconnect the stream.
fn listen(changed: impl Fn() + Clone + 'static, signed_in: impl Fn() -> bool + 'static) {
    let Ok(ctor) = js_sys::Reflect::get(&js_sys::global(), &"EventSource".into()) else {
        return;
    };
    let Ok(ctor) = ctor.dyn_into::<js_sys::Function>() else {
        return;
    };
    let args = js_sys::Array::of1(&api::notice_stream_url().into());
    let Ok(es) = js_sys::Reflect::construct(&ctor, &args) else {
        return;
    };
    let es: web_sys::EventTarget = es.unchecked_into();
    let on_notice = Closure::<dyn Fn()>::new(changed.clone());
    let polling = std::rc::Rc::new(std::cell::Cell::new(false));
    let signed_in = std::rc::Rc::new(signed_in);
    let on_error = Closure::<dyn Fn()>::new(move || {
        if polling.replace(true) {
            return;
        }
        let (changed, signed_in) = (changed.clone(), signed_in.clone());
        spawn_local(async move {
            while signed_in() {
                TimeoutFuture::new(POLL_MS).await;
                changed();
            }
        });
    });
    let _ = es.add_event_listener_with_callback("notice", on_notice.as_ref().unchecked_ref());
    let _ = es.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    on_notice.forget();
    on_error.forget();
    STREAM.with(|s| s.replace(Some(es)));
}

thread_local! {
    /// Counts the notices that arrived live (and each fallback poll).
    static ARRIVED: ArcRwSignal<u64> = ArcRwSignal::new(0);
}

/// Ticks whenever notices may have arrived, so an open page (the dispatch desk, an
/// alarm) can read itself again without a reload.
pub fn arrivals() -> ArcRwSignal<u64> {
    ARRIVED.with(|a| a.clone())
}

fn close() {
    if let Some(es) = STREAM.with(|s| s.take()) {
        if let Ok(f) = js_sys::Reflect::get(&es, &"close".into()) {
            let _ = f.unchecked_into::<js_sys::Function>().call0(&es);
        }
    }
}

#[component]
pub fn Bell() -> impl IntoView {
    let s = use_session();
    let unread = RwSignal::new(0i64);
    let open = RwSignal::new(false);
    let list = RwSignal::new(Vec::<Notice>::new());
    let refresh = move || {
        spawn_local(async move {
            if let Ok(n) = api::unread_notices().await {
                unread.set(n.unread);
            }
            if open.get_untracked() {
                if let Ok(l) = api::notices(None).await {
                    list.set(l);
                }
            }
        })
    };
    let me = move || s.me.with(|m| m.as_ref().map(|p| p.id));
    Effect::new(move |was: Option<Option<i64>>| {
        let now = me();
        if was.flatten() != now {
            close();
            if now.is_some() {
                refresh();
                let changed = move || {
                    refresh();
                    arrivals().update(|n| *n += 1);
                };
                listen(changed, move || s.me.with_untracked(|m| m.is_some()));
            }
        }
        now
    });
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        refresh();
    };
    let read_all = move |_| {
        spawn_local(async move {
            if api::mark_notices_read(Vec::new()).await.is_ok() {
                refresh();
            }
        })
    };
    view! {
        <Show when=move || me().is_some()>
            <div class="bell">
                // The name is the hidden word and the visible count, so what a voice user
                // sees is what they say.
                <button type="button" class="bell-btn" data-testid="bell" aria-expanded=move || open.get().to_string()
                    on:click=toggle>
                    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d="M6 17V11a6 6 0 0 1 12 0v6l2 2H4zM10 21h4" fill="none" stroke="currentColor" stroke-width="2"/></svg>
                    <span class="sr-only">{move || s.t(Msg::SvNotices)}</span>
                    <Show when=move || { unread.get() > 0 }>
                        <span class="bell-count" data-testid="bell-count">{move || unread.get()}</span>
                    </Show>
                </button>
                <Show when=move || open.get()>
                    <div class="bell-panel" role="region" aria-label=move || s.t(Msg::SvNotices)>
                        <button type="button" class="btn btn-small btn-secondary" on:click=read_all>{move || s.t(Msg::SvMarkAllRead)}</button>
                        <ul class="bell-list">
                            {move || list.get().into_iter().map(|n| {
                                let (at, now) = (n.created_at, (js_sys::Date::now() / 1000.0) as i64);
                                view! {
                                <li class:unread=n.read_at.is_none()>
                                    {match n.order_id {
                                        Some(o) => view! { <A href=format!("/services/orders/{o}") on:click=move |_| open.set(false)>{n.text.clone()}</A> }.into_any(),
                                        None => view! { <span>{n.text.clone()}</span> }.into_any(),
                                    }}
                                    <span class="muted small">{move || when_text(s.lang.get(), at, now)}</span>
                                </li>
                            }}).collect_view()}
                        </ul>
                        <Show when=move || list.with(|l| l.is_empty())>
                            <p class="muted">{move || s.t(Msg::SvNoNotices)}</p>
                        </Show>
                    </div>
                </Show>
            </div>
        </Show>
    }
}
