//! A project: what, where, the team and its rating, and each session with its places;
//! sign up (or join the waitlist when full), cancel before the cutoff. Its leaders get
//! the rosters and submission, its reviewers approval.

use crate::clock;
use crate::projects;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::projects::{Project, ProjectStatus, Session, Signup, SignupStatus};
use crate::i18n::{project_status_text, Msg, ProjectsMsg};
use crate::nav::has_role;
use crate::roles::Role;
use crate::ui::api::{self, ApiError, ProjectMove};
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::pages::projects::board::{category_badge, BoardLinks};
use crate::ui::state::use_session;

#[component]
pub fn ProjectPage() -> impl IntoView {
    view! { <SignedIn><ProjectView /></SignedIn> }
}

#[component]
fn ProjectView() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
    });
    let project = LocalResource::new(move || {
        let id = id.get();
        async move { api::project(id).await }
    });
    let mine = LocalResource::new(api::my_signups);
    let reload = Callback::new(move |_| {
        project.refetch();
        mine.refetch();
    });
    view! {
        <section class="page project">
            <BoardLinks />
            <Transition fallback=Loading>
                {move || project.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=reload /> }.into_any(),
                    Ok(p) => {
                        let signups = mine.get().and_then(|r| r.ok()).unwrap_or_default();
                        view! { <Detail p=p signups=signups reload=reload /> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Detail(p: Project, signups: Vec<Signup>, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let status = p.status;
    let leads =
        s.me.with_untracked(|m| has_role(m.as_ref(), Role::TeamLeader));
    let reviews =
        s.me.with_untracked(|m| has_role(m.as_ref(), Role::Reviewer));
    let cutoff = p.cancel_cutoff_minutes;
    let rating = p.team.rating;
    let id = p.id;
    view! {
        <article class="card project-detail">
            <div class="project-head">
                {category_badge(p.category)}
                {(status != ProjectStatus::Published).then(|| view! {
                    <span class="badge badge-warn" data-status=status.as_str()>{move || project_status_text(s.lang.get(), status)}</span>
                })}
            </div>
            <h1>{p.title.clone()}</h1>
            <dl class="facts">
                <dt>{move || s.t(ProjectsMsg::PjTeam)}</dt>
                <dd>
                    {p.team.name.clone()}" "
                    <span class="rating muted small">
                        {move || match rating {
                            Some(r) => format!("★ {r:.1} ({})", p.team.ratings),
                            None => s.t(Msg::PjNoRating).to_string(),
                        }}
                    </span>
                </dd>
                <dt>{move || s.t(Msg::PjPlace)}</dt>
                <dd>{p.place.clone()}</dd>
                {(!p.skills.is_empty()).then(|| view! {
                    <dt>{move || s.t(Msg::PjSkills)}</dt>
                    <dd>{p.skills.join("、")}</dd>
                })}
                <dt>{move || s.t(ProjectsMsg::PjCutoff)}</dt>
                <dd>{move || format!("{} {}", projects::hours_text(cutoff), s.t(ProjectsMsg::PjCutoffHours))}</dd>
                {p.signup_opens_at.map(|t| view! { <dt>{move || s.t(Msg::PjOpens)}</dt><dd>{when_words(t)}</dd> })}
                {p.signup_closes_at.map(|t| view! { <dt>{move || s.t(Msg::PjCloses)}</dt><dd>{when_words(t)}</dd> })}
            </dl>
            {(!p.description.is_empty()).then(|| view! { <p class="project-description">{p.description.clone()}</p> })}
            {p.reject_reason.clone().map(|r| view! {
                <p class="form-error">{move || s.t(Msg::RejectedBecause)}{r.clone()}</p>
            })}
            {(leads || reviews).then(|| view! { <Manage id=id status=status reload=reload leads=leads reviews=reviews /> })}
        </article>
        <section class="card">
            <h2>{move || s.t(Msg::PjSessions)}</h2>
            <ul class="row-list sessions">
                {p.sessions.into_iter().map(|x| {
                    let mine = signups.iter().find(|g| g.session_id == x.id && g.status != SignupStatus::Cancelled).cloned();
                    session_row(x, mine, status, leads || reviews, reload)
                }).collect_view()}
            </ul>
        </section>
    }
}

fn session_row(
    x: Session,
    mine: Option<Signup>,
    status: ProjectStatus,
    manages: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let sid = x.id;
    let act = Action::new_local(move |join: &bool| {
        let join = *join;
        async move {
            let r = if join {
                api::sign_up(sid).await
            } else {
                api::cancel_signup(sid).await
            };
            confirming.set(false);
            match r {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let full = x.places_left == 0;
    let open =
        status == ProjectStatus::Published && x.starts_at > (js_sys::Date::now() / 1000.0) as i64;
    let state = mine.as_ref().map(|g| (g.status, g.waitlist_position));
    // Once a session is over its ratings show, and attendees rate it (the server checks
    // they were there).
    let over = x.ends_at < (js_sys::Date::now() / 1000.0) as i64;
    view! {
        <li class="row session-row" data-session=x.id>
            <div class="row-main session-main">
                <strong>{when_words(x.starts_at)}" – "{clock::time_text(x.ends_at)}</strong>
                <span class="places" class:places-full=full>
                    {move || if full { s.t(Msg::PjFull).to_string() } else { format!("{} {} / {}", s.t(Msg::PjPlacesLeft), x.places_left, x.capacity) }}
                </span>
                {(x.waitlisted > 0).then(|| view! { <span class="muted small">{move || s.t(ProjectsMsg::PjWaiting)}" "{x.waitlisted}</span> })}
                {state.map(|(st, pos)| view! {
                    <span class="badge" class:badge-ok=st == SignupStatus::Confirmed class:badge-warn=st == SignupStatus::Waitlisted data-testid="my-status">
                        {move || match (st, pos) {
                            (SignupStatus::Waitlisted, Some(n)) => format!("{} {}", s.t(ProjectsMsg::PjWaitlistPosition), n),
                            (SignupStatus::Waitlisted, None) => s.t(ProjectsMsg::PjWaitlisted).to_string(),
                            _ => s.t(ProjectsMsg::PjSignedUp).to_string(),
                        }}
                    </span>
                })}
                <FormError message=error />
            </div>
            <div class="session-actions">
                {match (state, open) {
                    // Cancelling gives the place away (to the waitlist): asked first, here.
                    (Some(_), true) => view! {
                        <Show when=move || confirming.get() fallback=move || view! {
                            <button type="button" class="btn btn-small btn-danger-outline" disabled=move || act.pending().get()
                                on:click=move |_| { error.set(None); confirming.set(true); }>
                                {move || s.t(ProjectsMsg::PjCancelSignup)}
                            </button>
                        }>
                            <div class="confirm-inline" role="group" aria-labelledby=format!("cancel-q-{sid}")>
                                <p class="small" id=format!("cancel-q-{sid}") role="status">{move || s.t(ProjectsMsg::PjCancelSignupConfirm)}</p>
                                <button type="button" class="btn btn-small btn-danger" disabled=move || act.pending().get()
                                    on:click=move |_| { act.dispatch_local(false); }>
                                    {move || s.t(ProjectsMsg::PjConfirmCancel)}
                                </button>
                                <button type="button" class="btn btn-small btn-secondary" disabled=move || act.pending().get()
                                    on:click=move |_| confirming.set(false)>
                                    {move || s.t(ProjectsMsg::PjKeepSignup)}
                                </button>
                            </div>
                        </Show>
                    }.into_any(),
                    (None, true) => view! {
                        <button type="button" class="btn btn-small btn-primary" disabled=move || act.pending().get()
                            on:click=move |_| { error.set(None); act.dispatch_local(true); }>
                            {move || if full { s.t(ProjectsMsg::PjJoinWaitlist) } else { s.t(ProjectsMsg::PjSignUp) }}
                        </button>
                    }.into_any(),
                    _ => ().into_any(),
                }}
                {manages.then(|| view! {
                    <A href=format!("/sessions/{}/roster", x.id) attr:class="btn btn-small btn-secondary">{move || s.t(ProjectsMsg::PjRoster)}</A>
                })}
                {over.then(|| view! {
                    <A href=format!("/services/ratings/session/{}", x.id) attr:class="btn btn-small btn-secondary">{move || s.t(Msg::SvRating)}</A>
                })}
            </div>
        </li>
    }
}

/// Submit, approve, reject or close, as the person's role and the status allow.
#[component]
fn Manage(
    id: i64,
    status: ProjectStatus,
    reload: Callback<()>,
    leads: bool,
    reviews: bool,
) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let done = move |r: Result<Project, ApiError>| match r {
        Ok(_) => reload.run(()),
        Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
    };
    let act = Action::new_local(move |m: &ProjectMove| {
        let m = *m;
        async move { done(api::move_project(id, m).await) }
    });
    let reject = Action::new_local(move |r: &String| {
        let r = r.clone();
        async move { done(api::reject_project(id, r).await) }
    });
    let editable = matches!(status, ProjectStatus::Draft | ProjectStatus::Rejected);
    view! {
        <div class="manage-actions">
            <div class="actions">
                {(leads && editable).then(|| view! {
                    <A href=format!("/projects/manage?edit={id}") attr:class="btn btn-secondary">{move || s.t(ProjectsMsg::PjEdit)}</A>
                    <button type="button" class="btn btn-primary" disabled=move || act.pending().get()
                        on:click=move |_| { act.dispatch_local(ProjectMove::Submit); }>{move || s.t(ProjectsMsg::PjSubmitReview)}</button>
                })}
                {(reviews && status == ProjectStatus::Submitted).then(|| view! {
                    <button type="button" class="btn btn-primary" disabled=move || act.pending().get()
                        on:click=move |_| { act.dispatch_local(ProjectMove::Approve); }>{move || s.t(ProjectsMsg::PjApprove)}</button>
                    <button type="button" class="btn btn-danger" on:click=move |_| rejecting.set(true)>{move || s.t(ProjectsMsg::PjReject)}</button>
                })}
                {(status == ProjectStatus::Published).then(|| view! {
                    <button type="button" class="btn btn-danger-outline" disabled=move || act.pending().get()
                        on:click=move |_| { act.dispatch_local(ProjectMove::Close); }>{move || s.t(ProjectsMsg::PjCloseProject)}</button>
                })}
            </div>
            <Show when=move || rejecting.get()>
                <form class="inline-form spaced" on:submit=move |ev| {
                    ev.prevent_default();
                    match crate::validate::reason(&reason.get_untracked()) {
                        Ok(r) => { reject.dispatch_local(r); }
                        Err(p) => error.set(Some(crate::i18n::problem_text(s.lang.get_untracked(), &p))),
                    }
                }>
                    <label for="reject-reason" class="sr-only">{move || s.t(Msg::RejectReason)}</label>
                    <input id="reject-reason" type="text" bind:value=reason placeholder=move || s.t(Msg::RejectReason) />
                    <button class="btn btn-danger" type="submit" disabled=move || reject.pending().get()>{move || s.t(ProjectsMsg::PjReject)}</button>
                </form>
            </Show>
            <FormError message=error />
        </div>
    }
}
