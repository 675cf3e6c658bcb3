//! Points accounts for administrators: search (names, phones, system accounts), then an
//! account's balance and history, with an award for verified service and a manual
//! adjustment, each with its mandatory reason.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::ledger::{
    AccountKind, AccountSummary, AdjustRequest, AwardRequest, RulesVersion, TransferDetail,
};
use crate::i18n::{account_kind_text, AdminMsg, Msg};
use crate::ledger::{check_adjustment, check_minutes};
use crate::ui::api::{self, ApiResult};
use crate::ui::components::field::Field;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::history::HistoryView;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;
use crate::validate;

#[component]
pub fn AdminPointsPage() -> impl IntoView {
    view! { <AdminOnly><Accounts /></AdminOnly> }
}

#[component]
pub fn AdminAccountPage() -> impl IntoView {
    view! { <AdminOnly><Account /></AdminOnly> }
}

/// An account's page. The API has no "one account" read, so the link carries a search
/// text that finds it again (its phone, else its name).
pub fn account_href(a: &AccountSummary) -> String {
    account_href_for(a.id, a.phone.as_deref().unwrap_or(&a.name))
}

/// An account's page, found again by `q`.
pub fn account_href_for(id: i64, q: &str) -> String {
    format!(
        "/admin/points/accounts/{id}?q={}",
        String::from(js_sys::encode_uri_component(q))
    )
}

fn account_row(a: AccountSummary) -> impl IntoView {
    let s = use_session();
    let kind = a.kind;
    view! {
        <li class="row">
            <A href=account_href(&a) attr:class="row-main row-link">
                <span class="badge">{move || account_kind_text(s.lang.get(), kind)}</span>
                <span class="person-name">{a.name.clone()}</span>
                <span class="muted">{a.phone.clone().unwrap_or_default()}</span>
                <strong class="account-balance">{a.balance}</strong>
            </A>
        </li>
    }
}

#[component]
fn Accounts() -> impl IntoView {
    let s = use_session();
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let found = LocalResource::new(move || {
        let q = query.get();
        async move { api::accounts(&q).await }
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = typed.get_untracked().trim().to_string();
        if q == query.get_untracked() {
            found.refetch();
        } else {
            query.set(q);
        }
    };
    view! {
        <section class="page admin-points">
            <h1>{move || s.t(AdminMsg::AccountsTitle)}</h1>
            <form class="search-bar" role="search" on:submit=on_search>
                <label for="account-search" class="sr-only">{move || s.t(AdminMsg::AccountSearchHint)}</label>
                <input id="account-search" type="search" bind:value=typed
                    placeholder=move || s.t(AdminMsg::AccountSearchHint) />
                <button class="btn btn-primary" type="submit">{move || s.t(AdminMsg::Search)}</button>
            </form>
            <Transition fallback=Loading>
                {move || found.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| found.refetch()) /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <Empty msg=AdminMsg::NoAccounts /> }.into_any(),
                    Ok(list) => view! {
                        <ul class="card row-list accounts">{list.into_iter().map(account_row).collect_view()}</ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Account() -> impl IntoView {
    let s = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q")).unwrap_or_default());
    // The search answers with the account's name, kind and balance; find it by id among
    // the results of the search that led here.
    let reload = RwSignal::new(0u32);
    let summary = LocalResource::new(move || {
        let (id, q) = (id.get(), q.get());
        reload.track();
        async move {
            let all = api::accounts(&q).await?;
            Ok::<_, api::ApiError>(all.into_iter().find(|a| Some(a.id) == id))
        }
    });
    // The member behind the account: stays put while the summary reloads.
    let member = Memo::new(move |prev: Option<&Option<i64>>| match summary.get() {
        Some(Ok(Some(a))) if a.kind == AccountKind::Member => a.user_id,
        Some(Ok(_)) | Some(Err(_)) => None,
        None => prev.copied().flatten(),
    });
    let rules = LocalResource::new(api::rules);
    let changed = Callback::new(move |_: ()| reload.update(|n| *n += 1));
    view! {
        <section class="page admin-account">
            <A href="/admin/points" attr:class="back-link">"‹ "{move || s.t(AdminMsg::AccountsTitle)}</A>
            {move || id.get().map(|aid| view! {
                <Transition fallback=Loading>
                    {move || summary.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(found) => {
                            let kind = found.as_ref().map(|a| a.kind);
                            view! {
                                <h1>
                                    {kind.map(|k| view! { <span class="badge">{move || account_kind_text(s.lang.get(), k)}</span>" " })}
                                    {found.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| format!("#{aid}"))}
                                </h1>
                                {found.as_ref().map(|a| {
                                    let b = a.balance;
                                    view! {
                                        <p class="balance small-balance">
                                            {move || s.t(Msg::PointsBalance)}{move || s.t(Msg::Colon)}
                                            <strong data-testid="account-balance">{b}</strong>
                                        </p>
                                    }
                                })}
                            }.into_any()
                        }
                    })}
                </Transition>
                // Outside the summary, so a reload after an award keeps the forms and
                // their outcome lines.
                {move || member.get().map(|uid| view! {
                    <div class="admin-forms">
                        {move || rules.get().and_then(|r| r.ok()).map(|r| view! {
                            <AwardForm user_id=uid rules=r done=changed />
                        })}
                        <AdjustForm user_id=uid done=changed />
                    </div>
                })}
                <section class="card">
                    <h2>{move || s.t(Msg::HistoryTitle)}</h2>
                    <HistoryView account=aid reload=Signal::derive(move || reload.get()) />
                </section>
            })}
        </section>
    }
}

/// An outcome line under an admin form.
fn outcome(ok: RwSignal<Option<TransferDetail>>, msg: AdminMsg) -> impl IntoView {
    let s = use_session();
    move || {
        ok.get().map(|t| {
            view! {
                <p class="form-ok" role="status">
                    {move || s.t(msg)}" "
                    <A href=format!("/admin/points/transfers/{}", t.id)>{format!("#{}", t.id)}</A>
                </p>
            }
        })
    }
}

#[component]
fn AwardForm(user_id: i64, rules: RulesVersion, done: Callback<()>) -> impl IntoView {
    let s = use_session();
    let activities = rules.rules.activities.clone();
    let multipliers = rules.rules.multipliers.clone();
    let activity = RwSignal::new(
        activities
            .first()
            .map(|a| a.code.clone())
            .unwrap_or_default(),
    );
    let multiplier = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let ok = RwSignal::new(None::<TransferDetail>);
    let form = FormState::new(&["minutes", "reason", "activity", "multiplier"]);
    let submit = Action::new_local(move |req: &AwardRequest| {
        let req = req.clone();
        async move {
            let r: ApiResult<TransferDetail> = api::award(req).await;
            match &r {
                Ok(t) => {
                    ok.set(Some(t.clone()));
                    minutes.set(String::new());
                    reason.set(String::new());
                    done.run(());
                }
                Err(e) => form.server_error(e.clone()),
            }
            r
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form.clear();
        ok.set(None);
        let m = check_minutes(&minutes.get_untracked());
        let r = validate::reason(&reason.get_untracked());
        match (m, r) {
            (Ok(m), Ok(r)) => {
                let mult = multiplier.get_untracked();
                submit.dispatch_local(AwardRequest {
                    user_id,
                    activity: activity.get_untracked(),
                    minutes: m,
                    multiplier: (!mult.is_empty()).then_some(mult),
                    served_at: None,
                    reason: r,
                    idempotency_key: api::new_key("award"),
                });
            }
            (m, r) => form
                .problems
                .set([m.err(), r.err()].into_iter().flatten().collect()),
        }
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h2>{move || s.t(AdminMsg::AwardTitle)}</h2>
            <div class="field">
                <label for="award-activity">{move || s.t(Msg::FieldActivity)}</label>
                <select id="award-activity" on:change=move |ev| activity.set(event_target_value(&ev))>
                    {activities.into_iter().map(|a| view! {
                        <option value=a.code.clone()>{format!("{}（{}/h）", a.name, a.points_per_hour)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="award-multiplier">{move || s.t(Msg::FieldMultiplier)}</label>
                <select id="award-multiplier" on:change=move |ev| multiplier.set(event_target_value(&ev))>
                    <option value="">{move || s.t(AdminMsg::NoMultiplier)}</option>
                    {multipliers.into_iter().map(|m| view! {
                        <option value=m.code.clone()>{format!("{} ×{}%", m.name, m.percent)}</option>
                    }).collect_view()}
                </select>
            </div>
            <Field id="award-minutes" label=Msg::FieldMinutes value=minutes inputmode="numeric" problem=form.field("minutes") />
            <Field id="award-reason" label=Msg::FieldReason value=reason problem=form.field("reason") />
            <FormError message=form.general() />
            {outcome(ok, AdminMsg::AwardDone)}
            <button class="btn btn-primary" type="submit" disabled=move || submit.pending().get()>{move || s.t(AdminMsg::AwardSubmit)}</button>
        </form>
    }
}

#[component]
fn AdjustForm(user_id: i64, done: Callback<()>) -> impl IntoView {
    let s = use_session();
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let ok = RwSignal::new(None::<TransferDetail>);
    let form = FormState::new(&["amount", "reason"]);
    let submit = Action::new_local(move |req: &AdjustRequest| {
        let req = req.clone();
        async move {
            let r: ApiResult<TransferDetail> = api::adjust(req).await;
            match &r {
                Ok(t) => {
                    ok.set(Some(t.clone()));
                    amount.set(String::new());
                    reason.set(String::new());
                    done.run(());
                }
                Err(e) => form.server_error(e.clone()),
            }
            r
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form.clear();
        ok.set(None);
        match (
            check_adjustment(&amount.get_untracked()),
            validate::reason(&reason.get_untracked()),
        ) {
            (Ok(a), Ok(r)) => {
                submit.dispatch_local(AdjustRequest {
                    user_id,
                    amount: a,
                    reason: r,
                    idempotency_key: api::new_key("adjust"),
                });
            }
            (a, r) => form
                .problems
                .set([a.err(), r.err()].into_iter().flatten().collect()),
        }
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h2>{move || s.t(AdminMsg::AdjustTitle)}</h2>
            <p class="muted small">{move || s.t(AdminMsg::AdjustHint)}</p>
            <Field id="adjust-amount" label=Msg::FieldAmount value=amount problem=form.field("amount") />
            <Field id="adjust-reason" label=Msg::FieldReason value=reason problem=form.field("reason") />
            <FormError message=form.general() />
            {outcome(ok, AdminMsg::AdjustDone)}
            <button class="btn btn-primary" type="submit" disabled=move || submit.pending().get()>{move || s.t(AdminMsg::AdjustSubmit)}</button>
        </form>
    }
}
