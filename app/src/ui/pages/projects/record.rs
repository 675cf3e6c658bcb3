//! 我的服务记录: pending and approved hours (信用时长), training hours apart, each hour
//! record with its state and points, the projects served, and a printable
//! service-record certificate (志愿服务记录证明) with a QR that opens its public check.

use crate::projects;
use leptos::prelude::*;

use crate::api::projects::{Certificate, HourRecord, HoursStatus, MyHours, VolunteerRecord};
use crate::i18n::{hours_status_text, project_category_text, Msg, ProjectsMsg};
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::projects::board::BoardLinks;
use crate::ui::pages::projects::certificate::CertificateSheet;
use crate::ui::state::use_session;

#[component]
pub fn RecordPage() -> impl IntoView {
    view! { <SignedIn><RecordView /></SignedIn> }
}

#[component]
fn RecordView() -> impl IntoView {
    let s = use_session();
    let hours = LocalResource::new(api::my_hours);
    let record = LocalResource::new(api::my_record);
    let cert = RwSignal::new(None::<Certificate>);
    let error = RwSignal::new(None::<String>);
    let issue = Action::new_local(move |_: &()| async move {
        match api::issue_certificate().await {
            Ok(c) => cert.set(Some(c)),
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    // The server refuses a certificate of no service; the button says so first.
    let nothing_to_certify =
        move || record.with(|r| matches!(r, Some(Ok(r)) if r.service_minutes == 0));
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="page record">
            <div class="no-print">
                <h1>{move || s.t(ProjectsMsg::PjMyRecord)}</h1>
                <BoardLinks />
                <Transition fallback=Loading>
                    {move || hours.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| hours.refetch()) /> }.into_any(),
                        Ok(h) => hours_view(h).into_any(),
                    })}
                </Transition>
                <Transition fallback=Loading>
                    {move || record.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(r) => record_view(r).into_any(),
                    })}
                </Transition>
                <section class="card">
                    <h2>{move || s.t(ProjectsMsg::PjCertificate)}</h2>
                    <p class="muted small">{move || if nothing_to_certify() { s.t(ProjectsMsg::PjNoCertificateYet) } else { s.t(ProjectsMsg::PjCertificateHint) }}</p>
                    <FormError message=error />
                    <div class="actions">
                        <button type="button" class="btn btn-primary" disabled=move || issue.pending().get() || nothing_to_certify()
                            on:click=move |_| { error.set(None); issue.dispatch_local(()); }>{move || s.t(ProjectsMsg::PjIssueCertificate)}</button>
                        <Show when=move || cert.with(|c| c.is_some())>
                            <button type="button" class="btn btn-secondary" on:click=print>{move || s.t(Msg::PrintButton)}</button>
                        </Show>
                    </div>
                </section>
            </div>
            {move || cert.get().map(|c| view! { <CertificateSheet c=c /> })}
        </section>
    }
}

fn hours_view(h: MyHours) -> impl IntoView {
    let s = use_session();
    view! {
        <div class="hours-summary">
            <div class="card stat stat-main">
                <p class="muted small">{move || s.t(ProjectsMsg::PjCreditHours)}</p>
                <p class="stat-number" data-testid="approved-hours">{projects::hours_text(h.approved_minutes)}</p>
            </div>
            <div class="card stat">
                <p class="muted small">{move || s.t(ProjectsMsg::PjPendingHours)}</p>
                <p class="stat-number" data-testid="pending-hours">{projects::hours_text(h.pending_minutes)}</p>
            </div>
            <div class="card stat">
                <p class="muted small">{move || s.t(ProjectsMsg::PjTrainingHours)}</p>
                <p class="stat-number">{projects::hours_text(h.training_minutes)}</p>
            </div>
        </div>
        <section class="card">
            <h2>{move || s.t(ProjectsMsg::PjHourRecords)}</h2>
            {if h.records.is_empty() {
                view! { <Empty msg=ProjectsMsg::PjNoHours /> }.into_any()
            } else {
                view! { <ul class="row-list">{h.records.into_iter().map(hour_row).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

fn hour_row(r: HourRecord) -> impl IntoView {
    let s = use_session();
    let st = r.status;
    view! {
        <li class="row hour-row" data-status=st.as_str()>
            <div class="row-main history-main">
                <strong>{r.project_title.clone()}</strong>
                <span class="muted small">{when_words(r.starts_at)}</span>
                {r.reject_reason.clone().map(|x| view! { <span class="offset-reason small">{x}</span> })}
            </div>
            <div class="history-amounts">
                <span>{projects::hours_text(r.minutes)}" "{move || s.t(Msg::PjHoursUnit)}</span>
                <span class="badge" class:badge-ok=st == HoursStatus::Approved class:badge-warn=st == HoursStatus::Pending>
                    {move || hours_status_text(s.lang.get(), st)}
                </span>
                {r.points.filter(|p| *p > 0).map(|p| view! { <span class="amount amount-in">"+"{p}</span> })}
            </div>
        </li>
    }
}

fn record_view(r: VolunteerRecord) -> impl IntoView {
    let s = use_session();
    view! {
        <section class="card">
            <h2>{move || s.t(ProjectsMsg::PjServedProjects)}</h2>
            <p class="muted small">{move || s.t(ProjectsMsg::PjPointsEarned)}{move || s.t(Msg::Colon)}<strong data-testid="points-earned">{r.points_earned}</strong></p>
            {if r.projects.is_empty() {
                view! { <Empty msg=ProjectsMsg::PjNoHours /> }.into_any()
            } else {
                view! {
                    <ul class="row-list">
                        {r.projects.into_iter().map(|p| {
                            let c = p.category;
                            view! {
                                <li class="row">
                                    <div class="row-main history-main">
                                        <strong>{p.title.clone()}</strong>
                                        <span class="muted small">{move || project_category_text(s.lang.get(), c)}" · "{p.team.clone()}" · "{p.sessions}" "{move || s.t(ProjectsMsg::PjSessionsUnit)}</span>
                                    </div>
                                    <div class="history-amounts">
                                        <span>{projects::hours_text(p.minutes)}" "{move || s.t(Msg::PjHoursUnit)}</span>
                                        <span class="amount amount-in">"+"{p.points}</span>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
