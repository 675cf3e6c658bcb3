//! Printable shelf labels (administrators): each active item's name, price, EAN-13 bars
//! (or its Code128 text) and a QR code of the barcode, which the kiosk's scanner or camera
//! reads.

use leptos::prelude::*;

use crate::i18n::{AdminMsg, Msg};
use crate::shop::ean13_modules;
use crate::ui::api;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::qr::QrSvg;
use crate::ui::components::status::{ErrorView, Loading};
use crate::ui::pages::admin::shop::ShopAdminNav;
use crate::ui::state::use_session;

#[component]
pub fn AdminShopLabelsPage() -> impl IntoView {
    view! { <AdminOnly><Labels /></AdminOnly> }
}

/// EAN-13 bars as one SVG path, one unit per module.
fn bars(modules: &[bool]) -> String {
    modules
        .iter()
        .enumerate()
        .filter(|(_, b)| **b)
        .map(|(i, _)| format!("M{i} 0h1v40h-1z"))
        .collect()
}

#[component]
fn Labels() -> impl IntoView {
    let s = use_session();
    let items = LocalResource::new(api::admin_items);
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="page labels-page">
            <div class="no-print">
                <h1>{move || s.t(AdminMsg::Labels)}</h1>
                <ShopAdminNav />
                <p class="muted">{move || s.t(AdminMsg::LabelsHint)}</p>
                <button class="btn btn-primary" type="button" on:click=print>{move || s.t(Msg::PrintButton)}</button>
            </div>
            <Transition fallback=Loading>
                {move || items.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(l) => view! {
                        <ul class="label-sheet">
                            {l.into_iter().filter(|i| i.active).map(|i| {
                                let code = i.barcode.clone();
                                let label = Signal::derive({ let n = i.name.clone(); move || n.clone() });
                                view! {
                                    <li class="shelf-label">
                                        <p class="label-name">{i.name.clone()}</p>
                                        <p class="label-price"><strong>{i.price}</strong>" "{move || s.t(Msg::PointsUnit)}</p>
                                        {ean13_modules(&code).map(|m| view! {
                                            <svg class="ean" viewBox="0 0 95 40" preserveAspectRatio="none" role="img" aria-label=code.clone()>
                                                <path d=bars(&m) fill="#000"></path>
                                            </svg>
                                        })}
                                        <p class="mono small">{code.clone()}</p>
                                        <QrSvg text=Signal::stored(code.clone()) label=label />
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
