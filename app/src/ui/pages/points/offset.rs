//! Property-fee offset (物业费抵扣): ask the property company to take points off a month's
//! fee, see the yuan at its rate before sending, and follow each request's state.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::bank::{FeeOffset, FeeOffsetRequest, OffsetStatus, PropertyCompany};
use crate::bank::{check_offset, preview_yuan};
use crate::clock::month_of;
use crate::i18n::{offset_status_text, problem_text, yuan_text, Msg, PointsMsg};
use crate::ui::api::{self, ApiResult};
use crate::ui::components::field::Field;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;
use crate::validate::Problem;

#[component]
pub fn OffsetPage() -> impl IntoView {
    view! { <SignedIn><Offset /></SignedIn> }
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[component]
fn Offset() -> impl IntoView {
    let s = use_session();
    let companies = LocalResource::new(api::companies);
    let points = LocalResource::new(api::my_points);
    let mine = LocalResource::new(api::my_offsets);
    let balance = Signal::derive(move || points.get().and_then(|r| r.ok()).map(|p| p.balance));
    let sent = Callback::new(move |_: ()| {
        mine.refetch();
        points.refetch();
    });
    view! {
        <section class="page offset narrow">
            <A href="/points" attr:class="back-link">"‹ "{move || s.t(Msg::NavPoints)}</A>
            <h1>{move || s.t(PointsMsg::OffsetTitle)}</h1>
            <p class="muted">{move || s.t(PointsMsg::OffsetIntro)}</p>
            <Transition fallback=Loading>
                {move || companies.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| companies.refetch()) /> }.into_any(),
                    Ok(c) if c.is_empty() => view! { <Empty msg=PointsMsg::NoCompanies /> }.into_any(),
                    Ok(c) => view! { <OffsetForm companies=c balance=balance sent=sent /> }.into_any(),
                })}
            </Transition>
            <section class="card" aria-labelledby="my-offsets">
                <h2 id="my-offsets">{move || s.t(PointsMsg::MyOffsets)}</h2>
                <Transition fallback=Loading>
                    {move || mine.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| mine.refetch()) /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <Empty msg=PointsMsg::NoOffsets /> }.into_any(),
                        Ok(list) => view! {
                            <ul class="row-list offsets">{list.into_iter().map(|o| offset_row(o, false)).collect_view()}</ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </section>
    }
}

/// The badge of an offset's state.
pub fn status_badge(st: OffsetStatus) -> impl IntoView {
    let s = use_session();
    let class = match st {
        OffsetStatus::Pending => "badge badge-warn",
        OffsetStatus::Confirmed => "badge badge-ok",
        OffsetStatus::Rejected => "badge",
    };
    view! { <span class=class data-status=st.as_str()>{move || offset_status_text(s.lang.get(), st)}</span> }
}

/// One offset: month, flat, points and yuan, state; the company sees the masked resident.
pub fn offset_row(o: FeeOffset, for_company: bool) -> impl IntoView {
    let s = use_session();
    let yuan = o.yuan;
    view! {
        <li class="row offset-row" data-offset=o.id>
            <div class="row-main">
                <span><strong>{o.month.clone()}</strong>" · "{o.unit.clone()}</span>
                {status_badge(o.status)}
                <span class="muted small">
                    {if for_company { format!("{} {}", o.resident, o.phone) } else { o.company_name.clone() }}
                    " · "{when_words(o.requested_at)}
                </span>
                {o.decision_reason.clone().map(|r| view! {
                    <span class="small offset-reason">{move || s.t(Msg::RejectedBecause)}{r.clone()}</span>
                })}
            </div>
            <div class="history-amounts">
                <span class="amount">{o.points}" "{move || s.t(Msg::PointsUnit)}</span>
                <span class="muted small">{move || yuan_text(s.lang.get(), yuan)}</span>
            </div>
        </li>
    }
}

#[component]
fn OffsetForm(
    companies: Vec<PropertyCompany>,
    balance: Signal<Option<i64>>,
    sent: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let companies = StoredValue::new(companies);
    let company = RwSignal::new(companies.with_value(|c| c[0].id));
    let rate = Memo::new(move |_| {
        let id = company.get();
        companies.with_value(|cs| {
            cs.iter()
                .find(|c| c.id == id)
                .map_or(0, |c| c.points_per_yuan)
        })
    });
    let points = RwSignal::new(String::new());
    let month = RwSignal::new(month_of(now_secs()));
    let unit = RwSignal::new(String::new());
    let ok = RwSignal::new(false);
    let key = RwSignal::new((None::<FeeOffsetRequest>, api::new_key("offset")));
    let form = FormState::new(&["points", "month", "unit"]);
    let submit = Action::new_local(move |req: &FeeOffsetRequest| {
        let req = req.clone();
        async move {
            let r: ApiResult<FeeOffset> = api::request_offset(req).await;
            match &r {
                Ok(_) => {
                    ok.set(true);
                    points.set(String::new());
                    key.set((None, api::new_key("offset")));
                    sent.run(());
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
        ok.set(false);
        let checked = check_offset(
            &points.get_untracked(),
            &month.get_untracked(),
            &unit.get_untracked(),
            rate.get_untracked(),
            balance.get_untracked(),
        );
        match checked {
            Ok(f) => {
                let mut req = FeeOffsetRequest {
                    company_id: company.get_untracked(),
                    month: f.month,
                    unit: f.unit,
                    points: f.points,
                    idempotency_key: String::new(),
                };
                if key.with_untracked(|(last, _)| last.as_ref() != Some(&req)) {
                    key.set((Some(req.clone()), api::new_key("offset")));
                }
                req.idempotency_key = key.with_untracked(|(_, k)| k.clone());
                submit.dispatch_local(req);
            }
            Err(problems) => form.problems.set(problems),
        }
    };
    // "Not whole yuan" reads better as its own sentence than as a generic problem.
    let points_problem = Signal::derive(move || {
        let lang = s.lang.get();
        let whole = form.problems.with(|ps| {
            ps.iter()
                .find(|p| p.field == "points")
                .map(|p| (p.problem == Problem::UnknownOption, *p))
        });
        match whole {
            Some((true, _)) => Some(s.t(PointsMsg::NotWholeYuanHint).to_string()),
            Some((false, p)) => Some(problem_text(lang, &p)),
            None => form.field("points").get(),
        }
    });
    let preview = move || preview_yuan(&points.get(), rate.get());
    let several = companies.with_value(|c| c.len() > 1);
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            {if several {
                view! {
                    <div class="field">
                        <label for="company">{move || s.t(PointsMsg::Company)}</label>
                        <select id="company" on:change=move |ev| {
                            if let Ok(id) = event_target_value(&ev).parse::<i64>() { company.set(id); }
                        }>
                            {companies.with_value(|cs| cs.iter().map(|c| view! {
                                <option value=c.id.to_string()>{c.name.clone()}</option>
                            }).collect_view())}
                        </select>
                    </div>
                }.into_any()
            } else {
                view! {
                    <p><span class="muted">{move || s.t(PointsMsg::Company)}{move || s.t(Msg::Colon)}</span>
                    {companies.with_value(|c| c[0].name.clone())}</p>
                }.into_any()
            }}
            <p class="rate" data-testid="rate">{move || rate.get()}" "{move || s.t(Msg::PointsPerYuan)}</p>
            <p class="muted">
                {move || s.t(PointsMsg::YourBalance)}{move || s.t(Msg::Colon)}
                <strong>{move || balance.get().map(|b| b.to_string()).unwrap_or_else(|| "…".into())}</strong>
            </p>
            <Field id="points" label=Msg::FieldAmount value=points inputmode="numeric"
                autocomplete="off" problem=points_problem />
            <p class="yuan-preview" aria-live="polite">
                {move || preview().map(|y| view! {
                    {move || s.t(PointsMsg::WillOffset)}" "<strong data-testid="yuan">{move || yuan_text(s.lang.get(), y)}</strong>
                })}
            </p>
            <Field id="month" label=Msg::FieldMonth value=month kind="month" problem=form.field("month") />
            <Field id="unit" label=Msg::FieldUnit value=unit autocomplete="off" problem=form.field("unit") />
            <FormError message=form.general() />
            {move || ok.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(PointsMsg::OffsetSent)}</p> })}
            <button class="btn btn-primary btn-block" type="submit" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { s.t(Msg::Working) } else { s.t(PointsMsg::OffsetSubmit) }}
            </button>
        </form>
    }
}
