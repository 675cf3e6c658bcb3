//! A session's roster for its leader: check people in and out by card (a keyboard-wedge
//! scanner types the code and presses Enter, or the number is typed) or by tapping their
//! names, mark no-shows, correct hours with a reason, and submit the hour records.

use crate::cards;
use crate::clock;
use crate::projects;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::projects::{
    AttendanceAction, AttendanceRequest, EditHours, HourRecord, HoursStatus, Roster, RosterEntry,
    SignupStatus,
};
use crate::i18n::{hours_status_text, problem_text, Msg, ProjectsMsg};
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::scanner::ScanField;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::state::use_session;

#[component]
pub fn RosterPage() -> impl IntoView {
    view! { <SignedIn><RosterView /></SignedIn> }
}

#[component]
fn RosterView() -> impl IntoView {
    let s = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
    });
    let roster = LocalResource::new(move || {
        let id = id.get();
        async move { api::roster(id).await }
    });
    let reload = Callback::new(move |_| roster.refetch());
    // Outside the reloading part, so the scanner keeps its focus and its last answer.
    let submitted = RwSignal::new(false);
    view! {
        <section class="page roster">
            <Transition fallback=Loading>
                {move || roster.get().and_then(|r| r.ok()).map(|r| view! {
                    <A href=format!("/projects/{}", r.project_id) attr:class="back-link">"‹ "{r.project_title.clone()}</A>
                    <h1>{move || s.t(ProjectsMsg::PjRoster)}</h1>
                    <p class="muted">{when_words(r.session.starts_at)}" – "{clock::time_text(r.session.ends_at)}
                        " · "{move || s.t(ProjectsMsg::PjSignedUp)}" "{r.session.confirmed}" / "{r.session.capacity}</p>
                })}
            </Transition>
            <Scanner sid=id.get_untracked() reload=reload />
            <Transition fallback=Loading>
                {move || roster.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=reload /> }.into_any(),
                    Ok(r) => view! { <RosterBody r=r reload=reload submitted=submitted /> }.into_any(),
                })}
            </Transition>
            <p class="muted small">{move || s.t(ProjectsMsg::PjRosterHint)}</p>
        </section>
    }
}

#[component]
fn RosterBody(r: Roster, reload: Callback<()>, submitted: RwSignal<bool>) -> impl IntoView {
    let s = use_session();
    let sid = r.session.id;
    let drafts = r
        .entries
        .iter()
        .filter(|e| {
            e.hours
                .as_ref()
                .is_some_and(|h| h.status == HoursStatus::Draft)
        })
        .count();
    let submit_error = RwSignal::new(None::<String>);
    let submit = Action::new_local(move |_: &()| async move {
        match api::submit_hours(sid).await {
            Ok(_) => {
                submitted.set(true);
                reload.run(());
            }
            Err(e) => submit_error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    let confirmed: Vec<RosterEntry> = r
        .entries
        .iter()
        .filter(|e| e.status == SignupStatus::Confirmed)
        .cloned()
        .collect();
    let waiting: Vec<RosterEntry> = r
        .entries
        .iter()
        .filter(|e| e.status == SignupStatus::Waitlisted)
        .cloned()
        .collect();
    view! {
        <section class="card">
            <h2>{move || s.t(ProjectsMsg::PjConfirmedPeople)}</h2>
            {if confirmed.is_empty() {
                view! { <Empty msg=ProjectsMsg::PjNobodyYet /> }.into_any()
            } else {
                view! {
                    <ul class="row-list roster-list">
                        {confirmed.into_iter().map(|e| view! { <EntryRow e=e sid=sid reload=reload /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <div class="submit-hours">
                <FormError message=submit_error />
                {move || submitted.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(ProjectsMsg::PjHoursSubmitted)}</p> })}
                <button type="button" class="btn btn-primary btn-block" disabled=move || drafts == 0 || submit.pending().get()
                    on:click=move |_| { submit_error.set(None); submit.dispatch_local(()); }>
                    {move || s.t(ProjectsMsg::PjSubmitHours)}" ("{drafts}")"
                </button>
            </div>
        </section>
        {(!waiting.is_empty()).then(|| view! {
            <section class="card">
                <h2>{move || s.t(ProjectsMsg::PjWaitlist)}</h2>
                <ul class="row-list">
                    {waiting.into_iter().map(|e| view! {
                        <li class="row"><div class="row-main">
                            <span class="badge badge-warn">{e.waitlist_position.unwrap_or(0)}</span>
                            <span>{e.name.clone()}</span><span class="muted small">{e.phone.clone()}</span>
                        </div></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// The card scanner: the kiosk's scan field (a keyboard-wedge scanner typing the code and
/// Enter, a typed card number, or the camera), checked in or out as chosen.
#[component]
fn Scanner(sid: i64, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let action = RwSignal::new(AttendanceAction::CheckIn);
    let error = RwSignal::new(None::<String>);
    let ok = RwSignal::new(None::<String>);
    let send = Action::new_local(move |req: &AttendanceRequest| {
        let req = req.clone();
        async move {
            match api::attendance(sid, req).await {
                Ok(e) => {
                    ok.set(Some(e.name));
                    reload.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let on_scan = Callback::new(move |raw: String| {
        error.set(None);
        ok.set(None);
        match cards::card_attendance(action.get_untracked(), &raw) {
            Ok(req) => {
                send.dispatch_local(req);
            }
            Err(p) => error.set(Some(problem_text(s.lang.get_untracked(), &p))),
        }
    });
    view! {
        <div class="card scanner">
            <div class="segmented" role="group" aria-label=move || s.t(ProjectsMsg::PjScanAction)>
                {[(AttendanceAction::CheckIn, ProjectsMsg::PjCheckIn), (AttendanceAction::CheckOut, ProjectsMsg::PjCheckOut)].into_iter().map(|(a, m)| view! {
                    <button type="button" aria-pressed=move || (action.get() == a).to_string()
                        on:click=move |_| action.set(a)>{move || s.t(m)}</button>
                }).collect_view()}
            </div>
            <ScanField label=ProjectsMsg::PjScanLabel on_scan=on_scan id="scan-code" inputmode="numeric" />
            <FormError message=error />
            {move || ok.get().map(|name| view! {
                <p class="form-ok" role="status">{name}" · "{move || if action.get() == AttendanceAction::CheckIn { s.t(ProjectsMsg::PjCheckedIn) } else { s.t(ProjectsMsg::PjCheckedOut) }}</p>
            })}
        </div>
    }
}

#[component]
fn EntryRow(e: RosterEntry, sid: i64, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let uid = e.user_id;
    let tap = Action::new_local(move |a: &AttendanceAction| {
        let req = AttendanceRequest {
            action: *a,
            user_id: Some(uid),
            qr: None,
            card_number: None,
            pin: None,
            at: None,
        };
        async move {
            match api::attendance(sid, req).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let (inn, out, no_show) = (e.checked_in_at, e.checked_out_at, e.no_show);
    let hours = e.hours.clone();
    view! {
        <li class="row roster-row" data-user=e.user_id data-testid="roster-row">
            <div class="row-main">
                <strong class="person-name">{e.name.clone()}</strong>
                <span class="muted small">{e.phone.clone()}</span>
                <span class="attendance small" data-testid="attendance">
                    {move || match (inn, out, no_show) {
                        (_, _, true) => s.t(ProjectsMsg::PjNoShow).to_string(),
                        (Some(i), Some(o), _) => format!("{} {} · {} {}", s.t(ProjectsMsg::PjCheckedIn), clock::time_text(i), s.t(ProjectsMsg::PjCheckedOut), clock::time_text(o)),
                        (Some(i), None, _) => format!("{} {}", s.t(ProjectsMsg::PjCheckedIn), clock::time_text(i)),
                        _ => s.t(ProjectsMsg::PjNotArrived).to_string(),
                    }}
                </span>
                {hours.map(|h| view! { <HoursCell h=h reload=reload /> })}
                <FormError message=error />
            </div>
            <div class="roster-actions">
                {(inn.is_none() && !no_show).then(|| view! {
                    <button type="button" class="btn btn-small btn-primary" disabled=move || tap.pending().get()
                        on:click=move |_| { tap.dispatch_local(AttendanceAction::CheckIn); }>{move || s.t(ProjectsMsg::PjCheckIn)}</button>
                    <button type="button" class="btn btn-small btn-danger-outline" disabled=move || tap.pending().get()
                        on:click=move |_| { tap.dispatch_local(AttendanceAction::NoShow); }>{move || s.t(ProjectsMsg::PjMarkNoShow)}</button>
                })}
                {(inn.is_some() && out.is_none()).then(|| view! {
                    <button type="button" class="btn btn-small btn-primary" disabled=move || tap.pending().get()
                        on:click=move |_| { tap.dispatch_local(AttendanceAction::CheckOut); }>{move || s.t(ProjectsMsg::PjCheckOut)}</button>
                })}
            </div>
        </li>
    }
}

/// A person's hours at the session, editable with a reason until a reviewer decides.
#[component]
fn HoursCell(h: HourRecord, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let editing = RwSignal::new(false);
    let hours = RwSignal::new(projects::hours_text(h.minutes));
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let hid = h.id;
    let st = h.status;
    let save = Action::new_local(move |req: &EditHours| {
        let req = req.clone();
        async move {
            match api::edit_hours(hid, req).await {
                Ok(_) => {
                    editing.set(false);
                    reload.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let editable = matches!(st, HoursStatus::Draft | HoursStatus::Pending);
    let hid_s = format!("hours-{hid}");
    let rid_s = format!("hours-reason-{hid}");
    view! {
        <span class="hours small" data-testid="hours">
            {move || s.t(ProjectsMsg::PjHours)}" "<strong>{projects::hours_text(h.minutes)}</strong>
            {h.edit_reason.clone().map(|r| view! { <span class="muted">" ("{r}")"</span> })}
            " "<span class="badge" data-status=st.as_str()>{move || hours_status_text(s.lang.get(), st)}</span>
            {(editable && h.minutes == 0).then(|| view! {
                " "<span class="badge badge-warn" data-testid="zero-hours">{move || s.t(ProjectsMsg::PjZeroHoursFlag)}</span>
            })}
            {editable.then(|| view! {
                " "<button type="button" class="link-button" on:click=move |_| editing.update(|e| *e = !*e)>{move || s.t(ProjectsMsg::PjEditHours)}</button>
            })}
        </span>
        <Show when=move || editing.get()>
            <form class="inline-form hours-form" on:submit=move |ev: SubmitEvent| {
                ev.prevent_default();
                error.set(None);
                let lang = s.lang.get_untracked();
                let minutes = match projects::parse_hours(&hours.get_untracked()) {
                    Ok(m) => m,
                    Err(p) => { error.set(Some(problem_text(lang, &p))); return; }
                };
                match crate::validate::reason(&reason.get_untracked()) {
                    Ok(r) => { save.dispatch_local(EditHours { minutes, reason: r }); }
                    Err(p) => error.set(Some(problem_text(lang, &p))),
                }
            }>
                <label for=hid_s.clone() class="sr-only">{move || s.t(ProjectsMsg::PjHours)}</label>
                <input id=hid_s.clone() type="text" inputmode="decimal" bind:value=hours class="hours-input" />
                <label for=rid_s.clone() class="sr-only">{move || s.t(Msg::FieldReason)}</label>
                <input id=rid_s.clone() type="text" bind:value=reason placeholder=move || s.t(Msg::FieldReason) />
                <button class="btn btn-small btn-primary" type="submit" disabled=move || save.pending().get()>{move || s.t(Msg::Save)}</button>
            </form>
            <FormError message=error />
        </Show>
    }
}
