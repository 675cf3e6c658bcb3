//! 我的报名: my notifications (e.g. moved up from a waitlist) and my sign-ups, with the
//! waitlist position, cancelling before the cutoff and an .ics file per session.

use crate::clock;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::projects::{Notification, Signup, SignupStatus};
use crate::i18n::{signup_status_text, ProjectsMsg};
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::projects::board::{category_badge, BoardLinks};
use crate::ui::state::use_session;

#[component]
pub fn MySignupsPage() -> impl IntoView {
    view! { <SignedIn><Mine /></SignedIn> }
}

#[component]
fn Mine() -> impl IntoView {
    let s = use_session();
    let signups = LocalResource::new(api::my_signups);
    let notes = LocalResource::new(api::my_notifications);
    view! {
        <section class="page my-signups">
            <h1>{move || s.t(ProjectsMsg::PjMySignups)}</h1>
            <BoardLinks />
            <section class="card" aria-labelledby="notes-title">
                <h2 id="notes-title">{move || s.t(ProjectsMsg::PjNotifications)}</h2>
                <Transition fallback=Loading>
                    {move || notes.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(n) if n.is_empty() => view! { <Empty msg=ProjectsMsg::PjNoNotifications /> }.into_any(),
                        Ok(n) => view! { <ul class="row-list notes">{n.into_iter().map(note_row).collect_view()}</ul> }.into_any(),
                    })}
                </Transition>
            </section>
            <Transition fallback=Loading>
                {move || signups.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| signups.refetch()) /> }.into_any(),
                    Ok(l) if l.is_empty() => view! {
                        <div class="card">
                            <Empty msg=ProjectsMsg::PjNoSignups />
                            <A href="/projects" attr:class="btn btn-primary">{move || s.t(ProjectsMsg::PjBoard)}</A>
                        </div>
                    }.into_any(),
                    Ok(l) => view! {
                        <ul class="signup-list">
                            {l.into_iter().map(|g| signup_card(g, Callback::new(move |_| { signups.refetch(); notes.refetch(); }))).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn note_row(n: Notification) -> impl IntoView {
    view! {
        <li class="row note" data-kind=n.kind.clone()>
            <div class="row-main history-main">
                <span>{n.text.clone()}</span>
                <span class="muted small">{when_words(n.created_at)}</span>
            </div>
            {n.project_id.map(|id| view! { <A href=format!("/projects/{id}") attr:class="small">"›"</A> })}
        </li>
    }
}

fn signup_card(g: Signup, changed: Callback<()>) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let sid = g.session_id;
    let cancel = Action::new_local(move |_: &()| async move {
        match api::cancel_signup(sid).await {
            Ok(_) => changed.run(()),
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let st = g.status;
    let pos = g.waitlist_position;
    let can_cancel = match st {
        SignupStatus::Confirmed => now <= g.cancel_until && g.checked_in_at.is_none(),
        SignupStatus::Waitlisted => now < g.starts_at,
        SignupStatus::Cancelled => false,
    };
    let upcoming = g.ends_at > now && st != SignupStatus::Cancelled;
    view! {
        <li class="card signup-card" class:signup-cancelled=st == SignupStatus::Cancelled data-session=g.session_id>
            <div class="project-head">
                {category_badge(g.category)}
                <A href=format!("/projects/{}", g.project_id) attr:class="project-title">{g.project_title.clone()}</A>
            </div>
            <p class="muted small">{when_words(g.starts_at)}" – "{clock::time_text(g.ends_at)}" · "{g.place.clone()}</p>
            <p>
                <span class="badge" class:badge-ok=st == SignupStatus::Confirmed class:badge-warn=st == SignupStatus::Waitlisted data-testid="signup-status">
                    {move || signup_status_text(s.lang.get(), st)}
                    {move || pos.map(|p| format!(" · {} {}", s.t(ProjectsMsg::PjWaitlistPosition), p))}
                </span>
                {g.checked_in_at.map(|t| view! { <span class="muted small">" "{move || s.t(ProjectsMsg::PjCheckedIn)}" "{clock::time_text(t)}</span> })}
                {(st == SignupStatus::Confirmed && can_cancel).then(|| view! {
                    <span class="muted small">" "{move || s.t(ProjectsMsg::PjCancelUntil)}" "{when_words(g.cancel_until)}</span>
                })}
            </p>
            <div class="actions">
                {upcoming.then(|| view! {
                    <a class="btn btn-small btn-secondary" href=api::calendar_url(sid) download=format!("session-{sid}.ics")>
                        {move || s.t(ProjectsMsg::PjAddToCalendar)}
                    </a>
                })}
                {can_cancel.then(|| view! {
                    <button type="button" class="btn btn-small btn-danger-outline" disabled=move || cancel.pending().get()
                        on:click=move |_| { error.set(None); cancel.dispatch_local(()); }>
                        {move || s.t(ProjectsMsg::PjCancelSignup)}
                    </button>
                })}
            </div>
            <FormError message=error />
        </li>
    }
}
