//! Pages that need a signed-in person, or an administrator. The server refuses the
//! requests anyway; these only spare people a page of errors.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::i18n::Msg;
use crate::nav::{is_admin, leads_to_dashboard, Place};
use crate::ui::state::use_session;

/// Shows its children to a signed-in person, otherwise a prompt to sign in.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let s = use_session();
    let location = use_location();
    let login = move || {
        let here = location.pathname.get();
        format!(
            "/login?next={}",
            String::from(js_sys::encode_uri_component(&here))
        )
    };
    view! {
        <Show
            when=move || s.me.with(|m| m.is_some())
            fallback=move || view! {
                <section class="card prompt">
                    <p>{move || s.t(Msg::SignInRequired)}</p>
                    <div class="actions">
                        <A href=login attr:class="btn btn-primary">{move || s.t(Msg::SignIn)}</A>
                        <A href="/register" attr:class="btn btn-secondary">{move || s.t(Msg::SignUp)}</A>
                    </div>
                </section>
            }
        >
            {children()}
        </Show>
    }
}

/// Shows its children to an administrator only, with the way back to the dashboard on
/// the pages it links to.
#[component]
pub fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    let s = use_session();
    let location = use_location();
    let children = StoredValue::new(children);
    view! {
        <SignedIn>
            <Show
                when=move || s.me.with(|m| m.as_ref().is_some_and(is_admin))
                fallback=move || view! {
                    <section class="card prompt" role="alert"><p>{move || s.t(Msg::AdminOnly)}</p></section>
                }
            >
                <Show when=move || leads_to_dashboard(&location.pathname.get())>
                    <A href=Place::AdminDashboard.href() attr:class="back-link">"‹ "{move || s.t(Msg::DashBackToDashboard)}</A>
                </Show>
                {children.with_value(|c| c())}
            </Show>
        </SignedIn>
    }
}
