//! 捐赠入库 and stock (administrators): the low-stock alert, recording donated goods
//! (donor, item, quantity, date, note), the donors with what they gave and a form to
//! register one, and stock adjustments with a reason. The three forms share one frame.

use std::future::Future;
use std::pin::Pin;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api::shop::{CreateDonor, DonorKind, StockAdjust, StockIn};
use crate::dashboard::restock_item;
use crate::i18n::{AdminMsg, Msg};
use crate::shop::{donor_kind_label, parse_points};
use crate::ui::api;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::admin::shop::ShopAdminNav;
use crate::ui::state::use_session;

#[component]
pub fn AdminStockPage() -> impl IntoView {
    view! { <AdminOnly><AdminStock /></AdminOnly> }
}

fn parse_signed(raw: &str) -> Option<i64> {
    let t = raw.trim();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = parse_points(digits, 1)?;
    Some(if neg { -v } else { v })
}

#[component]
fn AdminStock() -> impl IntoView {
    let s = use_session();
    let items = LocalResource::new(api::admin_items);
    let donors = LocalResource::new(api::donors);
    let low = LocalResource::new(api::low_stock);
    // The dashboard's restock links name the item (`?item=<id>`) to stock in.
    let query = use_query_map();
    let restock = query.with_untracked(|q| restock_item(q.get("item").as_deref()));
    let reload = Callback::new(move |_| {
        items.refetch();
        donors.refetch();
        low.refetch();
    });
    view! {
        <section class="page admin-stock">
            <h1>{move || s.t(AdminMsg::StockInTitle)}</h1>
            <ShopAdminNav />
            <section class="card" aria-labelledby="low-title">
                <h2 id="low-title">{move || s.t(AdminMsg::LowStockTitle)}</h2>
                <Transition fallback=Loading>
                    {move || low.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <Empty msg=AdminMsg::LowStockNone /> }.into_any(),
                        Ok(l) => view! {
                            <ul class="row-list" data-testid="low-stock">
                                {l.into_iter().map(|i| view! {
                                    <li class="row"><span class="row-main">{i.name}</span>
                                    <span class="badge badge-warn">{move || s.t(Msg::Stock)}" "{i.stock}</span></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
            <div class="admin-two">
                <StockInForm items=items donors=donors reload=reload restock=restock />
                <AdjustForm items=items reload=reload />
            </div>
            <div class="admin-two">
                <section class="card" aria-labelledby="donors-title">
                    <h2 id="donors-title">{move || s.t(AdminMsg::DonorsTitle)}</h2>
                    <Transition fallback=Loading>
                        {move || donors.get().map(|r| match r {
                            Err(e) => view! { <ErrorView error=e /> }.into_any(),
                            Ok(l) => view! {
                                <ul class="row-list">
                                    {l.into_iter().map(|d| view! {
                                        <li class="row"><span class="row-main">
                                            <strong>{d.name.clone()}</strong>
                                            <span class="badge">{move || s.t(donor_kind_label(d.kind))}</span>
                                            <span class="muted small">{d.contact.clone()}</span>
                                        </span>
                                        <span class="nowrap small">{d.total_quantity}" / "{d.total_value}</span></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        })}
                    </Transition>
                </section>
                <DonorForm reload=reload />
            </div>
        </section>
    }
}

type Items = LocalResource<api::ApiResult<Vec<crate::api::shop::ItemDetail>>>;
type Donors = LocalResource<api::ApiResult<Vec<crate::api::shop::Donor>>>;

/// The active items as options; `chosen` marks the selected one, so a choice made before
/// the list arrived (a restock link) shows once it does.
fn item_options(items: Items, chosen: RwSignal<String>) -> impl IntoView {
    move || {
        items.get().and_then(|r| r.ok()).map(|l| {
            l.into_iter()
                .filter(|i| i.active)
                .map(|i| {
                    let id = i.id.to_string();
                    let this = id.clone();
                    view! { <option value=id selected=move || chosen.with(|c| *c == this)>{format!("{} ({})", i.name, i.stock)}</option> }
                })
                .collect_view()
        })
    }
}

/// What a form sends: None when its fields do not parse, else the request under way.
type Sending = Option<Pin<Box<dyn Future<Output = api::ApiResult<()>>>>>;

/// The frame the three forms share: title (also the button), an optional hint, the
/// fields, what went wrong or that it worked. `send` builds and sends the request;
/// after a success `sent` clears what should not be sent twice and reloads.
#[component]
fn StockForm<F>(
    title: AdminMsg,
    #[prop(optional)] hint: Option<AdminMsg>,
    done_msg: AdminMsg,
    send: F,
    sent: Callback<()>,
    children: Children,
) -> impl IntoView
where
    F: Fn() -> Sending + 'static,
{
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    // One request at a time: a second tap would stock the goods twice.
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        done.set(false);
        let Some(sending) = send() else {
            error.set(Some(s.t(Msg::ErrValidation).to_string()));
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let r = sending.await;
            busy.set(false);
            match r {
                Ok(()) => {
                    error.set(None);
                    done.set(true);
                    sent.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h2>{move || s.t(title)}</h2>
            {hint.map(|h| view! { <p class="muted small">{move || s.t(h)}</p> })}
            {children()}
            <FormError message=error />
            {move || done.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(done_msg)}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || busy.get()>{move || s.t(title)}</button>
        </form>
    }
}

#[component]
fn StockInForm(
    items: Items,
    donors: Donors,
    reload: Callback<()>,
    restock: Option<i64>,
) -> impl IntoView {
    let s = use_session();
    let donor = RwSignal::new(String::new());
    let item = RwSignal::new(restock.map(|id| id.to_string()).unwrap_or_default());
    let qty = RwSignal::new(String::new());
    let qty_input = NodeRef::<leptos::html::Input>::new();
    // Arriving to restock: the item is chosen, so go straight to the quantity.
    Effect::new(move |focused: Option<bool>| {
        if focused == Some(true) || restock.is_none() {
            return true;
        }
        let ready = items.with(|r| matches!(r, Some(Ok(_))));
        if let (true, Some(input)) = (ready, qty_input.get()) {
            let _ = input.focus();
            return true;
        }
        false
    });
    let day = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let send = move || -> Sending {
        let (Ok(donor_id), Ok(item_id), Some(quantity)) = (
            donor.get_untracked().parse::<i64>(),
            item.get_untracked().parse::<i64>(),
            parse_points(&qty.get_untracked(), 1),
        ) else {
            return None;
        };
        let d = day.get_untracked();
        let req = StockIn {
            donor_id,
            item_id,
            quantity,
            received_on: (!d.trim().is_empty()).then(|| d.trim().to_string()),
            note: note.get_untracked(),
        };
        Some(Box::pin(async move { api::stock_in(req).await.map(drop) }))
    };
    let sent = Callback::new(move |_| {
        qty.set(String::new());
        note.set(String::new());
        reload.run(());
    });
    view! {
        <StockForm title=AdminMsg::StockInTitle done_msg=AdminMsg::StockInDone send=send sent=sent>
            <div class="field">
                <label for="in-donor">{move || s.t(Msg::FieldDonor)}</label>
                <select id="in-donor" on:change=move |ev| donor.set(event_target_value(&ev)) prop:value=move || donor.get()>
                    <option value="">"—"</option>
                    {move || donors.get().and_then(|r| r.ok()).map(|l| l.into_iter().map(|d| view! {
                        <option value=d.id.to_string()>{d.name}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="field">
                <label for="in-item">{move || s.t(Msg::FieldItem)}</label>
                <select id="in-item" on:change=move |ev| item.set(event_target_value(&ev)) prop:value=move || item.get()>
                    <option value="">"—"</option>
                    {item_options(items, item)}
                </select>
            </div>
            <div class="field">
                <label for="in-qty">{move || s.t(Msg::FieldQuantity)}</label>
                <input id="in-qty" type="text" inputmode="numeric" bind:value=qty node_ref=qty_input />
            </div>
            <div class="field">
                <label for="in-day">{move || s.t(Msg::FieldDate)}</label>
                <input id="in-day" type="date" bind:value=day />
            </div>
            <div class="field">
                <label for="in-note">{move || s.t(Msg::FieldNote)}</label>
                <input id="in-note" type="text" bind:value=note />
            </div>
        </StockForm>
    }
}

#[component]
fn AdjustForm(items: Items, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let item = RwSignal::new(String::new());
    let delta = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let send = move || -> Sending {
        let (Ok(item_id), Some(d)) = (
            item.get_untracked().parse::<i64>(),
            parse_signed(&delta.get_untracked()),
        ) else {
            return None;
        };
        let req = StockAdjust {
            item_id,
            delta: d,
            reason: reason.get_untracked().trim().to_string(),
        };
        Some(Box::pin(
            async move { api::adjust_stock(req).await.map(drop) },
        ))
    };
    let sent = Callback::new(move |_| {
        delta.set(String::new());
        reason.set(String::new());
        reload.run(());
    });
    view! {
        <StockForm title=AdminMsg::AdjustStockTitle hint=AdminMsg::AdjustStockHint done_msg=AdminMsg::AdjustStockDone send=send sent=sent>
            <div class="field">
                <label for="adj-item">{move || s.t(Msg::FieldItem)}</label>
                <select id="adj-item" on:change=move |ev| item.set(event_target_value(&ev)) prop:value=move || item.get()>
                    <option value="">"—"</option>
                    {item_options(items, item)}
                </select>
            </div>
            <div class="field">
                <label for="adj-delta">{move || s.t(AdminMsg::FieldDelta)}</label>
                <input id="adj-delta" type="text" inputmode="numeric" bind:value=delta />
            </div>
            <div class="field">
                <label for="adj-reason">{move || s.t(Msg::FieldReason)}</label>
                <input id="adj-reason" type="text" bind:value=reason />
            </div>
        </StockForm>
    }
}

#[component]
fn DonorForm(reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(DonorKind::Merchant);
    let contact = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let send = move || -> Sending {
        let req = CreateDonor {
            name: name.get_untracked().trim().to_string(),
            kind: kind.get_untracked(),
            contact: contact.get_untracked().trim().to_string(),
            note: note.get_untracked(),
        };
        Some(Box::pin(
            async move { api::create_donor(req).await.map(drop) },
        ))
    };
    let sent = Callback::new(move |_| {
        name.set(String::new());
        contact.set(String::new());
        note.set(String::new());
        reload.run(());
    });
    view! {
        <StockForm title=AdminMsg::NewDonor done_msg=AdminMsg::DonorAdded send=send sent=sent>
            <div class="field">
                <label for="donor-name">{move || s.t(Msg::FieldName)}</label>
                <input id="donor-name" type="text" bind:value=name />
            </div>
            <div class="field">
                <label for="donor-kind">{move || s.t(AdminMsg::FieldDonorKind)}</label>
                <select id="donor-kind" on:change=move |ev| {
                    if let Some(k) = DonorKind::parse(&event_target_value(&ev)) { kind.set(k) }
                }>
                    {DonorKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=move || kind.get() == k>{move || s.t(donor_kind_label(k))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="donor-contact">{move || s.t(Msg::FieldContact)}</label>
                <input id="donor-contact" type="text" bind:value=contact />
            </div>
            <div class="field">
                <label for="donor-note">{move || s.t(Msg::FieldNote)}</label>
                <input id="donor-note" type="text" bind:value=note />
            </div>
        </StockForm>
    }
}
