//! Families in difficulty for administrators and case workers: the list with balances,
//! registering a family, allocating charity-pool points to one with a reason, and giving
//! a family a points card with its PIN.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::bank::{
    AllocateRequest, CreateFamily, Family, FamilyCard, FamilyCategory, IssueFamilyCard,
};
use crate::cards::{format_number, is_valid_pin};
use crate::i18n::{category_text, AdminMsg, Msg};
use crate::ledger::check_amount;
use crate::ui::api;
use crate::ui::components::field::Field;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;
use crate::validate;

#[component]
pub fn AdminFamiliesPage() -> impl IntoView {
    view! { <AdminOnly><Families /></AdminOnly> }
}

#[component]
fn Families() -> impl IntoView {
    let s = use_session();
    let list = LocalResource::new(api::families);
    let bank = LocalResource::new(api::bank);
    let changed = Callback::new(move |_: ()| {
        list.refetch();
        bank.refetch();
    });
    view! {
        <section class="page admin-families">
            <h1>{move || s.t(AdminMsg::FamiliesTitle)}</h1>
            <p class="muted">
                {move || s.t(Msg::PoolBalance)}" "
                <strong data-testid="pool-balance">{move || bank.get().and_then(|r| r.ok()).map(|b| b.pool_balance.to_string()).unwrap_or_default()}</strong>
            </p>
            <div class="admin-grid">
                <Transition fallback=Loading>
                    {move || list.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <div class="card"><Empty msg=AdminMsg::NoFamilies /></div> }.into_any(),
                        Ok(l) => view! {
                            <div class="card table-wrap">
                                <table class="table families">
                                    <thead><tr>
                                        <th scope="col">{move || s.t(Msg::FieldFullName)}</th>
                                        <th scope="col">{move || s.t(Msg::FieldCategory)}</th>
                                        <th scope="col">{move || s.t(Msg::FieldNote)}</th>
                                        <th scope="col" class="num">{move || s.t(Msg::PointsBalance)}</th>
                                    </tr></thead>
                                    <tbody>{l.into_iter().map(family_row).collect_view()}</tbody>
                                </table>
                            </div>
                        }.into_any(),
                    })}
                </Transition>
                <div class="stack">
                    <Transition fallback=Loading>
                        {move || list.get().and_then(|r| r.ok()).filter(|l| !l.is_empty()).map(|l| view! {
                            <AllocateForm families=l.clone() done=changed />
                            <FamilyCardForm families=l />
                        })}
                    </Transition>
                    <RegisterForm done=changed />
                </div>
            </div>
        </section>
    }
}

fn family_row(f: Family) -> impl IntoView {
    let s = use_session();
    let cat = f.category;
    view! {
        <tr class:inactive=!f.active>
            <td data-label=move || s.t(Msg::FieldFullName)><span>{f.full_name.clone()}{(!f.active).then(|| view! { " "<span class="badge">{move || s.t(AdminMsg::Inactive)}</span> })}</span></td>
            <td data-label=move || s.t(Msg::FieldCategory)>{move || category_text(s.lang.get(), cat)}</td>
            <td class="small" data-label=move || s.t(Msg::FieldNote)>{f.note.clone()}</td>
            <td class="num" data-label=move || s.t(Msg::PointsBalance)>{f.balance}</td>
        </tr>
    }
}

#[component]
fn AllocateForm(families: Vec<Family>, done: Callback<()>) -> impl IntoView {
    let s = use_session();
    let active: Vec<Family> = families.into_iter().filter(|f| f.active).collect();
    let family = RwSignal::new(active.first().map_or(0, |f| f.id));
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let ok = RwSignal::new(false);
    let form = FormState::new(&["amount", "reason"]);
    let submit = Action::new_local(move |req: &AllocateRequest| {
        let req = req.clone();
        async move {
            match api::allocate(req).await {
                Ok(_) => {
                    ok.set(true);
                    amount.set(String::new());
                    reason.set(String::new());
                    done.run(());
                }
                Err(e) => form.server_error(e),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form.clear();
        ok.set(false);
        match (
            check_amount(&amount.get_untracked(), None),
            validate::reason(&reason.get_untracked()),
        ) {
            (Ok(a), Ok(r)) => {
                submit.dispatch_local(AllocateRequest {
                    family_id: family.get_untracked(),
                    amount: a,
                    reason: r,
                    idempotency_key: api::new_key("allocate"),
                });
            }
            (a, r) => form
                .problems
                .set([a.err(), r.err()].into_iter().flatten().collect()),
        }
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h2>{move || s.t(AdminMsg::AllocateTitle)}</h2>
            <div class="field">
                <label for="allocate-family">{move || s.t(AdminMsg::FamiliesTitle)}</label>
                <select id="allocate-family" on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse::<i64>() { family.set(id); }
                }>
                    {active.into_iter().map(|f| {
                        let cat = f.category;
                        view! { <option value=f.id.to_string()>{f.full_name.clone()}" · "{move || category_text(s.lang.get(), cat)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Field id="allocate-amount" label=Msg::FieldAmount value=amount inputmode="numeric" problem=form.field("amount") />
            <Field id="allocate-reason" label=Msg::FieldReason value=reason problem=form.field("reason") />
            <FormError message=form.general() />
            {move || ok.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(AdminMsg::AllocateDone)}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || submit.pending().get()>{move || s.t(AdminMsg::AllocateSubmit)}</button>
        </form>
    }
}

#[component]
fn RegisterForm(done: Callback<()>) -> impl IntoView {
    let s = use_session();
    let name = RwSignal::new(String::new());
    let category = RwSignal::new(FamilyCategory::Hardship);
    let contact = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let ok = RwSignal::new(false);
    let form = FormState::new(&["full_name", "contact", "note"]);
    let submit = Action::new_local(move |req: &CreateFamily| {
        let req = req.clone();
        async move {
            match api::register_family(req).await {
                Ok(_) => {
                    ok.set(true);
                    name.set(String::new());
                    contact.set(String::new());
                    note.set(String::new());
                    done.run(());
                }
                Err(e) => form.server_error(e),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form.clear();
        ok.set(false);
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            form.problems.set(vec![validate::Invalid {
                field: "full_name",
                problem: validate::Problem::Required,
            }]);
            return;
        }
        submit.dispatch_local(CreateFamily {
            full_name: n,
            category: category.get_untracked(),
            contact: contact.get_untracked().trim().to_string(),
            note: note.get_untracked().trim().to_string(),
            user_id: None,
        });
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h2>{move || s.t(AdminMsg::RegisterFamily)}</h2>
            <Field id="family-name" label=Msg::FieldFullName value=name problem=form.field("full_name") />
            <div class="field">
                <label for="family-category">{move || s.t(Msg::FieldCategory)}</label>
                <select id="family-category" on:change=move |ev| {
                    if let Some(c) = FamilyCategory::parse(&event_target_value(&ev)) { category.set(c); }
                }>
                    {FamilyCategory::ALL.into_iter().map(|c| view! {
                        <option value=c.as_str()>{move || category_text(s.lang.get(), c)}</option>
                    }).collect_view()}
                </select>
            </div>
            <Field id="family-contact" label=Msg::FieldContact value=contact problem=form.field("contact") />
            <Field id="family-note" label=Msg::FieldNote value=note problem=form.field("note") />
            <FormError message=form.general() />
            {move || ok.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(AdminMsg::FamilyRegistered)}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || submit.pending().get()>{move || s.t(AdminMsg::RegisterFamily)}</button>
        </form>
    }
}

#[component]
fn FamilyCardForm(families: Vec<Family>) -> impl IntoView {
    let s = use_session();
    let active: Vec<Family> = families.into_iter().filter(|f| f.active).collect();
    let family = RwSignal::new(active.first().map_or(0, |f| f.id));
    let pin = RwSignal::new(String::new());
    let issued = RwSignal::new(None::<FamilyCard>);
    let form = FormState::new(&["pin"]);
    let submit = Action::new_local(move |req: &(i64, IssueFamilyCard)| {
        let (id, req) = req.clone();
        async move {
            match api::issue_family_card(id, req).await {
                // The list is not read again: it would redraw this form and lose the card.
                Ok(card) => {
                    issued.set(Some(card));
                    pin.set(String::new());
                }
                Err(e) => form.server_error(e),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form.clear();
        issued.set(None);
        let p = pin.get_untracked().trim().to_string();
        if !is_valid_pin(&p) {
            form.problems.set(vec![validate::Invalid {
                field: "pin",
                problem: validate::Problem::OutOfRange { min: 4, max: 6 },
            }]);
            return;
        }
        submit.dispatch_local((family.get_untracked(), IssueFamilyCard { pin: p }));
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h2>{move || s.t(AdminMsg::FamCardTitle)}</h2>
            <p class="muted small">{move || s.t(AdminMsg::FamCardHint)}</p>
            <div class="field">
                <label for="card-family">{move || s.t(AdminMsg::FamiliesTitle)}</label>
                <select id="card-family" on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse::<i64>() { family.set(id); }
                }>
                    {active.into_iter().map(|f| view! { <option value=f.id.to_string()>{f.full_name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <Field id="card-pin" label=Msg::FieldPin value=pin kind="password" inputmode="numeric" autocomplete="new-password" problem=form.field("pin") />
            <FormError message=form.general() />
            {move || issued.get().map(|c| view! {
                <div class="form-ok" role="status">
                    <p>{move || s.t(AdminMsg::FamCardDone)}</p>
                    <p>{move || s.t(AdminMsg::FamCardNumber)}{move || s.t(Msg::Colon)}<strong class="mono" data-testid="family-card-number" data-number=c.number.clone()>{format_number(&c.number)}</strong></p>
                    <p>{c.holder_name.clone()}" · "{c.balance}" "{move || s.t(Msg::PointsUnit)}</p>
                </div>
            })}
            <button class="btn btn-primary" type="submit" disabled=move || submit.pending().get()>{move || s.t(AdminMsg::FamCardSubmit)}</button>
        </form>
    }
}
