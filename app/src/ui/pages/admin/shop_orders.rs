//! 兑换订单 (administrators): a day's summary (orders, items out, points redeemed, by item
//! and by donor), that day's receipts with their lines, and refunds with a reason (points
//! back with their expiry, goods back in stock).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::shop::{OrderStatus, Receipt};
use crate::i18n::{AdminMsg, Msg};
use crate::ledger::transfer_reason_text;
use crate::pickup::order_status_label;
use crate::ui::api;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::admin::shop::ShopAdminNav;
use crate::ui::state::use_session;

#[component]
pub fn AdminShopOrdersPage() -> impl IntoView {
    view! { <AdminOnly><Orders /></AdminOnly> }
}

#[component]
fn Orders() -> impl IntoView {
    let s = use_session();
    let day = RwSignal::new(String::new());
    let summary = LocalResource::new(move || {
        let d = day.get();
        async move { api::shop_summary(&d).await }
    });
    let orders = LocalResource::new(move || {
        let d = day.get();
        async move { api::shop_orders(&d, None).await }
    });
    let reload = Callback::new(move |_| {
        summary.refetch();
        orders.refetch();
    });
    view! {
        <section class="page admin-orders">
            <h1>{move || s.t(AdminMsg::OrdersTitle)}</h1>
            <ShopAdminNav />
            <div class="filter-bar">
                <label for="orders-day">{move || s.t(Msg::FieldDate)}</label>
                <input id="orders-day" type="date" bind:value=day />
            </div>
            <Transition fallback=Loading>
                {move || summary.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(sm) => view! {
                        <section class="card summary" data-testid="summary">
                            <h2>{move || s.t(AdminMsg::SummaryTitle)}" · "{sm.day.clone()}</h2>
                            <dl class="figures">
                                <div><dt>{move || s.t(AdminMsg::SummaryOrders)}</dt><dd>{sm.orders}</dd></div>
                                <div><dt>{move || s.t(AdminMsg::SummaryItemsOut)}</dt><dd>{sm.items_out}</dd></div>
                                <div><dt>{move || s.t(AdminMsg::SummaryPoints)}</dt><dd>{sm.points_redeemed}</dd></div>
                                <div><dt>{move || s.t(AdminMsg::SummaryRefunded)}</dt><dd>{sm.refunded_orders}</dd></div>
                                <div><dt>{move || s.t(AdminMsg::SummaryAwaiting)}</dt><dd data-testid="summary-awaiting">{sm.awaiting_pickup}</dd></div>
                            </dl>
                            <div class="admin-two">
                                <div>
                                    <h3>{move || s.t(AdminMsg::ByItem)}</h3>
                                    <ul class="row-list">{sm.by_item.iter().map(|i| view! {
                                        <li class="row"><span class="row-main">{i.name.clone()}</span><span class="nowrap">{i.quantity}" · "{i.points}</span></li>
                                    }).collect_view()}</ul>
                                </div>
                                <div>
                                    <h3>{move || s.t(AdminMsg::ByDonor)}</h3>
                                    <ul class="row-list">{sm.by_donor.iter().map(|d| {
                                        let name = d.name.clone();
                                        let none = d.donor_id.is_none();
                                        view! {
                                            <li class="row"><span class="row-main">{move || if none { s.t(AdminMsg::NoDonor).to_string() } else { name.clone() }}</span>
                                            <span class="nowrap">{d.quantity}" · "{d.points}</span></li>
                                        }
                                    }).collect_view()}</ul>
                                </div>
                            </div>
                        </section>
                    }.into_any(),
                })}
            </Transition>
            <Transition fallback=Loading>
                {move || orders.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <Empty msg=AdminMsg::NoOrders /> }.into_any(),
                    Ok(p) => p.items.into_iter().map(|o| view! { <OrderCard order=o reload=reload /> }).collect_view().into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OrderCard(order: Receipt, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let asking = RwSignal::new(false);
    let id = order.order_id;
    let status = order.status;
    // Refunded, cancelled and expired orders have had their points back already.
    let refunded = matches!(
        status,
        OrderStatus::Refunded | OrderStatus::Cancelled | OrderStatus::Expired
    );
    let refund = move |_| {
        let r = reason.get_untracked().trim().to_string();
        spawn_local(async move {
            match api::refund_order(id, r).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    view! {
        <article class="card order" data-testid="order">
            <p class="order-head">
                <strong>"#"{id}</strong>" "{order.member_name.clone()}" · "{order.card.clone()}
                <span class="muted small">" "{when_words(order.created_at)}</span>
                <span class="badge" class:badge-warn=refunded data-testid="order-status">{move || s.t(order_status_label(status))}</span>
            </p>
            <ul class="row-list">{order.lines.iter().map(|l| view! {
                <li class="row"><span class="row-main">{l.name.clone()}<span class="muted">{l.unit_price}" × "{l.quantity}</span></span><span class="amount">{l.amount}</span></li>
            }).collect_view()}</ul>
            <p class="kiosk-total">{move || s.t(Msg::KioskTotal)}" "<strong>{order.total}</strong></p>
            {order.refund_reason.clone().map(|r| {
                // A reservation's refund is worded in the reader's language; an
                // administrator's reason reads as they wrote it.
                let note = order.refund_note.clone();
                view! { <p class="muted small">{move || s.t(Msg::FieldReason)}": "{move || transfer_reason_text(s.lang.get(), note.as_ref(), &r)}</p> }
            })}
            <FormError message=error />
            {(!refunded).then(|| view! {
                <Show when=move || asking.get() fallback=move || view! {
                    <button class="btn btn-small btn-danger-outline" type="button" on:click=move |_| asking.set(true)>{move || s.t(Msg::Refund)}</button>
                }>
                    <div class="inline-form">
                        <input type="text" aria-label=move || s.t(Msg::FieldReason) placeholder=move || s.t(Msg::FieldReason) bind:value=reason />
                        <button class="btn btn-small btn-danger" type="button" on:click=refund>{move || s.t(Msg::Refund)}</button>
                    </div>
                </Show>
            })}
        </article>
    }
}
