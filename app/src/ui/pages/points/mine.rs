//! 我的积分: the balance and what will expire, the ways to use points (card, donation,
//! fee offset), the history with its filter, and the lots with their expiry.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ledger::{Lot, PointsSummary};
use crate::clock::days_until;
use crate::i18n::{Msg, PointsMsg};
use crate::ledger::last_valid_day_words;
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::history::HistoryView;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;
use crate::when::date_words;

#[component]
pub fn PointsPage() -> impl IntoView {
    view! { <SignedIn><Points /></SignedIn> }
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[component]
fn Points() -> impl IntoView {
    let s = use_session();
    let summary = LocalResource::new(api::my_points);
    let lots = LocalResource::new(api::my_lots);
    view! {
        <section class="page points">
            <h1>{move || s.t(Msg::NavPoints)}</h1>
            <Transition fallback=Loading>
                {move || summary.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| summary.refetch()) /> }.into_any(),
                    Ok(p) => view! { <Balance p=p /> }.into_any(),
                })}
            </Transition>
            <nav class="points-actions" aria-label=move || s.t(Msg::NavPoints)>
                <A href="/points/card" attr:class="points-action">
                    <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8"><path d="M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 18h2v2h-2zM14 18h2M18 14h2"></path></svg>
                    <span>{move || s.t(PointsMsg::ShowCard)}</span>
                </A>
                <A href="/points/donate" attr:class="points-action">
                    <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"><path d="M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z"></path></svg>
                    <span>{move || s.t(PointsMsg::DonatePoints)}</span>
                </A>
                <A href="/points/offset" attr:class="points-action">
                    <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"><path d="M3 11l9-8 9 8M5 10v10h14V10M10 20v-6h4v6"></path></svg>
                    <span>{move || s.t(PointsMsg::OffsetFee)}</span>
                </A>
            </nav>
            <p class="small"><A href="/points/standard">{move || s.t(Msg::StdLink)}</A></p>
            <section class="card" aria-labelledby="history-title">
                <h2 id="history-title">{move || s.t(Msg::HistoryTitle)}</h2>
                <HistoryView />
            </section>
            <section class="card" aria-labelledby="lots-title">
                <h2 id="lots-title">{move || s.t(PointsMsg::LotsTitle)}</h2>
                <Transition fallback=Loading>
                    {move || lots.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| lots.refetch()) /> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <Empty msg=PointsMsg::NoLots /> }.into_any(),
                        Ok(l) => view! {
                            <ul class="row-list lots">{l.into_iter().map(lot_row).collect_view()}</ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </section>
    }
}

#[component]
fn Balance(p: PointsSummary) -> impl IntoView {
    let s = use_session();
    let now = now_secs();
    let soon = p.expiring_soon;
    let next = p.expiring.first().cloned();
    view! {
        <div class="card balance-card">
            <p class="balance-label">{move || s.t(Msg::PointsBalance)}</p>
            <p class="balance" data-testid="balance">
                <span class="balance-number">{p.balance}</span>" "
                <span class="balance-unit">{move || s.t(Msg::PointsUnit)}</span>
            </p>
            {if soon > 0 {
                view! {
                    <p class="expiring" data-testid="expiring-soon">
                        {move || s.t(PointsMsg::ExpiringSoon)}{move || s.t(Msg::Colon)}
                        <strong>{soon}</strong>" "{move || s.t(Msg::PointsUnit)}
                        {next.clone().map(|e| view! {
                            " · "{move || last_valid_day_words(s.lang.get(), e.expires_at)}
                        })}
                    </p>
                }.into_any()
            } else {
                view! { <p class="expiring muted">{move || s.t(PointsMsg::NothingExpiring)}</p> }.into_any()
            }}
            {(!p.expiring.is_empty()).then(|| view! {
                <details class="expiry-plan">
                    <summary>{move || s.t(PointsMsg::ExpiryPlan)}</summary>
                    <ul>
                        {p.expiring.iter().map(|e| {
                            let days = days_until(e.expires_at, now);
                            let until = e.expires_at;
                            view! {
                                <li>
                                    <span>{move || last_valid_day_words(s.lang.get(), until)}</span>
                                    <span class="muted">" ("{days}" "{move || s.t(PointsMsg::DaysLeft)}")"</span>
                                    <strong>{e.amount}</strong>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </div>
    }
}

fn lot_row(l: Lot) -> impl IntoView {
    let s = use_session();
    let spent = l.remaining == 0;
    view! {
        <li class="row lot" class:lot-spent=spent>
            <div class="row-main">
                <span>
                    <span class="muted">{move || s.t(PointsMsg::LotRemaining)}" "</span>
                    <strong>{l.remaining}</strong>
                    <span class="muted">" / "{l.amount}</span>
                </span>
                <span class="muted small">{move || date_words(s.lang.get(), l.created_at)}</span>
            </div>
            <span class="lot-expiry small">
                {match l.expires_at {
                    Some(t) => view! { {move || s.t(PointsMsg::LotExpires)}" "{move || last_valid_day_words(s.lang.get(), t)} }.into_any(),
                    None => view! { {move || s.t(PointsMsg::NeverExpires)} }.into_any(),
                }}
            </span>
        </li>
    }
}
