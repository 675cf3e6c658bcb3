//! Donating points (二次公益): to the charity pool or to a family in difficulty, shown only
//! as its category and the first character of its name.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::bank::{BankDonateRequest, BankOverview};
use crate::api::ledger::TransferReceipt;
use crate::i18n::{category_text, Msg, PointsMsg};
use crate::ledger::check_amount;
use crate::ui::api::{self, ApiResult};
use crate::ui::components::field::Field;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;

#[component]
pub fn DonatePage() -> impl IntoView {
    view! { <SignedIn><Donate /></SignedIn> }
}

#[component]
fn Donate() -> impl IntoView {
    let s = use_session();
    let bank = LocalResource::new(api::bank);
    let points = LocalResource::new(api::my_points);
    view! {
        <section class="page donate narrow">
            <A href="/points" attr:class="back-link">"‹ "{move || s.t(Msg::NavPoints)}</A>
            <h1>{move || s.t(PointsMsg::DonateTitle)}</h1>
            <p class="muted">{move || s.t(PointsMsg::DonateIntro)}</p>
            <Transition fallback=Loading>
                {move || bank.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| bank.refetch()) /> }.into_any(),
                    Ok(b) => {
                        let balance = Signal::derive(move || points.get().and_then(|r| r.ok()).map(|p| p.balance));
                        view! { <DonateForm bank=b balance=balance /> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DonateForm(bank: BankOverview, balance: Signal<Option<i64>>) -> impl IntoView {
    let s = use_session();
    let target = RwSignal::new(None::<i64>);
    let amount = RwSignal::new(String::new());
    // One key per distinct request: a retry of the same donation reuses it.
    let key = RwSignal::new((None::<(Option<i64>, i64)>, api::new_key("donate")));
    let done = RwSignal::new(None::<TransferReceipt>);
    let form = FormState::new(&["amount"]);
    let submit = Action::new_local(move |req: &BankDonateRequest| {
        let req = req.clone();
        async move {
            let r: ApiResult<TransferReceipt> = api::bank_donate(req).await;
            match &r {
                Ok(receipt) => {
                    done.set(Some(receipt.clone()));
                    amount.set(String::new());
                    key.set((None, api::new_key("donate")));
                }
                Err(e) => form.server_error(e.clone()),
            }
            r
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if submit.pending().get_untracked() {
            return;
        }
        form.clear();
        done.set(None);
        match check_amount(&amount.get_untracked(), balance.get_untracked()) {
            Ok(n) => {
                let what = (target.get_untracked(), n);
                if key.with_untracked(|(last, _)| *last != Some(what)) {
                    key.set((Some(what), api::new_key("donate")));
                }
                submit.dispatch_local(BankDonateRequest {
                    family_id: what.0,
                    amount: n,
                    idempotency_key: key.with_untracked(|(_, k)| k.clone()),
                });
            }
            Err(p) => form.problems.set(vec![p]),
        }
    };
    let pool = bank.pool_balance;
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <p class="muted">
                {move || s.t(PointsMsg::YourBalance)}{move || s.t(Msg::Colon)}
                <strong data-testid="donate-balance">{move || done.get().map(|d| d.balance_after).or(balance.get()).map(|b| b.to_string()).unwrap_or_else(|| "…".into())}</strong>
            </p>
            <fieldset class="choices">
                <legend>{move || s.t(PointsMsg::DonateTo)}</legend>
                <label class="choice">
                    <input type="radio" name="target" checked=move || target.get().is_none()
                        on:change=move |_| target.set(None) />
                    <span>
                        <strong>{move || s.t(PointsMsg::CharityPool)}</strong>
                        <span class="muted small">" · "{move || s.t(Msg::PoolBalance)}" "{pool}</span>
                    </span>
                </label>
                {bank.families.into_iter().map(|f| {
                    let id = f.id;
                    let cat = f.category;
                    view! {
                        <label class="choice">
                            <input type="radio" name="target" checked=move || target.get() == Some(id)
                                on:change=move |_| target.set(Some(id)) />
                            <span>{move || category_text(s.lang.get(), cat)}" · "{f.masked_name.clone()}</span>
                        </label>
                    }
                }).collect_view()}
                <p class="muted small">{move || s.t(PointsMsg::PrivacyNote)}</p>
            </fieldset>
            <Field id="amount" label=Msg::FieldAmount value=amount inputmode="numeric"
                autocomplete="off" problem=form.field("amount") />
            <FormError message=form.general() />
            {move || done.get().map(|_| view! {
                <p class="form-ok" role="status">{move || s.t(PointsMsg::DonatedThanks)}</p>
            })}
            <button class="btn btn-primary btn-block" type="submit" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { s.t(Msg::Working) } else { s.t(PointsMsg::DonateSubmit) }}
            </button>
            <Show when=move || done.with(|d| d.is_some())>
                <A href="/points" attr:class="btn btn-secondary btn-block">{move || s.t(PointsMsg::BackToPoints)}</A>
            </Show>
        </form>
    }
}
