//! The catalogue anyone may browse and search, and one service with its team's ratings.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::orders::Service;
use crate::i18n::{Msg, ServicesMsg};
use crate::ui::api;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::pages::projects::board::category_badge;
use crate::ui::state::use_session;

use super::{rating_view, stars_text, ServiceLinks};

#[component]
pub fn ServicesPage() -> impl IntoView {
    let s = use_session();
    let q = RwSignal::new(String::new());
    let list = LocalResource::new(move || {
        let q = q.get();
        async move { api::services(&q).await }
    });
    view! {
        <section class="page services">
            <h1>{move || s.t(ServicesMsg::SvTitle)}</h1>
            <ServiceLinks />
            <div class="field sv-search">
                <label for="sv-q">{move || s.t(ServicesMsg::SvSearch)}</label>
                <input id="sv-q" type="search" placeholder=move || s.t(ServicesMsg::SvSearchHint)
                    on:change=move |ev| q.set(event_target_value(&ev)) />
            </div>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(l) if l.is_empty() => view! { <Empty msg=ServicesMsg::SvNoServices /> }.into_any(),
                    Ok(l) => view! {
                        <ul class="sv-list">{l.into_iter().map(service_card).collect_view()}</ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn rating_line(sv: &Service) -> impl IntoView {
    let s = use_session();
    let (rating, n) = (sv.rating, sv.ratings);
    view! {
        <span class="muted small sv-score">
            {move || match rating {
                Some(r) => format!("{} {:.1} ({n})", stars_text(r.round() as i64), r),
                None => s.t(Msg::PjNoRating).to_string(),
            }}
        </span>
    }
}

/// A card in the searched list; its plain link is still followed by the router.
fn service_card(sv: Service) -> impl IntoView {
    let score = rating_line(&sv);
    let title = sv.title.clone();
    view! {
        <li class="card sv-card" data-service=sv.id>
            {category_badge(sv.category)}
            <h2><a href=format!("/services/{}", sv.id)>{title}</a></h2>
            <p class="muted small">{sv.team_name}" · "{sv.serves_name}</p>
            {score}
        </li>
    }
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()))
            .unwrap_or(0)
    };
    let service = LocalResource::new(move || {
        let id = id();
        async move { api::service(id).await }
    });
    view! {
        <section class="page service">
            <ServiceLinks />
            <Transition fallback=Loading>
                {move || service.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(sv) => view! { <ServiceDetail sv /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ServiceDetail(sv: Service) -> impl IntoView {
    let s = use_session();
    let team = sv.team_id;
    let ratings = LocalResource::new(move || api::team_ratings(team));
    let score = rating_line(&sv);
    view! {
        <article class="card sv-detail">
            {category_badge(sv.category)}
            <h1>{sv.title.clone()}</h1>
            {score}
            <p class="sv-desc">{sv.description.clone()}</p>
            <dl class="sv-facts">
                <dt>{move || s.t(ServicesMsg::SvTeam)}</dt>
                <dd><A href=format!("/services/teams/{}", sv.team_id)>{sv.team_name.clone()}</A></dd>
                <dt>{move || s.t(ServicesMsg::SvServes)}</dt><dd>{sv.serves_name.clone()}</dd>
                <Show when={let p = sv.prepare.clone(); move || !p.is_empty()}>
                    <dt>{move || s.t(ServicesMsg::SvPrepare)}</dt><dd>{sv.prepare.clone()}</dd>
                </Show>
            </dl>
            <A href=format!("/services/{}/order", sv.id) attr:class="btn btn-primary sv-order-btn">
                {move || s.t(ServicesMsg::SvOrderThis)}
            </A>
        </article>
        <section class="card sv-ratings" aria-labelledby="sv-ratings-h">
            <h2 id="sv-ratings-h">{move || s.t(ServicesMsg::SvTeamRatings)}</h2>
            <Transition fallback=Loading>
                {move || ratings.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(l) if l.is_empty() => view! { <Empty msg=Msg::PjNoRating /> }.into_any(),
                    Ok(l) => l.iter().map(rating_view).collect_view().into_any(),
                })}
            </Transition>
        </section>
    }
}
