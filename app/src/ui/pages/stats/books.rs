//! 公开账本: where the points went, month by month, the conservation check, the honour
//! roll and the goods donated. For anyone, signed in or not; it names no resident.

use leptos::prelude::*;

use crate::api::stats::OpenBooks;
use crate::i18n::{t, StatsMsg};
use crate::ui::api;
use crate::ui::components::status::{ErrorView, Loading};
use crate::ui::state::use_session;

use super::charts::{line_chart, Series};

fn plain(n: i64) -> String {
    n.to_string()
}

#[component]
pub fn OpenBooksPage() -> impl IntoView {
    let s = use_session();
    let books = LocalResource::new(api::open_books);
    view! {
        <section class="page open-books">
            <h1>{move || s.t(StatsMsg::BkTitle)}</h1>
            <p class="muted">{move || s.t(StatsMsg::BkIntro)}</p>
            <Transition fallback=Loading>
                {move || books.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(b) => view! { <BooksView b /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn BooksView(b: OpenBooks) -> impl IntoView {
    let s = use_session();
    move || {
        let lang = s.lang.get();
        let tr = |m: StatsMsg| t(lang, m).to_string();
        let f = &b.totals;
        let figures = [
            (StatsMsg::BkIssued, f.issued),
            (StatsMsg::BkSpent, f.spent),
            (StatsMsg::BkDonated, f.donated),
            (StatsMsg::BkAllocated, f.allocated),
            (StatsMsg::BkOffset, f.offset),
            (StatsMsg::BkExpired, f.expired),
            (StatsMsg::BkHeld, b.held),
            (StatsMsg::BkPool, b.charity_pool),
        ];
        let c = &b.conservation;
        let labels: Vec<String> = b.months.iter().map(|m| m.month.clone()).collect();
        let series = |m: StatsMsg, pick: fn(&crate::api::stats::PointsFlow) -> i64| Series {
            name: tr(m),
            values: b.months.iter().map(|x| pick(&x.flow)).collect(),
        };
        let lines = vec![
            series(StatsMsg::BkIssued, |f| f.issued),
            series(StatsMsg::BkSpent, |f| f.spent),
            series(StatsMsg::BkDonated, |f| f.donated),
            series(StatsMsg::BkOffset, |f| f.offset),
            series(StatsMsg::BkExpired, |f| f.expired),
        ];
        let roll = b.honour_roll.clone();
        let private = b.private_donations.clone();
        let stock = b.stock_donated.clone();
        view! {
            <dl class="stats-figures">
                {figures.into_iter().map(|(m, v)| view! { <div><dt>{t(lang, m)}</dt><dd>{v}</dd></div> }).collect_view()}
            </dl>
            <section class="card books-check" aria-labelledby="bk-check" data-holds=c.holds.to_string()>
                <h2 id="bk-check">{tr(StatsMsg::BkCheck)}</h2>
                <p>{format!("{} = {}", tr(StatsMsg::BkFormula), c.held_by_flows)}</p>
                <p>{format!("{} = {}", tr(StatsMsg::BkByBalances), c.held_by_balances)}</p>
                <p class="books-verdict" class:ok=c.holds>
                    {if c.holds { format!("✓ {}", tr(StatsMsg::BkHolds)) } else { format!("✗ {}", tr(StatsMsg::BkBroken)) }}
                </p>
            </section>
            {line_chart("bk-months", tr(StatsMsg::BkMonthly), tr(StatsMsg::StMonth), labels, lines, plain)}
            <section class="card" aria-labelledby="bk-honour">
                <h2 id="bk-honour">{tr(StatsMsg::BkHonour)}</h2>
                {if roll.is_empty() && private.donors == 0 {
                    view! { <p class="state state-empty">{tr(StatsMsg::BkNoDonors)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="honour-roll">
                            {roll.into_iter().map(|d| view! {
                                <li><span class="donor">{d.name}</span>
                                    <span class="muted small">{format!(" {} {} · {} {}", d.units, tr(StatsMsg::BkItems), d.value, tr(StatsMsg::BkPoints))}</span></li>
                            }).collect_view()}
                        </ol>
                        <p class="muted small">{format!("{}: {} · {} {} · {} {}", tr(StatsMsg::BkPrivate), private.donors, private.units, tr(StatsMsg::BkItems), private.value, tr(StatsMsg::BkPoints))}</p>
                    }.into_any()
                }}
                <p>{format!("{}: {} {} · {} {} · {} {}", tr(StatsMsg::BkStock), stock.units, tr(StatsMsg::BkItems), stock.value, tr(StatsMsg::BkPoints), stock.donors, tr(StatsMsg::BkDonors))}</p>
            </section>
        }
    }
}
