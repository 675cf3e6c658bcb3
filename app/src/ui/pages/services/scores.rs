//! Scores: a team's page (its figures and the ratings of its work) and the reviewers'
//! assessment table ranking teams and communities.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::orders::{AssessmentLevel, Scores};
use crate::i18n::{Lang, Msg, ServicesMsg, Words};
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

use super::{rating_view, stars_text, waited_text, ServiceLinks};

/// "★★★★☆ 3.5 (2)", or "no ratings yet".
fn rating_text(lang: Lang, sc: &Scores) -> String {
    match sc.rating {
        Some(r) => format!("{} {r:.1} ({})", stars_text(r.round() as i64), sc.ratings),
        None => crate::i18n::t(lang, Msg::PjNoRating).to_string(),
    }
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or("—".into(), |r| format!("{:.0}%", r * 100.0))
}

fn median(lang: Lang, secs: Option<i64>) -> String {
    secs.map_or("—".into(), |s| waited_text(lang, s))
}

/// A team's or a community's figures as a list of facts.
fn scores_facts(sc: Scores) -> impl IntoView {
    let s = use_session();
    let sc2 = sc.clone();
    view! {
        <dl class="sv-facts sv-scores">
            <dt>{move || s.t(ServicesMsg::SvRatingCol)}</dt><dd data-testid="score-rating">{move || rating_text(s.lang.get(), &sc2)}</dd>
            <dt>{move || s.t(ServicesMsg::SvOrdersCol)}</dt><dd>{sc.done}" / "{sc.orders}</dd>
            <dt>{move || s.t(ServicesMsg::SvCompletion)}</dt><dd>{percent(sc.completion_rate)}</dd>
            <dt>{move || s.t(ServicesMsg::SvMedianReview)}</dt><dd>{move || median(s.lang.get(), sc.median_review_secs)}</dd>
            <dt>{move || s.t(ServicesMsg::SvMedianAccept)}</dt><dd>{move || median(s.lang.get(), sc.median_accept_secs)}</dd>
            <dt>{move || s.t(ServicesMsg::SvMedianComplete)}</dt><dd>{move || median(s.lang.get(), sc.median_complete_secs)}</dd>
        </dl>
    }
}

/// A team: its scores and the ratings of its orders and sessions.
#[component]
pub fn TeamPage() -> impl IntoView {
    let s = use_session();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()))
            .unwrap_or(0)
    };
    let data = LocalResource::new(move || {
        let id = id();
        async move {
            let sc = api::node_scores(id).await?;
            let ratings = api::team_ratings(id).await?;
            Ok::<_, api::ApiError>((sc, ratings))
        }
    });
    view! {
        <SignedIn>
            <section class="page sv-team">
                <ServiceLinks />
                <Transition fallback=Loading>
                    {move || data.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok((sc, ratings)) => view! {
                            <h1>{sc.name.clone()}</h1>
                            <section class="card" aria-labelledby="sv-sc-h">
                                <h2 id="sv-sc-h">{move || s.t(ServicesMsg::SvScores)}</h2>
                                {scores_facts(sc)}
                            </section>
                            <section class="card sv-ratings" aria-labelledby="sv-tr-h">
                                <h2 id="sv-tr-h">{move || s.t(ServicesMsg::SvTeamRatings)}</h2>
                                {if ratings.is_empty() {
                                    view! { <Empty msg=Msg::PjNoRating /> }.into_any()
                                } else {
                                    ratings.iter().map(rating_view).collect_view().into_any()
                                }}
                            </section>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

/// The reviewers' table: teams (or communities) best rated first.
#[component]
pub fn AssessmentPage() -> impl IntoView {
    let s = use_session();
    let level = RwSignal::new(AssessmentLevel::Teams);
    let table = LocalResource::new(move || api::assessment(level.get()));
    let tab = move |l: AssessmentLevel, msg: Words| {
        view! {
            <button type="button" class="btn btn-small" class:btn-primary=move || level.get() == l
                class:btn-secondary=move || level.get() != l
                aria-pressed=move || (level.get() == l).to_string()
                on:click=move |_| level.set(l)>{move || s.t(msg)}</button>
        }
    };
    view! {
        <SignedIn>
            <section class="page sv-assessment">
                <h1>{move || s.t(ServicesMsg::SvAssessment)}</h1>
                <ServiceLinks />
                <div class="actions">
                    {tab(AssessmentLevel::Teams, Msg::KindTeam.into())}
                    {tab(AssessmentLevel::Communities, ServicesMsg::SvCommunities.into())}
                </div>
                <Transition fallback=Loading>
                    {move || table.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <Empty msg=ServicesMsg::SvNothingWaiting /> }.into_any(),
                        Ok(rows) => view! { <AssessmentTable rows teams=level.get_untracked() == AssessmentLevel::Teams /> }.into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

#[component]
fn AssessmentTable(rows: Vec<Scores>, teams: bool) -> impl IntoView {
    let s = use_session();
    view! {
        <div class="table-wrap">
            <table class="table sv-assess">
                <thead><tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{move || if teams { s.t(Msg::KindTeam) } else { s.t(ServicesMsg::SvCommunities) }}</th>
                    <th scope="col">{move || s.t(ServicesMsg::SvRatingCol)}</th>
                    <th scope="col">{move || s.t(ServicesMsg::SvCompletion)}</th>
                    <th scope="col">{move || s.t(ServicesMsg::SvMedianReview)}</th>
                    <th scope="col">{move || s.t(ServicesMsg::SvMedianAccept)}</th>
                    <th scope="col">{move || s.t(ServicesMsg::SvMedianComplete)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().enumerate().map(|(i, sc)| {
                        let sc2 = sc.clone();
                        let name = if teams {
                            let (id, n) = (sc.node_id, sc.name.clone());
                            view! { <A href=format!("/services/teams/{id}")>{n}</A> }.into_any()
                        } else {
                            let n = sc.name.clone();
                            view! { <span>{n}</span> }.into_any()
                        };
                        view! {
                            <tr data-node=sc.node_id>
                                <td data-label="#">{i + 1}</td>
                                <th scope="row">{name}</th>
                                <td data-label=move || s.t(ServicesMsg::SvRatingCol)>{move || rating_text(s.lang.get(), &sc2)}</td>
                                <td data-label=move || s.t(ServicesMsg::SvCompletion)>{percent(sc.completion_rate)}" ("{sc.done}"/"{sc.orders}")"</td>
                                <td data-label=move || s.t(ServicesMsg::SvMedianReview)>{move || median(s.lang.get(), sc.median_review_secs)}</td>
                                <td data-label=move || s.t(ServicesMsg::SvMedianAccept)>{move || median(s.lang.get(), sc.median_accept_secs)}</td>
                                <td data-label=move || s.t(ServicesMsg::SvMedianComplete)>{move || median(s.lang.get(), sc.median_complete_secs)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
