//! 库存盘点 (administrators): staff enter what they counted on the shelf; the answer is
//! the shrinkage report (books against shelf, the difference and its value), and the
//! stock now equals the count.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::shop::{CountedLine, ShrinkageReport, StockCount};
use crate::i18n::{AdminMsg, Msg};
use crate::shop::parse_points;
use crate::ui::api;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::pages::admin::shop::ShopAdminNav;
use crate::ui::state::use_session;

#[component]
pub fn AdminStockCountPage() -> impl IntoView {
    view! { <AdminOnly><Count /></AdminOnly> }
}

#[component]
fn Count() -> impl IntoView {
    let s = use_session();
    let items = LocalResource::new(api::admin_items);
    let report = RwSignal::new(None::<ShrinkageReport>);
    view! {
        <section class="page admin-count">
            <h1>{move || s.t(AdminMsg::StockCountTitle)}</h1>
            <ShopAdminNav />
            {move || report.get().map(|r| view! { <Report report=r /> })}
            <Transition fallback=Loading>
                {move || items.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(l) => {
                        let rows: Vec<(i64, String, i64, RwSignal<String>)> = l.into_iter().filter(|i| i.active)
                            .map(|i| (i.id, i.name, i.stock, RwSignal::new(String::new()))).collect();
                        view! { <CountForm rows=rows report=report on_done=Callback::new(move |_| items.refetch()) /> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CountForm(
    rows: Vec<(i64, String, i64, RwSignal<String>)>,
    report: RwSignal<Option<ShrinkageReport>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let cells: Vec<(i64, RwSignal<String>)> = rows.iter().map(|(id, _, _, v)| (*id, *v)).collect();
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut lines = Vec::new();
        for (id, v) in &cells {
            let raw = v.get_untracked();
            if raw.trim().is_empty() {
                continue;
            }
            let Some(counted) = parse_points(&raw, 0) else {
                error.set(Some(s.t(Msg::ErrValidation).to_string()));
                return;
            };
            lines.push(CountedLine {
                item_id: *id,
                counted,
            });
        }
        if lines.is_empty() {
            return;
        }
        let req = StockCount {
            lines,
            note: note.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            let r = api::stock_count(req).await;
            busy.set(false);
            match r {
                Ok(r) => {
                    error.set(None);
                    report.set(Some(r));
                    on_done.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <p class="muted small">{move || s.t(AdminMsg::StockCountHint)}</p>
            <table class="data-table">
                <thead><tr>
                    <th>{move || s.t(AdminMsg::FieldItemName)}</th>
                    <th class="num">{move || s.t(AdminMsg::Expected)}</th>
                    <th class="num">{move || s.t(AdminMsg::Counted)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(id, name, stock, v)| view! {
                        <tr>
                            <td data-label=move || s.t(AdminMsg::FieldItemName)><label for=format!("count-{id}")>{name}</label></td>
                            <td class="num" data-label=move || s.t(AdminMsg::Expected)>{stock}</td>
                            <td class="num" data-label=move || s.t(AdminMsg::Counted)><input class="cell" id=format!("count-{id}") type="text" inputmode="numeric" bind:value=v /></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="field">
                <label for="count-note">{move || s.t(Msg::FieldNote)}</label>
                <input id="count-note" type="text" bind:value=note />
            </div>
            <FormError message=error />
            <button class="btn btn-primary" type="submit" disabled=move || busy.get()>{move || s.t(AdminMsg::SubmitCount)}</button>
        </form>
    }
}

#[component]
fn Report(report: ShrinkageReport) -> impl IntoView {
    let s = use_session();
    view! {
        <section class="card shrinkage" role="status" data-testid="shrinkage">
            <h2>{move || s.t(AdminMsg::ShrinkageReport)}</h2>
            <table class="data-table">
                <thead><tr>
                    <th>{move || s.t(AdminMsg::FieldItemName)}</th>
                    <th class="num">{move || s.t(AdminMsg::Expected)}</th>
                    <th class="num">{move || s.t(AdminMsg::Counted)}</th>
                    <th class="num">{move || s.t(AdminMsg::Difference)}</th>
                    <th class="num">{move || s.t(AdminMsg::ValueInPoints)}</th>
                </tr></thead>
                <tbody>
                    {report.lines.iter().map(|l| view! {
                        <tr class:row-loss=l.difference < 0>
                            <td data-label=move || s.t(AdminMsg::FieldItemName)>{l.name.clone()}</td>
                            <td class="num" data-label=move || s.t(AdminMsg::Expected)>{l.expected}</td>
                            <td class="num" data-label=move || s.t(AdminMsg::Counted)>{l.counted}</td>
                            <td class="num" data-label=move || s.t(AdminMsg::Difference)>{crate::ledger::signed(l.difference)}</td>
                            <td class="num" data-label=move || s.t(AdminMsg::ValueInPoints)>{crate::ledger::signed(l.value)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>{move || s.t(AdminMsg::MissingUnits)}" "<strong>{report.missing_units}</strong>" · "
               {move || s.t(AdminMsg::NetValue)}" "<strong>{crate::ledger::signed(report.net_value)}</strong></p>
        </section>
    }
}
