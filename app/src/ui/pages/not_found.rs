use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::Msg;
use crate::ui::state::use_session;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let s = use_session();
    view! {
        <section class="page card hero not-found">
            <p class="big-code" aria-hidden="true">"404"</p>
            <h1>{move || s.t(Msg::NotFoundTitle)}</h1>
            <p>{move || s.t(Msg::NotFoundBody)}</p>
            <A href="/" attr:class="btn btn-primary">{move || s.t(Msg::BackHome)}</A>
        </section>
    }
}
