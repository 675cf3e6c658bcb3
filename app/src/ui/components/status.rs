//! Loading, error and empty states, shown the same way on every page.

use leptos::prelude::*;

use crate::i18n::{Msg, Words};
use crate::ui::api::ApiError;
use crate::ui::state::use_session;

/// A quiet "loading" line; screen readers hear it through the live region.
#[component]
pub fn Loading() -> impl IntoView {
    let s = use_session();
    view! {
        <p class="state state-loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {move || s.t(Msg::Loading)}
        </p>
    }
}

/// An error with the server's own message, or a kind word about the network, and a retry
/// button when the caller can try again.
#[component]
pub fn ErrorView(
    error: ApiError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let s = use_session();
    let network = matches!(error, ApiError::Network);
    let err = error.clone();
    view! {
        <div class="state state-error" class:state-network=network role="alert">
            <p>{move || err.text(s.lang.get())}</p>
            {on_retry.map(|cb| view! {
                <button class="btn btn-secondary" type="button" on:click=move |_| cb.run(())>
                    {move || s.t(Msg::Retry)}
                </button>
            })}
        </div>
    }
}

/// An inline error under a form, announced when it appears.
#[component]
pub fn FormError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(|m| m.is_some())>
            <p class="form-error" role="alert">{move || message.get().unwrap_or_default()}</p>
        </Show>
    }
}

/// A friendly "nothing here" note.
#[component]
pub fn Empty(#[prop(into)] msg: Words) -> impl IntoView {
    let s = use_session();
    view! { <p class="state state-empty">{move || s.t(msg)}</p> }
}

/// A time in words for the reader ("今天 19:49", "1 Dec 09:30"), as of when drawn.
pub fn when_words(at: i64) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let s = use_session();
    let now = (js_sys::Date::now() / 1000.0) as i64;
    move || crate::when::when_text(s.lang.get(), at, now)
}
