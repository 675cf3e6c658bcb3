//! 培训 (S8): upcoming courses anyone signed in may enrol in, my courses with progress,
//! the completion certificate and the course's ratings, and for team leaders the course
//! form and each course's attendance sheet.

pub mod course;
pub mod list;
pub mod new;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes, A};
use leptos_router::path;

use crate::api::trainings::{Training, TrainingSession};
use crate::i18n::{Msg, TrainingsMsg};
use crate::nav::has_role;
use crate::roles::Role;
use crate::ui::area::area_routes;
use crate::ui::pages::not_found::NotFoundPage;
use crate::ui::state::use_session;
use crate::when;

area_routes!(
    trainings,
    pub fn routes() {
        view! {
            <Routes fallback=NotFoundPage>
                <Route path=path!("/trainings") view=list::TrainingsPage />
                <Route path=path!("/trainings/mine") view=list::MyTrainingsPage />
                <Route path=path!("/trainings/new") view=new::NewTrainingPage />
                <Route path=path!("/trainings/:id") view=course::TrainingPage />
            </Routes>
        }
    }
);

/// The links between the area's pages; organising is for team leaders.
#[component]
pub fn TrainingLinks() -> impl IntoView {
    let s = use_session();
    let leader = move || s.me.with(|m| has_role(m.as_ref(), Role::TeamLeader));
    view! {
        <nav class="board-links" aria-label=move || s.t(TrainingsMsg::TrTitle)>
            <A href="/trainings" exact=true attr:class="board-link">{move || s.t(TrainingsMsg::TrUpcoming)}</A>
            <A href="/trainings/mine" attr:class="board-link">{move || s.t(TrainingsMsg::TrMine)}</A>
            <Show when=leader>
                <A href="/trainings/new" attr:class="board-link">{move || s.t(TrainingsMsg::TrNewCourse)}</A>
            </Show>
        </nav>
    }
}

/// "12月6日 09:00–11:30" / "6 Dec 09:00–11:30".
pub fn session_text(x: &TrainingSession) -> impl Fn() -> String + Send + Sync + 'static {
    let s = use_session();
    let (starts, ends) = (x.starts_at, x.ends_at);
    move || when::span_text(s.lang.get(), starts, ends)
}

/// "3 天 · 3 场" / "3 days · 3 sessions".
fn length_text(t: &Training) -> impl Fn() -> String + Send + Sync + 'static {
    let s = use_session();
    let (days, sessions) = (t.days, t.sessions.len());
    move || {
        format!(
            "{days} {} · {sessions} {}",
            s.t(TrainingsMsg::TrDaysUnit),
            s.t(TrainingsMsg::TrSessionsUnit)
        )
    }
}

/// Where the person asking stands: organiser, completed, enrolled with progress.
fn my_badge(t: &Training) -> impl IntoView {
    let s = use_session();
    let (attended, required) = (t.me_attended, t.sessions_required);
    let badge = if t.me_completed && t.me_enrolled {
        Some((TrainingsMsg::TrCompleted, "badge-ok"))
    } else if t.me_enrolled {
        Some((TrainingsMsg::TrEnrolled, "badge-ok"))
    } else if t.me_organiser {
        Some((TrainingsMsg::TrOrganisedByMe, "badge-training"))
    } else {
        None
    };
    let progress = t.me_enrolled && !t.me_completed;
    view! {
        {badge.map(|(m, class)| view! {
            <span class=format!("badge {class}") data-testid="my-training-status">{move || s.t(m)}</span>
        })}
        {progress.then(|| view! {
            " "<span class="muted small">{move || format!("{} {attended}/{required}", s.t(TrainingsMsg::TrAttendedOf))}</span>
        })}
    }
}

/// Whether a course has begun or ended by `now` (then places no longer matter).
fn stage(t: &Training, now: i64) -> Option<TrainingsMsg> {
    if t.sessions.last().is_some_and(|x| x.ends_at <= now) {
        Some(TrainingsMsg::TrEnded)
    } else if t.sessions.first().is_some_and(|x| x.starts_at <= now) {
        Some(TrainingsMsg::TrUnderway)
    } else {
        None
    }
}

/// A course in a list, leading to its page.
pub fn course_card(t: Training) -> impl IntoView {
    let s = use_session();
    let first = t.sessions.first().map(session_text);
    let length = length_text(&t);
    let left = t.places_left;
    let stage = stage(&t, (js_sys::Date::now() / 1000.0) as i64);
    let mine = my_badge(&t);
    view! {
        <li class="card training-card" data-training=t.id>
            <span class="badge badge-cat badge-training">{move || s.t(Msg::TrNav)}</span>
            <h2><A href=format!("/trainings/{}", t.id)>{t.title.clone()}</A></h2>
            <p class="muted small">{t.organiser.clone()}" · "{t.trainer.clone()}</p>
            <p class="small">{first}" · "{length}</p>
            <p class="small">
                <span class="places" class:places-full=left == 0 && stage.is_none()>
                    {move || match stage {
                        Some(m) => s.t(m).to_string(),
                        None if left == 0 => s.t(Msg::PjFull).to_string(),
                        None => format!("{} {left}", s.t(Msg::PjPlacesLeft)),
                    }}
                </span>
                " "{mine}
            </p>
        </li>
    }
}
