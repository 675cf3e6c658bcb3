//! The shop and projects tabs, friendly placeholders until their features land.

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::nav::Place;
use crate::ui::components::icons::place_icon;
use crate::ui::state::use_session;

fn coming_soon(place: Place, body: Msg) -> impl IntoView {
    let s = use_session();
    view! {
        <section class="page">
            <h1>{move || s.t(place.label())}</h1>
            <div class="card hero soon">
                <div class="soon-icon">{place_icon(place)}</div>
                <h2>{move || s.t(Msg::ComingSoon)}</h2>
                <p>{move || s.t(body)}</p>
            </div>
        </section>
    }
}

#[component]
pub fn ProjectsPage() -> impl IntoView {
    coming_soon(Place::Projects, Msg::ProjectsComingSoon)
}
