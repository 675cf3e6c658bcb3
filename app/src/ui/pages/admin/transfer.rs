//! One transfer for administrators: everything recorded about it, its postings (which
//! always sum to zero), and a reversal with its mandatory reason.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::ledger::{ReverseRequest, TransferDetail, TransferKind};
use crate::i18n::{account_kind_text, transfer_kind_text, AdminMsg, Msg};
use crate::ledger::signed;
use crate::ledger::transfer_reason_text;
use crate::ui::api;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::pages::admin::points::account_href_for;
use crate::ui::state::use_session;
use crate::validate;

#[component]
pub fn AdminTransferPage() -> impl IntoView {
    view! { <AdminOnly><Transfer /></AdminOnly> }
}

fn transfer_link(id: i64) -> impl IntoView {
    view! { <A href=format!("/admin/points/transfers/{id}")>{format!("#{id}")}</A> }
}

#[component]
fn Transfer() -> impl IntoView {
    let s = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
    });
    let detail = LocalResource::new(move || {
        let id = id.get();
        async move { api::transfer(id).await }
    });
    view! {
        <section class="page admin-transfer">
            <A href="/admin/points" attr:class="back-link">"‹ "{move || s.t(AdminMsg::AccountsTitle)}</A>
            <Transition fallback=Loading>
                {move || detail.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| detail.refetch()) /> }.into_any(),
                    Ok(t) => view! { <Detail t=t on_reversed=Callback::new(move |_| detail.refetch()) /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Detail(t: TransferDetail, on_reversed: Callback<()>) -> impl IntoView {
    let s = use_session();
    let kind = t.kind;
    // A shop payment or a fee offset is undone through its order or offset (the server
    // refuses a reversal); an undo is never undone again.
    let through_owner = match kind {
        TransferKind::Redeem => Some(Msg::ErrUndoThroughOrder),
        TransferKind::FeeOffset => Some(Msg::ErrUndoThroughOffset),
        _ => None,
    };
    let open = t.reversed_by_id.is_none();
    let reversible = open
        && through_owner.is_none()
        && !matches!(kind, TransferKind::Reverse | TransferKind::Refund);
    let id = t.id;
    let (note, reason) = (t.note.clone(), t.reason.clone());
    let reason = move || transfer_reason_text(s.lang.get(), note.as_ref(), &reason);
    view! {
        <h1>{move || s.t(AdminMsg::TransferTitle)}" #"{t.id}</h1>
        <div class="card">
            <dl class="facts">
                <dt>{move || s.t(Msg::FieldKind)}</dt>
                <dd><span class="badge">{move || transfer_kind_text(s.lang.get(), kind)}</span>
                    {t.manual.then(|| view! { " "<span class="badge">{move || s.t(Msg::ManualEntry)}</span> })}</dd>
                <dt>{move || s.t(Msg::FieldAmount)}</dt><dd><strong>{t.amount}</strong></dd>
                <dt>{move || s.t(Msg::FieldReason)}</dt><dd>{reason}</dd>
                <dt>{move || s.t(AdminMsg::Author)}</dt>
                <dd>{match t.author_name.clone() {
                    Some(n) => view! { {n} }.into_any(),
                    None => view! { {move || s.t(Msg::SystemActor)} }.into_any(),
                }}</dd>
                <dt>{move || s.t(AdminMsg::AuditWhen)}</dt><dd>{when_words(t.created_at)}</dd>
                {t.rule_version.map(|v| view! { <dt>{move || s.t(AdminMsg::RuleVersion)}</dt><dd>{v}</dd> })}
                {t.reverses_id.map(|r| view! { <dt>{move || s.t(AdminMsg::Reverses)}</dt><dd>{transfer_link(r)}</dd> })}
                {t.reversed_by_id.map(|r| view! { <dt>{move || s.t(AdminMsg::ReversedBy)}</dt><dd>{transfer_link(r)}</dd> })}
                <dt>{move || s.t(AdminMsg::IdemKey)}</dt><dd class="mono small">{t.idempotency_key.clone()}</dd>
            </dl>
        </div>
        <section class="card">
            <h2>{move || s.t(AdminMsg::Postings)}</h2>
            <table class="table postings">
                <thead><tr>
                    <th scope="col">{move || s.t(AdminMsg::AccountLabel)}</th>
                    <th scope="col" class="num">{move || s.t(Msg::FieldAmount)}</th>
                    <th scope="col" class="num">{move || s.t(Msg::BalanceAfter)}</th>
                </tr></thead>
                <tbody>
                    {t.postings.into_iter().map(|p| {
                        let k = p.account_kind;
                        view! {
                            <tr>
                                <td data-label=move || s.t(AdminMsg::AccountLabel)><span>
                                    <span class="badge">{move || account_kind_text(s.lang.get(), k)}</span>" "
                                    <A href=account_href_for(p.account_id, &p.account_name)>{p.account_name.clone()}</A>
                                </span></td>
                                <td class="num" data-label=move || s.t(Msg::FieldAmount)>{signed(p.amount)}</td>
                                <td class="num" data-label=move || s.t(Msg::BalanceAfter)>{p.balance_after}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        {reversible.then(|| view! { <ReverseForm id=id on_done=on_reversed /> })}
        {through_owner.filter(|_| open).map(|m| view! { <p class="muted">{move || s.t(m)}</p> })}
    }
}

#[component]
fn ReverseForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let s = use_session();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let reverse = Action::new_local(move |r: &String| {
        let req = ReverseRequest { reason: r.clone() };
        async move {
            match api::reverse(id, req).await {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        match validate::reason(&reason.get_untracked()) {
            Ok(r) => {
                reverse.dispatch_local(r);
            }
            Err(p) => error.set(Some(crate::i18n::problem_text(s.lang.get_untracked(), &p))),
        }
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h2>{move || s.t(AdminMsg::ReverseTitle)}</h2>
            <p class="muted small">{move || s.t(AdminMsg::ReverseHint)}</p>
            <div class="field">
                <label for="reverse-reason">{move || s.t(Msg::FieldReason)}</label>
                <input id="reverse-reason" type="text" bind:value=reason />
            </div>
            <FormError message=error />
            <button class="btn btn-danger" type="submit" disabled=move || reverse.pending().get()>{move || s.t(AdminMsg::ReverseSubmit)}</button>
        </form>
    }
}
