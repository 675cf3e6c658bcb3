//! 我的预约 (/shop/reservations): the reservation basket filled from item pages (kept in
//! local storage between pages), reserving it — paid at once, one idempotency key per
//! basket so a retry never charges twice — and my reservations with their pickup QR and
//! code, status, items, total and expiry, with cancelling (a full refund) before pickup;
//! while one waits, the page notices the kiosk's handover by itself.
//! Also the item page's "add to reservation" control.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::shop::{CartLine, ItemDetail, Reservation, ReservationStatus, ReserveRequest};
use crate::i18n::Msg;
use crate::pickup::{basket_from_json, basket_to_json, format_code, line_of, status_label};
use crate::shop::{CartRefusal, KioskCart};
use crate::ui::api::{self, ApiError};
use crate::ui::components::guard::SignedIn;
use crate::ui::components::qr::QrSvg;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::state::use_session;

const BASKET_KEY: &str = "linli.reserve.basket";
/// How often the page looks for a pickup while a reservation waits.
const POLL_MS: u32 = 5_000;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The basket as stored (empty when there is none).
pub fn load_basket() -> KioskCart {
    storage()
        .and_then(|s| s.get_item(BASKET_KEY).ok().flatten())
        .map(|t| basket_from_json(&t))
        .unwrap_or_default()
}

fn save_basket(cart: &KioskCart) {
    if let Some(s) = storage() {
        let _ = if cart.is_empty() {
            s.remove_item(BASKET_KEY)
        } else {
            s.set_item(BASKET_KEY, &basket_to_json(cart))
        };
    }
}

fn refusal_text(r: CartRefusal) -> Msg {
    match r {
        CartRefusal::OutOfStock => Msg::OutOfStock,
        CartRefusal::OverLimit => Msg::KioskOverLimit,
    }
}

/// The item page's control: pick a quantity (up to the stock and the monthly limit) and
/// add it to the basket; signed out, a link to sign in.
#[component]
pub fn AddToReservation(item: ItemDetail) -> impl IntoView {
    let s = use_session();
    let signed_in = move || s.me.with(|m| m.is_some());
    // Signed in: what I took of it this month counts against its limit.
    let taken = LocalResource::new(move || async move {
        if s.me.with_untracked(|m| m.is_some()) {
            api::my_month_taken().await.unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let item = StoredValue::new(item);
    let line_with =
        move |t: Option<Vec<CartLine>>| item.with_value(|i| line_of(i, &t.unwrap_or_default()));
    let max = move || line_with(taken.get()).max().max(0);
    let quantity = RwSignal::new(1i64);
    let added = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let login = format!(
        "/login?next=%2Fshop%2Fitems%2F{}",
        item.with_value(|i| i.id)
    );
    let add = move |_| {
        let mut cart = load_basket();
        let mut refused = None;
        for _ in 0..quantity.get_untracked() {
            if let Err(r) = cart.add(line_with(taken.get_untracked())) {
                refused = Some(r);
                break;
            }
        }
        save_basket(&cart);
        error.set(refused.map(|r| s.t(refusal_text(r)).to_string()));
        added.set(refused.is_none());
    };
    view! {
        <Show when=signed_in fallback=move || view! {
            <A href=login.clone() attr:class="btn btn-secondary btn-block">{move || s.t(Msg::ReserveSignIn)}</A>
        }>
            <div class="card reserve-add">
                <div class="qty-pick">
                    <span>{move || s.t(Msg::FieldQuantity)}</span>
                    <button type="button" class="btn btn-secondary qty" aria-label=move || s.t(Msg::KioskRemoveOne)
                        disabled=move || { quantity.get() <= 1 }
                        on:click=move |_| quantity.update(|q| *q = (*q - 1).max(1))>"−"</button>
                    <span class="qty-n" data-testid="reserve-qty">{move || quantity.get()}</span>
                    <button type="button" class="btn btn-secondary qty" aria-label=move || s.t(Msg::KioskAddOne)
                        disabled=move || { quantity.get() >= max() }
                        on:click=move |_| quantity.update(|q| *q = (*q + 1).min(max()))>"+"</button>
                    <span class="muted small">{move || s.t(Msg::ReserveMax)}" "{max}" "{move || s.t(Msg::PiecesUnit)}</span>
                </div>
                <button type="button" class="btn btn-primary btn-block" on:click=add>{move || s.t(Msg::ReserveAdd)}</button>
                <FormError message=error />
                <Show when=move || added.get()>
                    <p class="ok" role="status">{move || s.t(Msg::ReserveAdded)}" · "
                        <A href="/shop/reservations">{move || s.t(Msg::ReserveOpen)}" ›"</A></p>
                </Show>
            </div>
        </Show>
    }
}

#[component]
pub fn ReservationsPage() -> impl IntoView {
    view! { <SignedIn><Reservations /></SignedIn> }
}

#[component]
fn Reservations() -> impl IntoView {
    let s = use_session();
    let list = LocalResource::new(api::my_reservations);
    let reload = Callback::new(move |_| list.refetch());
    let done = RwSignal::new(false);
    // While something waits at the shop, look every few seconds whether the kiosk has
    // handed it over (or it lapsed), and redraw only when a status changed.
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    spawn_local(async move {
        let statuses = |items: &[Reservation]| -> Vec<(i64, ReservationStatus)> {
            items.iter().map(|r| (r.id, r.status)).collect()
        };
        while alive.load(Ordering::Relaxed) {
            TimeoutFuture::new(POLL_MS).await;
            if !alive.load(Ordering::Relaxed) {
                break;
            }
            let Some(Ok(shown)) = list.get_untracked() else {
                continue;
            };
            if !shown
                .items
                .iter()
                .any(|r| r.status == ReservationStatus::Reserved)
            {
                continue;
            }
            if let Ok(now) = api::my_reservations().await {
                if alive.load(Ordering::Relaxed) && statuses(&now.items) != statuses(&shown.items) {
                    list.refetch();
                }
            }
        }
    });
    view! {
        <section class="page reservations narrow">
            <A href="/shop" attr:class="back-link">"‹ "{move || s.t(Msg::ShopTitle)}</A>
            <h1>{move || s.t(Msg::MyReservations)}</h1>
            <Basket on_reserved=Callback::new(move |_| { done.set(true); list.refetch(); }) />
            <Show when=move || done.get()>
                <p class="card ok" role="status" data-testid="reserve-done">{move || s.t(Msg::ReserveDone)}</p>
            </Show>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=reload /> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <Empty msg=Msg::NoReservations /> }.into_any(),
                    Ok(p) => p.items.into_iter().map(|r| view! { <ReservationCard r=r reload=reload /> }).collect_view().into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The basket: lines with − / +, the total against my balance, and "reserve".
#[component]
fn Basket(on_reserved: Callback<()>) -> impl IntoView {
    let s = use_session();
    let cart = RwSignal::new(load_basket());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let balance = LocalResource::new(api::my_points);
    let left = move || {
        balance
            .get()
            .and_then(|r| r.ok())
            .map(|b| cart.with(|c| c.left_after(b.balance)))
    };
    let short = move || left().is_some_and(|l| l < 0);
    let submit = move |_| {
        let lines: Vec<CartLine> = cart.with_untracked(|c| {
            c.lines
                .iter()
                .map(|l| CartLine {
                    item_id: l.item_id,
                    quantity: l.quantity,
                })
                .collect()
        });
        let mut key = String::new();
        cart.update_untracked(|c| key = c.key(|| api::new_key("reserve")));
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = api::reserve(ReserveRequest {
                lines,
                idempotency_key: key,
            })
            .await;
            busy.set(false);
            match r {
                Ok(_) => {
                    cart.set(KioskCart::default());
                    save_basket(&KioskCart::default());
                    balance.refetch();
                    on_reserved.run(());
                }
                Err(ApiError::Network) => error.set(Some(s.t(Msg::KioskRetry).to_string())),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    view! {
        <Show when=move || !cart.with(|c| c.is_empty())>
            <section class="card reserve-basket" aria-labelledby="basket-title" data-testid="basket">
                <h2 id="basket-title">{move || s.t(Msg::ReserveBasket)}</h2>
                <ul class="row-list">
                    {move || cart.with(|c| c.lines.clone()).into_iter().map(|l| {
                        let id = l.item_id;
                        let change = move |d: i64| {
                            let mut refused = None;
                            cart.update(|c| refused = c.change(id, d).err());
                            cart.with_untracked(save_basket);
                            error.set(refused.map(|r| s.t(refusal_text(r)).to_string()));
                        };
                        view! {
                            <li class="row cart-row" data-testid="basket-line">
                                <span class="row-main"><strong>{l.name.clone()}</strong>
                                    <span class="muted">{l.price}" × "{l.quantity}
                                        {l.monthly_limit.map(|m| view! { " · "{move || s.t(Msg::MonthlyLimitText)}" "{m}" "{move || s.t(Msg::PiecesUnit)} })}
                                    </span></span>
                                <button type="button" class="btn btn-secondary qty" aria-label=move || s.t(Msg::KioskRemoveOne)
                                    on:click=move |_| change(-1)>"−"</button>
                                <span class="qty-n">{l.quantity}</span>
                                <button type="button" class="btn btn-secondary qty" aria-label=move || s.t(Msg::KioskAddOne)
                                    on:click=move |_| change(1)>"+"</button>
                                <span class="amount nowrap">{l.amount()}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="kiosk-total">{move || s.t(Msg::KioskTotal)}" "
                    <strong data-testid="basket-total">{move || cart.with(|c| c.total())}</strong>" "{move || s.t(Msg::PointsUnit)}</p>
                {move || left().map(|l| view! {
                    <p class:form-error=move || { l < 0 }>
                        {move || if l < 0 { s.t(Msg::KioskShort) } else { s.t(Msg::KioskLeft) }}" "{(l >= 0).then_some(l)}
                    </p>
                })}
                <p class="muted small">{move || s.t(Msg::ReserveHint)}</p>
                <FormError message=error />
                <button class="btn btn-primary btn-block" type="button"
                    disabled=move || busy.get() || short()
                    on:click=submit>
                    {move || if busy.get() { s.t(Msg::Working) } else { s.t(Msg::ReserveSubmit) }}
                </button>
            </section>
        </Show>
    }
}

/// One reservation: status, pickup QR and code while it waits, items, total, times, and
/// cancelling.
#[component]
fn ReservationCard(r: Reservation, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let waiting = r.status == ReservationStatus::Reserved;
    let status = r.status;
    let id = r.id;
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let qr = r.qr.clone();
    let code = format_code(&r.code);
    let cancel = move |_| {
        spawn_local(async move {
            match api::cancel_reservation(id).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    view! {
        <article class="card reservation" data-testid="reservation" data-status=status.as_str()>
            <p class="order-head">
                <strong>"#"{id}</strong>
                <span class="muted small">" "{when_words(r.created_at)}</span>
                <span class="badge" class:badge-ok=status == ReservationStatus::Collected
                    class:badge-warn=matches!(status, ReservationStatus::Cancelled | ReservationStatus::Expired)
                    data-testid="reservation-status">
                    {move || s.t(status_label(status))}
                </span>
            </p>
            {waiting.then(|| {
                let qr = qr.clone();
                let code = code.clone();
                view! {
                    <div class="pickup">
                        <QrSvg text=qr label=Signal::derive(move || s.t(Msg::PickupQr).to_string()) />
                        <p class="pickup-code">
                            <span class="muted">{move || s.t(Msg::PickupCode)}</span>
                            <strong class="number" data-testid="pickup-code">{code}</strong>
                        </p>
                        <p class="small">{move || s.t(Msg::PickupBy)}" "<strong>{when_words(r.expires_at)}</strong></p>
                    </div>
                }
            })}
            <ul class="row-list">{r.lines.iter().map(|l| view! {
                <li class="row"><span class="row-main">{l.name.clone()}<span class="muted">{l.unit_price}" × "{l.quantity}</span></span><span class="amount">{l.amount}</span></li>
            }).collect_view()}</ul>
            <p class="kiosk-total">{move || s.t(Msg::KioskTotal)}" "<strong>{r.total}</strong>" "{move || s.t(Msg::PointsUnit)}</p>
            {r.collected_at.map(|t| view! { <p class="muted small">{move || s.t(Msg::PickupCollectedAt)}" "{when_words(t)}</p> })}
            {r.closed_at.map(|t| view! { <p class="muted small">{move || s.t(Msg::PickupClosedAt)}" "{when_words(t)}</p> })}
            <FormError message=error />
            {waiting.then(|| view! {
                <Show when=move || asking.get() fallback=move || view! {
                    <button class="btn btn-small btn-danger-outline" type="button" on:click=move |_| asking.set(true)>
                        {move || s.t(Msg::ReservationCancel)}
                    </button>
                }>
                    <div class="inline-form">
                        <span>{move || s.t(Msg::ReservationCancelConfirm)}</span>
                        <button class="btn btn-small btn-danger" type="button" on:click=cancel>{move || s.t(Msg::ReservationCancel)}</button>
                    </div>
                </Show>
            })}
        </article>
    }
}
