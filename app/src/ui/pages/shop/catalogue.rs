//! 商城: the points-priced catalogue on a phone: categories, search (Chinese substring),
//! sorting, "only what I can afford" with my balance, small lazy thumbnails, and keyset
//! "load more".

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::shop::{CatalogueQuery, Category, ItemCard, ItemSort};
use crate::i18n::Msg;
use crate::shop::ShopAddress;
use crate::ui::api::{self, ApiError};
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

/// `/shop` with the given filters, each value escaped.
fn shop_href(pairs: &[(&str, String)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
        .collect();
    if query.is_empty() {
        "/shop".to_string()
    } else {
        format!("/shop?{}", query.join("&"))
    }
}

#[component]
pub fn ShopPage() -> impl IntoView {
    let s = use_session();
    let signed_in = move || s.me.with(|m| m.is_some());
    // Search, category, sort and "affordable" live in the address, so Back from an item
    // (or a reload) finds the catalogue as the person left it.
    let address = use_query_map();
    let filters = Memo::new(move |_| address.with(|q| ShopAddress::read(|k| q.get(k))));
    let category = move || filters.with(|f| f.category.clone());
    let sort = move || filters.with(|f| f.sort);
    let affordable = move || filters.with(|f| f.affordable);
    // The search box follows the address (Back), not every other filter's change.
    let text = Memo::new(move |_| filters.with(|f| f.search.clone()));
    let typed = RwSignal::new(text.get_untracked());
    Effect::new(move |_| typed.set(text.get()));
    let navigate = StoredValue::new_local(use_navigate());
    // One filter changed: the address is replaced, not pushed, so Back leaves the shop.
    let set = move |key: &'static str, value: String| {
        let pairs: Vec<(&str, String)> = address.with_untracked(|q| {
            ShopAddress::KEYS
                .into_iter()
                .map(|k| {
                    (
                        k,
                        if k == key {
                            value.clone()
                        } else {
                            q.get(k).unwrap_or_default()
                        },
                    )
                })
                .filter(|(_, v)| !v.is_empty())
                .collect()
        });
        let href = shop_href(&pairs);
        navigate.with_value(|go| {
            go(
                &href,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            )
        });
    };

    let items = RwSignal::new(Vec::<ItemCard>::new());
    let cursor = RwSignal::new(None::<String>);
    let balance = RwSignal::new(None::<i64>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // Answers to an older query are dropped.
    let generation = StoredValue::new(0u32);

    let query = move |after: Option<String>| CatalogueQuery {
        after,
        ..filters.get().first_page(signed_in())
    };
    let load = move |more: bool| {
        let after = if more { cursor.get_untracked() } else { None };
        let q = untrack(|| query(after));
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            let r = api::catalogue(q).await;
            if generation.get_value() != mine {
                return;
            }
            loading.set(false);
            match r {
                Ok(page) => {
                    if more {
                        items.update(|v| v.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                    cursor.set(page.next_cursor);
                    balance.set(page.balance);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    // Any change of filter (of the address) starts again from the first page.
    Effect::new(move |_| {
        address.track();
        s.me.track();
        load(false);
    });

    let categories = LocalResource::new(api::shop_categories);
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        set(
            ShopAddress::SEARCH,
            typed.get_untracked().trim().to_string(),
        );
    };

    view! {
        <section class="page shop">
            <div class="shop-head">
                <h1>{move || s.t(Msg::ShopTitle)}</h1>
                <Show when=signed_in>
                    <A href="/shop/reservations" attr:class="honour-link">{move || s.t(Msg::MyReservations)}" ›"</A>
                </Show>
                <A href="/shop/donors" attr:class="honour-link">{move || s.t(Msg::HonourRoll)}" ›"</A>
            </div>
            {move || balance.get().map(|b| view! {
                <p class="shop-balance" data-testid="shop-balance">
                    {move || s.t(Msg::ShopMyBalance)}" "<strong>{b}</strong>" "{move || s.t(Msg::PointsUnit)}
                </p>
            })}
            <form class="search-bar" role="search" on:submit=on_search>
                <label class="sr-only" for="shop-q">{move || s.t(Msg::ShopSearch)}</label>
                <input id="shop-q" type="search" enterkeyhint="search"
                    placeholder=move || s.t(Msg::ShopSearchHint) bind:value=typed />
                <button class="btn btn-secondary" type="submit">{move || s.t(Msg::ShopSearch)}</button>
            </form>
            <div class="category-bar" role="group" aria-label=move || s.t(Msg::FieldCategory)>
                <button type="button" class="cat" aria-pressed=move || category().is_empty().to_string()
                    on:click=move |_| set(ShopAddress::CATEGORY, String::new())>{move || s.t(Msg::ShopAllCategories)}</button>
                {move || categories.get().and_then(|r| r.ok()).map(|cats: Vec<Category>| cats.into_iter().map(|c| {
                    let name = c.name.clone();
                    let pressed = { let n = name.clone(); move || (category() == n).to_string() };
                    view! {
                        <button type="button" class="cat" aria-pressed=pressed
                            on:click=move |_| set(ShopAddress::CATEGORY, name.clone())>{c.name.clone()}</button>
                    }
                }).collect_view())}
            </div>
            <div class="filter-bar shop-filters">
                <label for="shop-sort">{move || s.t(Msg::ShopSort)}</label>
                <select id="shop-sort" on:change=move |ev| {
                    if let Some(v) = ItemSort::parse(&event_target_value(&ev)) { set(ShopAddress::SORT, v.as_str().to_string()) }
                }>
                    {ItemSort::ALL.into_iter().map(|o| view! {
                        <option value=o.as_str() selected=move || sort() == o>{move || s.t(o.label())}</option>
                    }).collect_view()}
                </select>
                <Show when=signed_in>
                    <label class="check">
                        <input type="checkbox" prop:checked=affordable
                            on:change=move |ev| set(ShopAddress::AFFORDABLE, if event_target_checked(&ev) { "1".into() } else { String::new() }) />
                        {move || s.t(Msg::ShopAffordable)}
                    </label>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <ErrorView error=e on_retry=Callback::new(move |_| load(false)) /> })}
            <ul class="item-grid" aria-busy=move || loading.get().to_string()>
                <For each=move || items.get() key=|i| i.id let:item>
                    <li><ItemTile item=item /></li>
                </For>
            </ul>
            <Show when=move || !loading.get() && error.with(|e| e.is_none()) && items.with(|v| v.is_empty())>
                <Empty msg=Msg::ShopNoItems />
            </Show>
            <Show when=move || loading.get()><Loading /></Show>
            <Show when=move || !loading.get() && cursor.with(|c| c.is_some())>
                <button class="btn btn-secondary btn-block" type="button" on:click=move |_| load(true)>
                    {move || s.t(Msg::ShopLoadMore)}
                </button>
            </Show>
        </section>
    }
}

/// A catalogue entry: the 240 px thumbnail (lazy), name, price and stock.
#[component]
pub fn ItemTile(item: ItemCard) -> impl IntoView {
    let s = use_session();
    let href = format!("/shop/items/{}", item.id);
    let out = !item.in_stock;
    let stock = item.stock;
    view! {
        <A href=href attr:class=if out { "item-tile item-out" } else { "item-tile" } attr:data-testid="item-tile">
            <span class="thumb">
                {match item.thumb_url.clone() {
                    Some(u) => view! { <img src=u alt="" loading="lazy" decoding="async" width="120" height="120" /> }.into_any(),
                    None => view! { <span class="thumb-none" aria-hidden="true">{item.name.chars().next().map(String::from).unwrap_or_default()}</span> }.into_any(),
                }}
            </span>
            <span class="item-name">{item.name.clone()}</span>
            <span class="item-price"><strong>{item.price}</strong>" "{move || s.t(Msg::PointsUnit)}</span>
            <span class="item-stock small">
                {move || if out {
                    view! { <span class="badge badge-warn">{s.t(Msg::OutOfStock)}</span> }.into_any()
                } else {
                    view! { <span class="muted">{s.t(Msg::InStock)}" "{stock}</span> }.into_any()
                }}
            </span>
        </A>
    }
}
