//! Property companies (物业公司) for administrators: register one at an organisation node,
//! change its rate from now or from a later day (every version stays listed; each offset
//! uses the rate of its day), and who may confirm offsets for it (the `property` role at
//! its node, granted by phone number).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::bank::{CreateCompany, NewCompanyRate, PropertyCompany};
use crate::api::{GrantRoleRequest, Tree};
use crate::i18n::{AdminMsg, Msg};
use crate::roles::Role;
use crate::ui::api;
use crate::ui::components::field::Field;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;
use crate::validate;
use crate::when::date_words;

#[component]
pub fn AdminCompaniesPage() -> impl IntoView {
    view! { <AdminOnly><Companies /></AdminOnly> }
}

#[component]
fn Companies() -> impl IntoView {
    let s = use_session();
    let list = LocalResource::new(api::companies);
    let changed = Callback::new(move |_: ()| list.refetch());
    view! {
        <section class="page admin-companies">
            <h1>{move || s.t(Msg::NavAdminCompanies)}</h1>
            <div class="admin-grid">
                <div class="stack">
                    <Transition fallback=Loading>
                        {move || list.get().map(|r| match r {
                            Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
                            Ok(l) if l.is_empty() => view! { <div class="card"><Empty msg=AdminMsg::CoNone /></div> }.into_any(),
                            Ok(l) => l.into_iter().map(|c| view! { <Company c=c /> }).collect_view().into_any(),
                        })}
                    </Transition>
                </div>
                <CreateForm done=changed />
            </div>
        </section>
    }
}

#[component]
fn Company(c: PropertyCompany) -> impl IntoView {
    let s = use_session();
    let id = c.id;
    let rates = LocalResource::new(move || api::company_rates(id));
    let staff = LocalResource::new(move || api::company_staff(id));
    // The rate in force, read again after a change (the card itself stays, and with it
    // the form's outcome line).
    let rate_now = LocalResource::new(move || async move {
        api::companies()
            .await
            .ok()
            .and_then(|l| l.into_iter().find(|c| c.id == id))
            .map(|c| c.points_per_yuan)
    });
    let rate_changed = Callback::new(move |_: ()| {
        rates.refetch();
        rate_now.refetch();
    });
    let staff_changed = Callback::new(move |_: ()| staff.refetch());
    view! {
        <section class="card company" data-company=c.name.clone()>
            <h2>{c.name.clone()}</h2>
            <p>
                {move || s.t(AdminMsg::CoRateNow)}{move || s.t(Msg::Colon)}
                <strong data-testid="rate-now">{move || rate_now.get().flatten().unwrap_or(c.points_per_yuan)}</strong>" "{move || s.t(Msg::PointsPerYuan)}
            </p>
            <h3>{move || s.t(AdminMsg::CoRates)}</h3>
            <Transition fallback=Loading>
                {move || rates.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(l) => view! {
                        <ul class="row-list rates">
                            {l.into_iter().map(|r| { let from = r.effective_from; view! {
                                <li class="row"><div class="row-main">
                                    <strong>{r.points_per_yuan}" "{move || s.t(Msg::PointsPerYuan)}</strong>
                                    <span class="muted small">{move || s.t(AdminMsg::CoFrom)}" "{move || date_words(s.lang.get(), from)}</span>
                                    <span class="muted small">{r.set_by_name.clone().unwrap_or_default()}</span>
                                </div></li>
                            }}).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <RateForm id=id done=rate_changed />
            <h3>{move || s.t(AdminMsg::CoStaff)}</h3>
            <Transition fallback=Loading>
                {move || staff.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(l) if l.is_empty() => view! { <Empty msg=AdminMsg::CoNoStaff /> }.into_any(),
                    Ok(l) => view! {
                        <ul class="row-list staff">
                            {l.into_iter().map(|p| {
                                let (user, grant) = (p.user_id, p.grant_id);
                                let remove = Action::new_local(move |_: &()| async move {
                                    if api::revoke_role(user, grant).await.is_ok() {
                                        staff_changed.run(());
                                    }
                                });
                                view! {
                                    <li class="row">
                                        <div class="row-main"><strong>{p.name.clone()}</strong><span class="muted small">{p.phone.clone()}</span></div>
                                        <button class="btn btn-secondary" type="button" on:click=move |_| { remove.dispatch_local(()); }>{move || s.t(AdminMsg::RemoveRow)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <StaffForm node_id=c.node_id done=staff_changed />
        </section>
    }
}

#[component]
fn RateForm(id: i64, done: Callback<()>) -> impl IntoView {
    let s = use_session();
    let rate = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let ok = RwSignal::new(false);
    let form = FormState::new(&["points_per_yuan"]);
    let submit = Action::new_local(move |req: &NewCompanyRate| {
        let req = req.clone();
        async move {
            match api::set_company_rate(id, req).await {
                Ok(_) => {
                    ok.set(true);
                    rate.set(String::new());
                    from.set(String::new());
                    done.run(());
                }
                Err(e) => form.server_error(e),
            }
        }
    });
    let on_submit =
        move |ev: SubmitEvent| {
            ev.prevent_default();
            form.clear();
            ok.set(false);
            let raw = rate.get_untracked();
            match raw.trim().parse::<i64>().ok().map(|n| {
                validate::in_range("points_per_yuan", n, 1, crate::bank::MAX_POINTS_PER_YUAN)
            }) {
                Some(Ok(n)) => {
                    let day = from.get_untracked().trim().to_string();
                    submit.dispatch_local(NewCompanyRate {
                        points_per_yuan: n,
                        effective_from: (!day.is_empty()).then_some(day),
                    });
                }
                Some(Err(p)) => form.problems.set(vec![p]),
                None => form.problems.set(vec![validate::Invalid {
                    field: "points_per_yuan",
                    problem: validate::Problem::Required,
                }]),
            }
        };
    let rate_id = format!("rate-{id}");
    let from_id = format!("rate-from-{id}");
    view! {
        <form class="form spaced" on:submit=on_submit novalidate>
            <h3>{move || s.t(AdminMsg::CoNewRate)}</h3>
            <div class="field" class:field-invalid=move || form.field("points_per_yuan").with(|p| p.is_some())>
                <label for=rate_id.clone()>{move || s.t(Msg::FieldRate)}</label>
                <input id=rate_id.clone() inputmode="numeric" bind:value=rate />
                {move || form.field("points_per_yuan").get().map(|p| view! { <p class="field-error">{p}</p> })}
            </div>
            <div class="field">
                <label for=from_id.clone()>{move || s.t(AdminMsg::CoEffectiveFrom)}</label>
                <input id=from_id.clone() type="date" bind:value=from />
            </div>
            <FormError message=form.general() />
            {move || ok.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(AdminMsg::CoRateSaved)}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || submit.pending().get()>{move || s.t(AdminMsg::CoSaveRate)}</button>
        </form>
    }
}

#[component]
fn StaffForm(node_id: i64, done: Callback<()>) -> impl IntoView {
    let s = use_session();
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = Action::new_local(move |phone: &String| {
        let phone = phone.clone();
        async move {
            let found = api::users(&phone, None, 5).await;
            let person = found
                .as_ref()
                .ok()
                .and_then(|p| p.items.iter().find(|u| u.phone == phone).cloned());
            let Some(person) = person else {
                error.set(Some(match found {
                    Err(e) => e.text(s.lang.get_untracked()),
                    Ok(_) => s.t(AdminMsg::CoNoSuchPerson).to_string(),
                }));
                return;
            };
            match api::grant_role(
                person.id,
                GrantRoleRequest {
                    role: Role::Property,
                    node_id,
                },
            )
            .await
            {
                Ok(_) => {
                    typed.set(String::new());
                    done.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        match validate::phone(&typed.get_untracked()) {
            Ok(p) => {
                add.dispatch_local(p);
            }
            Err(p) => error.set(Some(crate::i18n::problem_text(s.lang.get_untracked(), &p))),
        }
    };
    let id = format!("staff-phone-{node_id}");
    view! {
        <form class="form spaced inline-form" on:submit=on_submit novalidate>
            <div class="field">
                <label for=id.clone()>{move || s.t(AdminMsg::CoAddStaff)}</label>
                <input id=id.clone() type="tel" inputmode="numeric" bind:value=typed />
            </div>
            <FormError message=Signal::derive(move || error.get()) />
            <button class="btn btn-secondary" type="submit" disabled=move || add.pending().get()>{move || s.t(AdminMsg::CoAdd)}</button>
        </form>
    }
}

#[component]
fn CreateForm(done: Callback<()>) -> impl IntoView {
    let s = use_session();
    let nodes = LocalResource::new(|| api::nodes(Tree::Org));
    let name = RwSignal::new(String::new());
    let node = RwSignal::new(0i64);
    let rate = RwSignal::new(String::new());
    let ok = RwSignal::new(false);
    let form = FormState::new(&["name", "points_per_yuan", "node_id"]);
    let submit = Action::new_local(move |req: &CreateCompany| {
        let req = req.clone();
        async move {
            match api::create_company(req).await {
                Ok(_) => {
                    ok.set(true);
                    name.set(String::new());
                    rate.set(String::new());
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
        let n = validate::text("name", &name.get_untracked(), 1, 64);
        let r = rate
            .get_untracked()
            .trim()
            .parse::<i64>()
            .map_err(|_| validate::Invalid {
                field: "points_per_yuan",
                problem: validate::Problem::Required,
            })
            .and_then(|r| {
                validate::in_range("points_per_yuan", r, 1, crate::bank::MAX_POINTS_PER_YUAN)
            });
        match (n, r) {
            (Ok(n), Ok(r)) => {
                submit.dispatch_local(CreateCompany {
                    name: n,
                    node_id: node.get_untracked(),
                    points_per_yuan: r,
                });
            }
            (n, r) => form
                .problems
                .set([n.err(), r.err()].into_iter().flatten().collect()),
        }
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h2>{move || s.t(AdminMsg::CoCreate)}</h2>
            <Field id="company-name" label=Msg::FieldName value=name problem=form.field("name") />
            <div class="field">
                <label for="company-node">{move || s.t(Msg::FieldNode)}</label>
                <select id="company-node" on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse::<i64>() { node.set(id); }
                }>
                    <Transition fallback=|| ()>
                        {move || nodes.get().and_then(|r| r.ok()).map(|l| {
                            if node.get_untracked() == 0 {
                                if let Some(first) = l.first() { node.set(first.id); }
                            }
                            l.into_iter().map(|n| view! { <option value=n.id.to_string()>{n.name.clone()}</option> }).collect_view()
                        })}
                    </Transition>
                </select>
                <p class="field-hint">{move || s.t(AdminMsg::CoNodeHint)}</p>
            </div>
            <Field id="company-rate" label=Msg::FieldRate value=rate inputmode="numeric" problem=form.field("points_per_yuan") />
            <FormError message=form.general() />
            {move || ok.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(AdminMsg::CoCreated)}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || submit.pending().get()>{move || s.t(AdminMsg::CoCreate)}</button>
        </form>
    }
}
