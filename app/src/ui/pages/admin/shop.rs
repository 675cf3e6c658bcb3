//! 商品管理 (administrators, desktop): every item with its stock and state; a form to
//! create or edit one, deactivate or reactivate it, add photos (checked for size and type
//! before upload, and by content at the server); bulk price and stock edits; links to the
//! stock, orders and label pages.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::api::shop::{BulkEdit, BulkLine, CreateItem, ItemDetail, UpdateItem};
use crate::i18n::{problem_text, AdminMsg, Msg};
use crate::shop::{check_item, parse_points, parse_tags};
use crate::ui::api;
use crate::ui::components::field::Field;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::pages::form_state::FormState;
use crate::ui::photo::fit;
use crate::ui::state::use_session;

#[component]
pub fn AdminShopPage() -> impl IntoView {
    view! { <AdminOnly><AdminShop /></AdminOnly> }
}

/// The shop administration's own links, shown on each of its pages.
#[component]
pub fn ShopAdminNav() -> impl IntoView {
    let s = use_session();
    view! {
        <nav class="shop-admin-nav">
            <A href="/admin/shop" exact=true>{move || s.t(AdminMsg::AdminShopTitle)}</A>
            <A href="/admin/shop/stock">{move || s.t(AdminMsg::StockInTitle)}</A>
            <A href="/admin/shop/count">{move || s.t(AdminMsg::StockCountTitle)}</A>
            <A href="/admin/shop/orders">{move || s.t(AdminMsg::OrdersTitle)}</A>
            <A href="/admin/shop/labels">{move || s.t(AdminMsg::Labels)}</A>
        </nav>
    }
}

#[component]
fn AdminShop() -> impl IntoView {
    let s = use_session();
    let items = LocalResource::new(api::admin_items);
    let editing = RwSignal::new(None::<ItemDetail>);
    let saved = RwSignal::new(false);
    let uploaded = RwSignal::new(false);
    let reload = Callback::new(move |_| items.refetch());
    view! {
        <section class="page admin-shop">
            <h1>{move || s.t(AdminMsg::AdminShopTitle)}</h1>
            <ShopAdminNav />
            <div class="admin-two">
                <div>
                    <Transition fallback=Loading>
                        {move || items.get().map(|r| match r {
                            Err(e) => view! { <ErrorView error=e on_retry=reload /> }.into_any(),
                            Ok(list) => view! { <ItemTable list=list editing=editing reload=reload /> }.into_any(),
                        })}
                    </Transition>
                </div>
                <div>
                    {move || {
                        let current = editing.get();
                        view! { <ItemForm current=current editing=editing reload=reload saved=saved /> }
                    }}
                    {move || editing.get().map(|i| view! { <PhotoForm item=i editing=editing reload=reload done=uploaded /> })}
                </div>
            </div>
            <Transition fallback=Loading>
                {move || items.get().and_then(|r| r.ok()).map(|list| view! { <BulkForm list=list reload=reload /> })}
            </Transition>
        </section>
    }
}

#[component]
fn ItemTable(
    list: Vec<ItemDetail>,
    editing: RwSignal<Option<ItemDetail>>,
    reload: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    view! {
        <div class="card table-wrap">
            <FormError message=error />
            <table class="data-table">
                <thead><tr>
                    <th></th>
                    <th>{move || s.t(AdminMsg::FieldItemName)}</th>
                    <th>{move || s.t(Msg::FieldCategory)}</th>
                    <th class="num">{move || s.t(AdminMsg::Price)}</th>
                    <th class="num">{move || s.t(Msg::Stock)}</th>
                    <th>{move || s.t(AdminMsg::Status)}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|i| {
                        let active = i.active;
                        let id = i.id;
                        let thumb = i.photos.first().map(|p| p.thumb_url.clone());
                        let edit_item = i.clone();
                        let toggle = move |_| {
                            spawn_local(async move {
                                let req = UpdateItem { active: Some(!active), ..Default::default() };
                                match api::update_item(id, req).await {
                                    Ok(_) => reload.run(()),
                                    Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
                                }
                            });
                        };
                        view! {
                            <tr class:row-inactive=!active data-testid="admin-item">
                                <td data-label="">{thumb.map(|u| view! { <img class="mini-thumb" src=u alt="" loading="lazy" width="40" height="40" /> })}</td>
                                <td data-label=move || s.t(AdminMsg::FieldItemName)><span><strong>{i.name.clone()}</strong><br /><span class="muted small mono">{i.barcode.clone()}</span></span></td>
                                <td data-label=move || s.t(Msg::FieldCategory)>{i.category.clone()}</td>
                                <td class="num" data-label=move || s.t(AdminMsg::Price)>{i.price}</td>
                                <td class="num" data-label=move || s.t(Msg::Stock)>{i.stock}</td>
                                <td data-label=move || s.t(AdminMsg::Status)>{move || if active { s.t(AdminMsg::OnSale) } else { s.t(AdminMsg::Inactive) }}</td>
                                <td class="nowrap" data-label="">
                                    <button class="btn btn-small btn-secondary" type="button"
                                        on:click=move |_| editing.set(Some(edit_item.clone()))>{move || s.t(AdminMsg::AdminShopEdit)}</button>
                                    " "
                                    <button class="btn btn-small btn-danger-outline" type="button" on:click=toggle>
                                        {move || if active { s.t(AdminMsg::Deactivate) } else { s.t(AdminMsg::Activate) }}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

const ITEM_FIELDS: &[&str] = &[
    "name",
    "category",
    "price",
    "monthly_limit",
    "tags",
    "barcode",
    "description",
];

#[component]
fn ItemForm(
    current: Option<ItemDetail>,
    editing: RwSignal<Option<ItemDetail>>,
    reload: Callback<()>,
    /// Kept by the page: saving re-renders this form with the saved item.
    saved: RwSignal<bool>,
) -> impl IntoView {
    let s = use_session();
    let id = current.as_ref().map(|i| i.id);
    let c = current.clone();
    let name = RwSignal::new(c.as_ref().map(|i| i.name.clone()).unwrap_or_default());
    let category = RwSignal::new(c.as_ref().map(|i| i.category.clone()).unwrap_or_default());
    let price = RwSignal::new(c.as_ref().map(|i| i.price.to_string()).unwrap_or_default());
    let limit = RwSignal::new(
        c.as_ref()
            .and_then(|i| i.monthly_limit)
            .map(|l| l.to_string())
            .unwrap_or_default(),
    );
    let tags = RwSignal::new(c.as_ref().map(|i| i.tags.join("，")).unwrap_or_default());
    let description = RwSignal::new(
        c.as_ref()
            .map(|i| i.description.clone())
            .unwrap_or_default(),
    );
    let barcode = RwSignal::new(c.as_ref().map(|i| i.barcode.clone()).unwrap_or_default());
    let form = FormState::new(ITEM_FIELDS);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        form.clear();
        let checked = check_item(
            &name.get_untracked(),
            &category.get_untracked(),
            &price.get_untracked(),
            &limit.get_untracked(),
        );
        let item = match checked {
            Ok(item) => item,
            Err(problems) => {
                form.problems.set(problems);
                return;
            }
        };
        let (p, lim) = (item.price, item.monthly_limit);
        let code = barcode.get_untracked().trim().to_string();
        busy.set(true);
        spawn_local(async move {
            let r = match id {
                None => {
                    api::create_item(CreateItem {
                        name: item.name,
                        description: description.get_untracked(),
                        category: item.category,
                        tags: parse_tags(&tags.get_untracked()),
                        price: p,
                        monthly_limit: lim,
                        available_from: None,
                        available_until: None,
                        barcode: (!code.is_empty()).then_some(code),
                    })
                    .await
                }
                Some(id) => {
                    api::update_item(
                        id,
                        UpdateItem {
                            name: Some(item.name),
                            description: Some(description.get_untracked()),
                            category: Some(item.category),
                            tags: Some(parse_tags(&tags.get_untracked())),
                            price: Some(p),
                            monthly_limit: Some(lim.unwrap_or(0)),
                            barcode: (!code.is_empty()).then_some(code),
                            ..Default::default()
                        },
                    )
                    .await
                }
            };
            busy.set(false);
            match r {
                Ok(item) => {
                    saved.set(true);
                    editing.set(Some(item));
                    reload.run(());
                }
                Err(e) => form.server_error(e),
            }
        });
    };
    view! {
        <form class="card form item-form" on:submit=on_submit novalidate>
            <h2>{move || if id.is_some() { s.t(AdminMsg::AdminShopEdit) } else { s.t(AdminMsg::AdminShopNew) }}</h2>
            <Field id="item-name" label=AdminMsg::FieldItemName value=name problem=form.field("name") />
            <Field id="item-category" label=Msg::FieldCategory value=category problem=form.field("category") />
            <Field id="item-price" label=AdminMsg::ItemPriceLabel value=price problem=form.field("price") inputmode="numeric" />
            <Field id="item-limit" label=AdminMsg::FieldMonthlyLimit value=limit problem=form.field("monthly_limit") inputmode="numeric" />
            <Field id="item-tags" label=Msg::FieldTags value=tags problem=form.field("tags") />
            <Field id="item-barcode" label=AdminMsg::ItemBarcodeLabel value=barcode problem=form.field("barcode") />
            <div class="field">
                <label for="item-description">{move || s.t(Msg::FieldDescription)}</label>
                <textarea id="item-description" rows="3" bind:value=description></textarea>
            </div>
            <FormError message=form.general() />
            {move || saved.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(Msg::Saved)}</p> })}
            <div class="actions">
                <button class="btn btn-primary" type="submit" disabled=move || busy.get()>{move || s.t(Msg::Save)}</button>
                {id.map(|_| view! {
                    <button class="btn btn-secondary" type="button" on:click=move |_| editing.set(None)>{move || s.t(AdminMsg::AdminShopNew)}</button>
                })}
            </div>
        </form>
    }
}

#[component]
fn PhotoForm(
    item: ItemDetail,
    editing: RwSignal<Option<ItemDetail>>,
    reload: Callback<()>,
    /// Kept by the page: an upload re-renders this form with the item's new photos.
    done: RwSignal<bool>,
) -> impl IntoView {
    let s = use_session();
    let input = NodeRef::<html::Input>::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = item.id;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let Some(file) = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            error.set(Some(s.t(Msg::PhotoWrongType).to_string()));
            return;
        };
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let photo = match fit(file.unchecked_into()).await {
                Ok(b) => b,
                Err(p) => {
                    busy.set(false);
                    error.set(Some(s.t(p.msg()).to_string()));
                    return;
                }
            };
            let r = api::upload_photo(id, photo).await;
            busy.set(false);
            match r {
                Ok(i) => {
                    done.set(true);
                    editing.set(Some(i));
                    reload.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    view! {
        <form class="card form photo-form" on:submit=on_submit>
            <h2>{move || s.t(AdminMsg::FieldPhoto)}" · "{item.name.clone()}</h2>
            <div class="photo-row">
                {item.photos.iter().map(|p| view! { <img class="mini-thumb" src=p.thumb_url.clone() alt="" width="64" height="64" /> }).collect_view()}
            </div>
            <div class="field">
                <label for="item-photo">{move || s.t(AdminMsg::FieldPhoto)}</label>
                <input id="item-photo" node_ref=input type="file" accept="image/jpeg,image/png,image/webp" />
                <p class="field-hint">{move || s.t(Msg::PhotoHint)}</p>
            </div>
            <FormError message=error />
            {move || done.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(AdminMsg::PhotoUploaded)}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || busy.get()>{move || s.t(AdminMsg::Upload)}</button>
        </form>
    }
}

/// An item in the bulk edit: id, name, price, stock, and the new price and stock typed.
type BulkRow = (i64, String, i64, i64, RwSignal<String>, RwSignal<String>);

#[component]
fn BulkForm(list: Vec<ItemDetail>, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let rows: Vec<BulkRow> = list
        .into_iter()
        .filter(|i| i.active)
        .map(|i| {
            (
                i.id,
                i.name,
                i.price,
                i.stock,
                RwSignal::new(String::new()),
                RwSignal::new(String::new()),
            )
        })
        .collect();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let names: Vec<(i64, String)> = rows.iter().map(|r| (r.0, r.1.clone())).collect();
    let cells = rows
        .iter()
        .map(|(id, _, _, _, p, st)| (*id, *p, *st))
        .collect::<Vec<_>>();
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        done.set(false);
        let mut lines = Vec::new();
        for (id, p, st) in &cells {
            let (pr, sr) = (p.get_untracked(), st.get_untracked());
            if pr.trim().is_empty() && sr.trim().is_empty() {
                continue;
            }
            let price = if pr.trim().is_empty() {
                None
            } else {
                parse_points(&pr, 1)
            };
            let stock = if sr.trim().is_empty() {
                None
            } else {
                parse_points(&sr, 0)
            };
            if (price.is_none() && !pr.trim().is_empty())
                || (stock.is_none() && !sr.trim().is_empty())
            {
                let field = if price.is_none() && !pr.trim().is_empty() {
                    ("price", 1)
                } else {
                    ("stock", 0)
                };
                let bad = crate::validate::Invalid {
                    field: field.0,
                    problem: crate::validate::Problem::OutOfRange {
                        min: field.1,
                        max: crate::shop::MAX_PRICE,
                    },
                };
                let name = names
                    .iter()
                    .find(|(i, _)| i == id)
                    .map(|(_, n)| n.as_str())
                    .unwrap_or_default();
                error.set(Some(format!(
                    "{name}: {}",
                    problem_text(s.lang.get_untracked(), &bad)
                )));
                return;
            }
            lines.push(BulkLine {
                item_id: *id,
                price,
                stock,
            });
        }
        if lines.is_empty() {
            return;
        }
        let req = BulkEdit {
            lines,
            reason: reason.get_untracked().trim().to_string(),
        };
        busy.set(true);
        spawn_local(async move {
            let r = api::bulk_edit(req).await;
            busy.set(false);
            match r {
                Ok(_) => {
                    error.set(None);
                    done.set(true);
                    reload.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    view! {
        <form class="card form bulk-form" on:submit=on_submit novalidate>
            <h2>{move || s.t(AdminMsg::BulkEditTitle)}</h2>
            <p class="muted small">{move || s.t(AdminMsg::BulkEditHint)}</p>
            <div class="table-wrap">
                <table class="data-table">
                    <thead><tr>
                        <th>{move || s.t(AdminMsg::FieldItemName)}</th>
                        <th class="num">{move || s.t(AdminMsg::Price)}</th>
                        <th class="num">{move || s.t(Msg::Stock)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(id, name, price, stock, p, st)| view! {
                            <tr>
                                <td data-label=move || s.t(AdminMsg::FieldItemName)>{name.clone()}</td>
                                <td class="num" data-label=move || s.t(AdminMsg::Price)><input class="cell" type="text" inputmode="numeric" placeholder=price.to_string()
                                    aria-label=format!("{name} {price}") id=format!("bulk-price-{id}") bind:value=p /></td>
                                <td class="num" data-label=move || s.t(Msg::Stock)><input class="cell" type="text" inputmode="numeric" placeholder=stock.to_string()
                                    aria-label=format!("{name} {stock}") id=format!("bulk-stock-{id}") bind:value=st /></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="field">
                <label for="bulk-reason">{move || s.t(Msg::FieldReason)}</label>
                <input id="bulk-reason" type="text" bind:value=reason />
            </div>
            <FormError message=error />
            {move || done.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(Msg::Saved)}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || busy.get()>{move || s.t(AdminMsg::ApplyBulk)}</button>
        </form>
    }
}
