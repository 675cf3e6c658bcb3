//! An item's page: its photos, description, price, stock (or 已兑完), the per-person
//! monthly limit and how to take it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::shop::ItemDetail;
use crate::i18n::Msg;
use crate::ui::api;
use crate::ui::components::status::{ErrorView, Loading};
use crate::ui::pages::shop::reservations::AddToReservation;
use crate::ui::state::use_session;

#[component]
pub fn ShopItemPage() -> impl IntoView {
    let s = use_session();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let item = LocalResource::new(move || api::shop_item(id()));
    view! {
        <section class="page shop-item narrow">
            <A href="/shop" attr:class="back-link">"‹ "{move || s.t(Msg::ShopTitle)}</A>
            <Transition fallback=Loading>
                {move || item.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| item.refetch()) /> }.into_any(),
                    Ok(i) => view! { <ItemBody item=i /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The display height of a photo shown at most 800 px wide.
fn scaled_height(width: u32, height: u32) -> u64 {
    u64::from(height) * u64::from(width.min(800)) / u64::from(width.max(1))
}

#[component]
fn ItemBody(item: ItemDetail) -> impl IntoView {
    let s = use_session();
    let out = !item.in_stock;
    let on_sale = item.on_sale;
    let stock = item.stock;
    let limit = item.monthly_limit;
    let sold = item.sold;
    // Reserving from the phone: only what can be taken now.
    let reservable = (on_sale && !out).then(|| item.clone());
    let first = item
        .name
        .chars()
        .next()
        .map(String::from)
        .unwrap_or_default();
    view! {
        // A strip that scrolls sideways: reachable by keyboard, named for screen readers.
        <div class="photos" role="region" tabindex="0" aria-label=move || s.t(Msg::SvPhotos)>
            {if item.photos.is_empty() {
                view! { <div class="photo-none" aria-hidden="true">{first}</div> }.into_any()
            } else {
                item.photos.iter().map(|p| view! {
                    <img src=p.display_url.clone() alt=item.name.clone() loading="lazy" decoding="async"
                        width=p.width.min(800) height=scaled_height(p.width, p.height) />
                }).collect_view().into_any()
            }}
        </div>
        <div class="card item-info">
            <h1>{item.name.clone()}</h1>
            <p class="item-price big"><strong>{item.price}</strong>" "{move || s.t(Msg::PointsUnit)}</p>
            <p>
                <span class="badge">{item.category.clone()}</span>" "
                {item.tags.iter().map(|t| view! { <span class="badge badge-team">{t.clone()}</span>" " }).collect_view()}
            </p>
            <p data-testid="item-stock">
                {move || if out {
                    view! { <span class="badge badge-warn">{s.t(Msg::OutOfStock)}</span> }.into_any()
                } else {
                    view! { <span>{s.t(Msg::InStock)}" "<strong>{stock}</strong>" "{s.t(Msg::PiecesUnit)}</span> }.into_any()
                }}
                <span class="muted small">" · "{move || s.t(Msg::Sold)}" "{sold}</span>
            </p>
            {limit.map(|l| view! {
                <p class="limit">{move || s.t(Msg::MonthlyLimitText)}" "<strong>{l}</strong>" "{move || s.t(Msg::PiecesUnit)}</p>
            })}
            {(!on_sale).then(|| view! { <p class="form-error">{move || s.t(Msg::NotOnSale)}</p> })}
            <p class="item-desc">{item.description.clone()}</p>
            <p class="muted small">{move || s.t(Msg::ItemHowTo)}</p>
            <A href=format!("/services/ratings/shop_item/{}", item.id) attr:class="btn btn-small btn-secondary">{move || s.t(Msg::SvRating)}</A>
        </div>
        {reservable.map(|i| view! { <AddToReservation item=i /> })}
    }
}
