//! 积分管理办法, public: the points standard in force (points per hour by activity,
//! multipliers, caps, how long points stay valid) and every earlier version with the
//! dates it was in force. No sign-in needed.

use leptos::prelude::*;

use crate::api::ledger::{EarningRules, StandardVersion, Validity};
use crate::i18n::{Msg, PointsMsg};
use crate::ledger::multiplier_text;
use crate::ui::api;
use crate::ui::components::status::{ErrorView, Loading};
use crate::ui::state::use_session;
use crate::when::date_words;

#[component]
pub fn StandardPage() -> impl IntoView {
    let s = use_session();
    let standard = LocalResource::new(api::points_standard);
    view! {
        <section class="page standard">
            <h1>{move || s.t(Msg::RulesTitle)}</h1>
            <p>{move || s.t(PointsMsg::StdIntro)}</p>
            <Transition fallback=Loading>
                {move || standard.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| standard.refetch()) /> }.into_any(),
                    Ok(p) => {
                        let mut versions = p.versions.into_iter();
                        let current = versions.next();
                        let earlier: Vec<StandardVersion> = versions.collect();
                        view! {
                            {current.map(|v| view! {
                                <section class="card" data-testid="standard-current">
                                    <h2>{move || s.t(Msg::RulesCurrent)}</h2>
                                    <Version v=v />
                                </section>
                            })}
                            {(!earlier.is_empty()).then(|| view! {
                                <section class="card">
                                    <h2>{move || s.t(Msg::Versions)}</h2>
                                    {earlier.into_iter().map(|v| {
                                        let (n, span) = (v.version, period(&v));
                                        view! {
                                            <details class="standard-earlier" data-version=n>
                                                <summary>{span}</summary>
                                                <Version v=v />
                                            </details>
                                        }
                                    }).collect_view()}
                                </section>
                            })}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// "版本 2 · 2026年11月1日 至 2026年12月3日", or "… 起" for the version in force.
fn period(v: &StandardVersion) -> impl IntoView {
    let s = use_session();
    let (n, from, until) = (v.version, v.in_force_from, v.in_force_until);
    move || {
        let from = date_words(s.lang.get(), from);
        match until {
            Some(u) => format!(
                "{} {n} · {from}{}{}",
                s.t(Msg::VersionLabel),
                s.t(PointsMsg::StdUntil),
                date_words(s.lang.get(), u)
            ),
            None => format!(
                "{} {n} · {}{from}",
                s.t(Msg::VersionLabel),
                s.t(PointsMsg::StdSince)
            ),
        }
    }
}

#[component]
fn Version(v: StandardVersion) -> impl IntoView {
    let s = use_session();
    let r = v.rules.clone();
    view! {
        <p class="muted small">{period(&v)}</p>
        <p>{move || s.t(PointsMsg::StdReason)}{move || s.t(Msg::Colon)}{v.reason.clone()}</p>
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">{move || s.t(Msg::Activities)}</th>
                    <th scope="col" class="num">{move || s.t(Msg::PointsPerHour)}</th>
                </tr></thead>
                <tbody>
                    {r.activities.iter().map(|a| view! {
                        <tr><td>{a.name.clone()}</td><td class="num">{a.points_per_hour}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(!r.multipliers.is_empty()).then(|| view! {
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col">{move || s.t(Msg::Multipliers)}</th>
                        <th scope="col" class="num">{move || s.t(PointsMsg::StdTimes)}</th>
                    </tr></thead>
                    <tbody>
                        {r.multipliers.iter().map(|m| view! {
                            <tr><td>{m.name.clone()}</td><td class="num">{multiplier_text(m.percent)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        <Limits r=r />
    }
}

#[component]
fn Limits(r: EarningRules) -> impl IntoView {
    let s = use_session();
    let cap = move |c: Option<i64>| match c {
        Some(n) => format!("{n} {}", s.t(Msg::PointsUnit)),
        None => s.t(PointsMsg::StdNoCap).to_string(),
    };
    let validity = r.validity;
    view! {
        <dl class="facts spaced">
            <dt>{move || s.t(Msg::DailyCap)}</dt><dd>{move || cap(r.daily_cap)}</dd>
            <dt>{move || s.t(Msg::MonthlyCap)}</dt><dd>{move || cap(r.monthly_cap)}</dd>
            <dt>{move || s.t(Msg::Validity)}</dt>
            <dd>{move || match validity {
                Validity::YearEnd => s.t(PointsMsg::StdValidYearEnd).to_string(),
                Validity::Days { days } => format!("{}{days}{}", s.t(PointsMsg::StdValidDays1), s.t(PointsMsg::StdValidDays2)),
                Validity::None => s.t(Msg::ValidityNone).to_string(),
            }}</dd>
        </dl>
        <p class="muted small">{move || s.t(PointsMsg::StdApprovedOnly)}</p>
    }
}
