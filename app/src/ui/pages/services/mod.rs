//! 便民服务: the catalogue of services teams offer, ordering one (for oneself or, as a team
//! leader, for a neighbour without a phone), my orders with their timeline and rating,
//! the reviewers' queue and the teams' pool.

pub mod catalogue;
pub mod manage;
pub mod order;
pub mod place;
pub mod rate;
pub mod scores;
pub mod work;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes, A};
use leptos_router::path;

use crate::api::orders::{OrderState, OrderSummary, Rating};
use crate::i18n::{Lang, Msg, ServicesMsg, Words};
use crate::orders::state_name;
use crate::roles::Role;
use crate::ui::area::area_routes;
use crate::ui::pages::not_found::NotFoundPage;
use crate::ui::pages::projects::board::category_badge;
use crate::ui::state::use_session;

area_routes!(
    services,
    pub fn routes() {
        view! {
            <Routes fallback=NotFoundPage>
                <Route path=path!("/services") view=catalogue::ServicesPage />
                <Route path=path!("/services/orders") view=order::MyOrdersPage />
                <Route path=path!("/services/orders/:id") view=order::OrderPage />
                <Route path=path!("/services/review") view=work::ReviewQueuePage />
                <Route path=path!("/services/pool") view=work::PoolPage />
                <Route path=path!("/services/manage") view=manage::ManageServicesPage />
                <Route path=path!("/services/assessment") view=scores::AssessmentPage />
                <Route path=path!("/services/teams/:id") view=scores::TeamPage />
                <Route path=path!("/services/ratings/:subject/:id") view=rate::SubjectRatingsPage />
                <Route path=path!("/services/:id") view=catalogue::ServicePage />
                <Route path=path!("/services/:id/order") view=place::PlaceOrderPage />
            </Routes>
        }
    }
);

/// The links between the area's pages.
#[component]
pub fn ServiceLinks() -> impl IntoView {
    let s = use_session();
    view! {
        <nav class="sv-links" aria-label=move || s.t(ServicesMsg::SvTitle)>
            <A href="/services" exact=true>{move || s.t(ServicesMsg::SvCatalogue)}</A>
            <Show when=move || s.me.with(|m| m.is_some())>
                <A href="/services/orders">{move || s.t(ServicesMsg::SvMyOrders)}</A>
                <A href="/services/review">{move || s.t(ServicesMsg::SvReviewQueue)}</A>
                <A href="/services/pool">{move || s.t(ServicesMsg::SvPool)}</A>
            </Show>
            <Show when=move || s.me.with(|m| m.as_ref().is_some_and(|p| p.roles.iter().any(|g| matches!(g.role, Role::TeamLeader | Role::Admin))))>
                <A href="/services/manage">{move || s.t(ServicesMsg::SvManage)}</A>
            </Show>
            <Show when=move || s.me.with(|m| m.as_ref().is_some_and(|p| p.roles.iter().any(|g| matches!(g.role, Role::Reviewer | Role::Admin))))>
                <A href="/services/assessment">{move || s.t(ServicesMsg::SvAssessment)}</A>
            </Show>
        </nav>
    }
}

pub fn state_badge(state: OrderState) -> impl IntoView {
    let s = use_session();
    view! {
        <span class="badge sv-state" data-state=state.as_str()>{move || s.t(state_name(state))}</span>
    }
}

/// "3 小时" / "3 hours": how long an order has waited, in its largest whole unit.
pub fn waited_text(lang: Lang, secs: i64) -> String {
    let (n, unit): (i64, Words) = match secs.max(0) {
        x if x < 3600 => (x / 60, ServicesMsg::SvMinutes.into()),
        x if x < 86_400 => (x / 3600, Msg::SvHours.into()),
        x => (x / 86_400, ServicesMsg::SvDays.into()),
    };
    format!("{n} {}", crate::i18n::t(lang, unit))
}

/// One order in a list, leading to its page.
pub fn order_row(o: OrderSummary, waited: bool) -> impl IntoView {
    let s = use_session();
    let secs = o.waited_secs;
    view! {
        <li class="row sv-order" data-order=o.id>
            <div class="row-main">
                {category_badge(o.category)}
                <A href=format!("/services/orders/{}", o.id)>{o.service_title.clone()}</A>
                <span class="muted small">{o.served_name.clone()}" · "{o.territory_name.clone()}</span>
                {o.team_name.clone().map(|t| view! { <span class="muted small">{t}</span> })}
                <span class="muted small">{when_words(o.submitted_at)}</span>
                {waited.then(|| view! {
                    <span class="sv-waited small">{move || s.t(ServicesMsg::SvWaited)}" "{move || waited_text(s.lang.get(), secs)}</span>
                })}
            </div>
            {state_badge(o.state)}
        </li>
    }
}

pub use crate::ui::components::status::when_words;

pub fn stars_text(n: i64) -> String {
    let n = n.clamp(0, 5) as usize;
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}

/// A rating as others see it: stars, the comment as plain text, the team's reply.
pub fn rating_view(r: &Rating) -> impl IntoView {
    let s = use_session();
    let hidden = r.hidden;
    view! {
        <div class="sv-rating" data-rating=r.id>
            <p>
                <span class="sv-stars" aria-label=format!("{}/5", r.stars)>{stars_text(r.stars)}</span>
                " "<span class="muted small">{r.rater_name.clone()}" · "{when_words(r.created_at)}</span>
            </p>
            {if hidden {
                view! { <p class="muted sv-hidden">{move || s.t(ServicesMsg::SvCommentHidden)}</p> }.into_any()
            } else {
                view! { <p class="sv-comment">{r.comment.clone()}</p> }.into_any()
            }}
            {r.reply.clone().map(|t| view! {
                <p class="sv-reply"><strong>{move || s.t(ServicesMsg::SvTeamReply)}</strong>" "{t}</p>
            })}
        </div>
    }
}
