//! One course: what, who, where and when, its places; enrol before it starts; my
//! progress, the completion certificate and rating it; for its organiser, the attendance
//! sheet (a trainee × session grid of checkboxes, each mark saved as it is ticked).

use crate::clock;
use crate::projects;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::trainings::{TraineeProgress, Training, TrainingAttendance, TrainingSession};
use crate::i18n::{Msg, TrainingsMsg};
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::state::use_session;

use super::{length_text, my_badge, session_text, TrainingLinks};

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[component]
pub fn TrainingPage() -> impl IntoView {
    view! { <SignedIn><CourseView /></SignedIn> }
}

#[component]
fn CourseView() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
    });
    let course = LocalResource::new(move || api::training(id.get()));
    let reload = Callback::new(move |_| course.refetch());
    view! {
        <section class="page training">
            <TrainingLinks />
            <Transition fallback=Loading>
                {move || course.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=reload /> }.into_any(),
                    Ok(t) => view! { <Course t reload /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Course(t: Training, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let length = length_text(&t);
    let mine = my_badge(&t);
    let topics = t.topics.join("、");
    let (left, capacity, required) = (t.places_left, t.capacity, t.sessions_required);
    let organiser = t.me_organiser.then(|| {
        let (id, sessions) = (t.id, t.sessions.clone());
        view! { <AttendanceSheet id sessions /> }
    });
    view! {
        <article class="card training-detail">
            <span class="badge badge-cat badge-training">{move || s.t(Msg::TrNav)}</span>
            <h1>{t.title.clone()}</h1>
            <p>{mine}</p>
            <dl class="facts">
                <dt>{move || s.t(TrainingsMsg::TrOrganiser)}</dt><dd>{t.organiser.clone()}</dd>
                <dt>{move || s.t(Msg::TrTrainer)}</dt><dd>{t.trainer.clone()}</dd>
                <dt>{move || s.t(Msg::PjPlace)}</dt><dd>{t.place.clone()}</dd>
                {(!topics.is_empty()).then(|| view! {
                    <dt>{move || s.t(Msg::TrTopics)}</dt><dd>{topics.clone()}</dd>
                })}
                <dt>{move || s.t(TrainingsMsg::TrLength)}</dt><dd>{length}</dd>
                <dt>{move || s.t(Msg::PjPlacesLeft)}</dt><dd>{format!("{left} / {capacity}")}</dd>
                <dt>{move || s.t(Msg::TrSessionsRequired)}</dt><dd>{required}</dd>
            </dl>
            <Enrolment t=t.clone() reload />
        </article>
        <section class="card">
            <h2>{move || s.t(Msg::PjSessions)}</h2>
            <ol class="row-list training-sessions">
                {t.sessions.iter().map(|x| view! { <li class="row">{session_text(x)}</li> }).collect_view()}
            </ol>
        </section>
        {organiser}
    }
}

/// Enrol, or where I stand: progress, the certificate once completed, rating it once
/// I attended a session.
#[component]
fn Enrolment(t: Training, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<String>);
    let id = t.id;
    let fail = move |e: api::ApiError| error.set(Some(e.text(s.lang.get_untracked())));
    let enrol = Action::new_local(move |_: &()| async move {
        match api::enrol(id).await {
            Ok(_) => reload.run(()),
            Err(e) => fail(e),
        }
    });
    let certificate = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            match api::training_certificate(id).await {
                Ok(c) => navigate(&format!("/certificates/{}", c.code), Default::default()),
                Err(e) => fail(e),
            }
        }
    });
    let started = t.sessions.first().is_none_or(|x| x.starts_at <= now_secs());
    let action = if t.me_completed && t.me_enrolled {
        view! {
            <p class="muted small">{move || s.t(TrainingsMsg::TrCertificateHint)}</p>
            <button type="button" class="btn btn-primary" disabled=move || certificate.pending().get()
                on:click=move |_| { error.set(None); certificate.dispatch_local(()); }>
                {move || s.t(TrainingsMsg::TrTakeCertificate)}
            </button>
        }
        .into_any()
    } else if t.me_enrolled {
        ().into_any()
    } else if started {
        view! { <p class="muted">{move || s.t(TrainingsMsg::TrEnrolmentClosed)}</p> }.into_any()
    } else if t.places_left == 0 {
        view! { <p class="muted">{move || s.t(Msg::PjFull)}</p> }.into_any()
    } else {
        view! {
            <button type="button" class="btn btn-primary" disabled=move || enrol.pending().get()
                on:click=move |_| { error.set(None); enrol.dispatch_local(()); }>
                {move || s.t(TrainingsMsg::TrEnrol)}
            </button>
        }
        .into_any()
    };
    let rate = if t.me_attended > 0 {
        TrainingsMsg::TrRate
    } else {
        TrainingsMsg::TrRatings
    };
    view! {
        <div class="actions training-actions">
            {action}
            <A href=format!("/services/ratings/training/{id}") attr:class="btn btn-secondary">{move || s.t(rate)}</A>
        </div>
        <FormError message=error />
    }
}

/// The organiser's attendance sheet: one row per trainee, one checkbox per session that
/// has started; each tick is saved at once and the row's progress follows.
#[component]
fn AttendanceSheet(id: i64, sessions: Vec<TrainingSession>) -> impl IntoView {
    let s = use_session();
    let roster = LocalResource::new(move || api::training_roster(id));
    let error = RwSignal::new(None::<String>);
    let mark = Action::new_local(move |(session, user_id, present): &(i64, i64, bool)| {
        let (session, req) = (
            *session,
            TrainingAttendance {
                user_id: *user_id,
                present: *present,
            },
        );
        async move {
            match api::mark_training(session, req).await {
                Ok(_) => roster.refetch(),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let heads = sessions.clone();
    view! {
        <section class="card training-sheet" aria-labelledby="tr-sheet-h">
            <h2 id="tr-sheet-h">{move || s.t(TrainingsMsg::TrAttendance)}</h2>
            <p class="muted small">{move || s.t(TrainingsMsg::TrAttendanceHint)}</p>
            <FormError message=error />
            <Transition fallback=Loading>
                {move || roster.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(l) if l.is_empty() => view! { <Empty msg=TrainingsMsg::TrNoTrainees /> }.into_any(),
                    Ok(l) => {
                        let sessions = sessions.clone();
                        view! {
                            <div class="table-wrap">
                                <table class="table training-roster">
                                    <thead><tr>
                                        <th scope="col">{move || s.t(TrainingsMsg::TrTrainee)}</th>
                                        {heads.iter().enumerate().map(|(i, x)| {
                                            let day = clock::short_date(x.starts_at);
                                            view! { <th scope="col">{move || format!("{} {}", s.t(TrainingsMsg::TrSessionN).replace("{n}", &(i + 1).to_string()), day)}</th> }
                                        }).collect_view()}
                                        <th scope="col">{move || s.t(TrainingsMsg::TrProgress)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {l.into_iter().map(|p| trainee_row(p, &sessions, mark)).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

type Mark = Action<(i64, i64, bool), ()>;

fn trainee_row(p: TraineeProgress, sessions: &[TrainingSession], mark: Mark) -> impl IntoView {
    let s = use_session();
    let now = now_secs();
    let (user, attended, completed) = (p.user_id, p.attended, p.completed);
    let hours = projects::hours_text(p.minutes);
    let name = p.name.clone();
    view! {
        <tr data-testid="trainee-row" data-user=user>
            <th scope="row">{p.name.clone()}</th>
            {sessions.iter().enumerate().map(|(i, x)| {
                let (session, began) = (x.id, x.starts_at <= now);
                let present = p.present.contains(&session);
                let label = {
                    let name = name.clone();
                    move || format!("{name} · {}", s.t(TrainingsMsg::TrSessionN).replace("{n}", &(i + 1).to_string()))
                };
                let day = clock::short_date(x.starts_at);
                let head = move || format!("{} {day}", s.t(TrainingsMsg::TrSessionN).replace("{n}", &(i + 1).to_string()));
                view! {
                    <td data-label=head>
                        {if began {
                            view! {
                                <input type="checkbox" class="tr-present" prop:checked=present aria-label=label
                                    disabled=move || mark.pending().get()
                                    on:change=move |ev| { mark.dispatch_local((session, user, event_target_checked(&ev))); } />
                            }.into_any()
                        } else {
                            view! { <span class="muted small">{move || s.t(TrainingsMsg::TrNotStarted)}</span> }.into_any()
                        }}
                    </td>
                }
            }).collect_view()}
            <td data-label=move || s.t(TrainingsMsg::TrProgress)><span>
                {move || format!("{attended} · {hours} {}", s.t(Msg::PjHoursUnit))}
                {completed.then(|| view! { " "<span class="badge badge-ok">{move || s.t(TrainingsMsg::TrCompleted)}</span> })}
            </span></td>
        </tr>
    }
}
