//! 管理工作台 (administrators): the page an administrator opens first. Low-stock alerts
//! on top (out of stock first, each leading to the stock page to restock), today's shop
//! figures, what waits for review, and a tile for every admin page. One request, so it
//! stays quick on a phone's slow network.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::dashboard::{AdminDashboard, LowStockLine};
use crate::dashboard::{restock_href, StockAlert};
use crate::i18n::{AdminMsg, Msg};
use crate::nav::{admin_places, Place};
use crate::ui::api;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::pages::home::quick_link;
use crate::ui::state::use_session;

#[component]
pub fn AdminDashboardPage() -> impl IntoView {
    view! { <AdminOnly><Dashboard /></AdminOnly> }
}

#[component]
fn Dashboard() -> impl IntoView {
    let s = use_session();
    let data = LocalResource::new(api::admin_dashboard);
    let places = move || {
        s.me.with(|m| admin_places(m.as_ref()))
            .into_iter()
            .filter(|p| *p != Place::AdminDashboard)
            .map(quick_link)
            .collect_view()
    };
    view! {
        <section class="page admin-dashboard">
            <h1>{move || s.t(Msg::NavAdminDashboard)}</h1>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| data.refetch()) /> }.into_any(),
                    Ok(d) => view! { <Figures d=d /> }.into_any(),
                })}
            </Transition>
            <h2>{move || s.t(AdminMsg::DashAllOfAdmin)}</h2>
            <ul class="quick-links">{places}</ul>
            <p><A href="/stats" attr:class="btn btn-secondary">{move || s.t(Msg::StTitle)}</A></p>
        </section>
    }
}

#[component]
fn Figures(d: AdminDashboard) -> impl IntoView {
    let s = use_session();
    let count = d.low_stock.len();
    let to_review = d.hours_to_review + d.projects_to_review;
    view! {
        <section class="card dash-alerts" class:has-alerts=(count > 0) aria-labelledby="dash-low" data-testid="low-stock-alerts">
            <h2 id="dash-low">
                {move || s.t(AdminMsg::LowStockTitle)}
                {(count > 0).then(|| view! { <span class="dash-count">{count}</span> })}
            </h2>
            <p class="muted small">{move || s.t(AdminMsg::DashLowStockHint)}</p>
            {if d.low_stock.is_empty() {
                view! { <Empty msg=AdminMsg::LowStockNone /> }.into_any()
            } else {
                view! { <ul class="row-list">{d.low_stock.into_iter().map(alert_row).collect_view()}</ul> }.into_any()
            }}
        </section>
        <div class="admin-two">
            <section class="card" aria-labelledby="dash-today" data-testid="shop-today">
                <h2 id="dash-today">{move || s.t(AdminMsg::DashShopToday)}<span class="muted small">" · "{d.day.clone()}</span></h2>
                <dl class="dash-figures">
                    <div><dt>{move || s.t(AdminMsg::SummaryOrders)}</dt><dd>{d.orders_today}</dd></div>
                    <div><dt>{move || s.t(AdminMsg::SummaryItemsOut)}</dt><dd>{d.items_out_today}</dd></div>
                    <div><dt>{move || s.t(AdminMsg::SummaryPoints)}</dt><dd>{d.points_redeemed_today}</dd></div>
                    <div><dt>{move || s.t(AdminMsg::SummaryRefunded)}</dt><dd>{d.refunded_today}</dd></div>
                </dl>
                <A href="/admin/shop/orders" attr:class="more-link">{move || s.t(AdminMsg::SummaryTitle)}" ›"</A>
            </section>
            <section class="card" aria-labelledby="dash-review" data-testid="to-review">
                <h2 id="dash-review">{move || s.t(AdminMsg::DashToReview)}</h2>
                {if to_review == 0 {
                    view! { <Empty msg=AdminMsg::DashNothingToReview /> }.into_any()
                } else {
                    view! {
                        <dl class="dash-figures">
                            <div class:waiting=(d.hours_to_review > 0)><dt>{move || s.t(Msg::PjHoursToReview)}</dt><dd>{d.hours_to_review}</dd></div>
                            <div class:waiting=(d.projects_to_review > 0)><dt>{move || s.t(Msg::PjProjectsToReview)}</dt><dd>{d.projects_to_review}</dd></div>
                        </dl>
                    }.into_any()
                }}
                <A href="/review" attr:class="more-link">{move || s.t(Msg::PjReview)}" ›"</A>
            </section>
        </div>
    }
}

fn alert_row(line: LowStockLine) -> impl IntoView {
    let s = use_session();
    let alert = StockAlert::of(line.stock);
    let stock = line.stock;
    view! {
        <li>
            <A href=restock_href(line.id) attr:class=format!("row row-link dash-alert {}", alert.class())>
                <span class="row-main">
                    <strong>{line.name}</strong>
                    <span class=format!("badge {}", alert.class())>
                        {move || s.t(alert.label())}
                        {(alert == StockAlert::Low).then(|| format!(" {stock}"))}
                    </span>
                </span>
                <span class="dash-restock">{move || s.t(AdminMsg::DashRestock)}</span>
            </A>
        </li>
    }
}
