//! 邻里求助: a resident posts a need (kind, urgency, place, a few words, an optional
//! photo uploaded once the request is stored) and sees who is coming; a patrol volunteer sees the needs offered to them and answers "I can come";
//! the resident confirms it was done. Places and phones only as the server gives them.

use crate::projects::hours_text;
use leptos::prelude::*;

use crate::api::alarms::{HelpEvent, HelpRequest, HelpState, HelpStep, PostHelp, Skill, Urgency};
use crate::api::orders::RatingSubject;
use crate::i18n::{hours_status_text, AlarmsMsg, Msg};
use crate::ui::api;
use crate::ui::components::bell::arrivals;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::services::order::{RateForm, EDIT_WINDOW_SECS};
use crate::ui::pages::services::rating_view;
use crate::ui::state::use_session;

const URGENCIES: [Urgency; 3] = [Urgency::Normal, Urgency::Urgent, Urgency::Low];

pub fn skill_msg(k: Skill) -> AlarmsMsg {
    match k {
        Skill::Medical => AlarmsMsg::SkillMedical,
        Skill::Legal => AlarmsMsg::SkillLegal,
        Skill::Electrician => AlarmsMsg::SkillElectrician,
        Skill::Plumbing => AlarmsMsg::SkillPlumbing,
        Skill::ElderlyCare => AlarmsMsg::SkillElderlyCare,
        Skill::Counselling => AlarmsMsg::SkillCounselling,
    }
}

fn urgency_msg(u: Urgency) -> AlarmsMsg {
    match u {
        Urgency::Low => AlarmsMsg::HelpUrgencyLow,
        Urgency::Normal => AlarmsMsg::HelpUrgencyNormal,
        Urgency::Urgent => AlarmsMsg::HelpUrgencyUrgent,
    }
}

fn help_state_msg(st: HelpState) -> AlarmsMsg {
    match st {
        HelpState::Open => AlarmsMsg::HelpStateOpen,
        HelpState::Full => AlarmsMsg::HelpStateFull,
        HelpState::Done => AlarmsMsg::HelpStateDone,
    }
}

/// Posts the request, then its photo if one was picked (a failed upload leaves the
/// request posted, without a photo).
async fn save(req: PostHelp, file: Option<web_sys::Blob>) -> api::ApiResult<HelpRequest> {
    let help = api::post_help(req).await?;
    match file {
        Some(f) => api::upload_file(&format!("/help/{}/photo", help.id), f).await,
        None => Ok(help),
    }
}

#[component]
pub fn HelpPage() -> impl IntoView {
    let s = use_session();
    let grids = super::grids();
    let grid = RwSignal::new(String::new());
    let skill = RwSignal::new(String::new());
    let urgency = RwSignal::new(Urgency::Normal.as_str().to_string());
    let place = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let places = RwSignal::new("1".to_string());
    let error = RwSignal::new(None::<String>);
    let posted = RwSignal::new(false);
    let tick = arrivals();
    let list = LocalResource::new(move || {
        tick.track();
        api::my_help()
    });
    let reload = Callback::new(move |_| list.refetch());
    let post = Action::new_local(move |_: &()| async move {
        error.set(None);
        posted.set(false);
        let file = match super::log::picked_photo("help-photo").await {
            Ok(f) => f,
            Err(p) => {
                error.set(Some(s.t(p.msg()).to_string()));
                return;
            }
        };
        let grid_id = super::chosen_grid(grids, grid);
        let req = PostHelp {
            grid_id,
            skill: Skill::parse(&skill.get_untracked()),
            urgency: Urgency::parse(&urgency.get_untracked()).unwrap_or(Urgency::Normal),
            place: place.get_untracked(),
            text: text.get_untracked(),
            places: places.get_untracked().parse().unwrap_or(1),
        };
        match save(req, file).await {
            Ok(_) => {
                text.set(String::new());
                place.set(String::new());
                if let Some(i) = super::log::file_input("help-photo") {
                    i.set_value("");
                }
                posted.set(true);
                list.refetch();
            }
            Err(e) => {
                error.set(Some(e.text(s.lang.get_untracked())));
                list.refetch();
            }
        }
    });
    view! {
        <SignedIn>
            <section class="page al-page help-page">
                <h1>{move || s.t(AlarmsMsg::HelpTitle)}</h1>
                <p class="muted">{move || s.t(AlarmsMsg::HelpIntro)}</p>
                <form class="card al-form" on:submit=move |ev| { ev.prevent_default(); post.dispatch_local(()); }>
                    {super::grid_field("help-grid", grids, grid)}
                    <div class="field">
                        <label for="help-kind">{move || s.t(AlarmsMsg::HelpKind)}</label>
                        <select id="help-kind" bind:value=skill>
                            <option value="">{move || s.t(AlarmsMsg::HelpAnyone)}</option>
                            {Skill::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str()>{move || s.t(skill_msg(k))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="help-urgency">{move || s.t(AlarmsMsg::HelpUrgency)}</label>
                        <select id="help-urgency" bind:value=urgency>
                            {URGENCIES.into_iter().map(|u| view! {
                                <option value=u.as_str()>{move || s.t(urgency_msg(u))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="help-place">{move || s.t(AlarmsMsg::HelpPlace)}</label>
                        <input id="help-place" type="text" maxlength="100" bind:value=place
                            placeholder=move || s.t(AlarmsMsg::HelpPlaceHint) />
                    </div>
                    <div class="field">
                        <label for="help-text">{move || s.t(AlarmsMsg::HelpText)}</label>
                        <textarea id="help-text" maxlength="300" bind:value=text></textarea>
                    </div>
                    <div class="field">
                        <label for="help-places">{move || s.t(Msg::HelpPlaces)}</label>
                        <select id="help-places" bind:value=places>
                            {(1..=5).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="help-photo">{move || s.t(AlarmsMsg::HelpPhoto)}</label>
                        <input id="help-photo" type="file" accept="image/jpeg,image/png,image/webp" />
                        <p class="field-hint">{move || s.t(Msg::PhotoHint)}</p>
                    </div>
                    <button type="submit" class="btn btn-primary" data-testid="help-post"
                        disabled=move || post.pending().get()>
                        {move || s.t(AlarmsMsg::HelpPost)}
                    </button>
                    <FormError message=error />
                    {move || posted.get().then(|| view! {
                        <p class="al-sent" role="status" data-testid="help-posted">{move || s.t(AlarmsMsg::HelpPosted)}</p>
                    })}
                </form>
                <Transition fallback=Loading>
                    {move || list.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(l) => {
                            let (mine, offered): (Vec<_>, Vec<_>) = l.into_iter().partition(|h| h.mine);
                            view! {
                                <h2>{move || s.t(AlarmsMsg::HelpMine)}</h2>
                                {help_list(mine, reload)}
                                <h2>{move || s.t(AlarmsMsg::HelpOffered)}</h2>
                                {help_list(offered, reload)}
                            }.into_any()
                        }
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

/// Half hours up to four hours: the choices a volunteer logs.
const HOUR_CHOICES: [i64; 8] = [30, 60, 90, 120, 150, 180, 210, 240];

/// A volunteer who came logs the time it took, for review and points.
#[component]
fn HoursForm(id: i64, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let minutes = RwSignal::new("60".to_string());
    let error = RwSignal::new(None::<String>);
    let field = format!("help-hours-{id}");
    let log = Action::new_local(move |_: &()| async move {
        error.set(None);
        let m = minutes.get_untracked().parse().unwrap_or(60);
        match api::help_hours(id, m).await {
            Ok(_) => reload.run(()),
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    view! {
        <form class="help-hours" on:submit=move |ev| { ev.prevent_default(); log.dispatch_local(()); }>
            <label for=field.clone()>{move || s.t(AlarmsMsg::HelpHoursSpent)}</label>
            <select id=field bind:value=minutes>
                {HOUR_CHOICES.into_iter().map(|m| view! {
                    <option value=m.to_string()>{hours_text(m)}" "{move || s.t(Msg::SvHours)}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="btn btn-primary btn-small" data-testid="help-log-hours"
                disabled=move || log.pending().get()>
                {move || s.t(AlarmsMsg::HelpLogHours)}
            </button>
            <FormError message=error />
        </form>
    }
}

fn step_msg(step: HelpStep) -> AlarmsMsg {
    match step {
        HelpStep::Posted => AlarmsMsg::HelpStepPosted,
        HelpStep::Widened => AlarmsMsg::HelpStepWidened,
        HelpStep::Answered => AlarmsMsg::HelpStepAnswered,
        HelpStep::Done => AlarmsMsg::HelpStepDone,
    }
}

/// "today 10:05 · 郭强 can come", "… · People told 3".
fn timeline_line(e: HelpEvent) -> impl IntoView {
    let s = use_session();
    let step = e.step;
    let told = matches!(step, HelpStep::Posted | HelpStep::Widened);
    view! {
        <li data-step=step.as_str()>
            <span class="muted small">{when_words(e.at)}</span>" "
            {e.who.map(|n| view! { <strong>{n}</strong>" " })}
            {move || s.t(step_msg(step))}
            {told.then(|| view! { " · "{move || s.t(AlarmsMsg::AlReached)}" "{e.reached} })}
        </li>
    }
}

/// Requests with what the reader may do about each ("I can come", "it was done").
pub fn help_list(l: Vec<HelpRequest>, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let step = Action::new_local(move |&(id, done): &(i64, bool)| async move {
        error.set(None);
        match api::help_step(id, done).await {
            Ok(_) => reload.run(()),
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    if l.is_empty() {
        return view! { <Empty msg=AlarmsMsg::HelpNone /> }.into_any();
    }
    view! {
        <FormError message=error />
        <ul class="row-list help-list">{l.into_iter().map(|h| help_row(h, step, reload)).collect_view()}</ul>
    }
    .into_any()
}

fn help_row(h: HelpRequest, step: Action<(i64, bool), ()>, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let (id, state, urgency) = (h.id, h.state, h.urgency);
    let now = (js_sys::Date::now() / 1000.0) as i64;
    // The resident rates once it is done, and may change it for a week.
    let rate = h.mine
        && state == HelpState::Done
        && h.rating
            .as_ref()
            .is_none_or(|r| now - r.created_at < EDIT_WINDOW_SECS);
    let rated = h.rating.is_some();
    let can_done = h.mine && state != HelpState::Done;
    let busy = move || step.pending().get();
    view! {
        <li class="row help-row" data-help=id data-state=state.as_str()>
            <div class="row-main">
                <strong>
                    {h.grid_name.clone()}" · "{move || s.t(urgency_msg(urgency))}
                    {h.skill.map(|k| view! { " · "{move || s.t(skill_msg(k))} })}
                </strong>
                <span>{h.text.clone()}</span>
                <span class="muted small">{when_words(h.created_at)}</span>
                {h.place.clone().map(|p| view! {
                    <span class="small">{move || s.t(AlarmsMsg::HelpPlace)}": "{p}</span>
                })}
                {(!h.mine).then(|| view! {
                    <span class="small">
                        {move || s.t(AlarmsMsg::HelpAsker)}": "{h.requester_name.clone()}
                        {h.requester_phone.clone().map(|p| view! { " "<a href=format!("tel:{p}")>{p.clone()}</a> })}
                    </span>
                })}
                {if h.helpers.is_empty() {
                    view! { <span class="muted small">{move || s.t(AlarmsMsg::HelpNobodyYet)}</span> }.into_any()
                } else {
                    view! {
                        <span class="small" data-testid="help-coming">
                            {move || s.t(if state == HelpState::Done { AlarmsMsg::HelpCame } else { AlarmsMsg::HelpComing })}": "
                            {h.helpers.into_iter().map(|p| view! {
                                <span class="al-person">
                                    {p.name.clone()}
                                    {p.phone.map(|ph| view! { " "<a href=format!("tel:{ph}")>{ph.clone()}</a> })}
                                </span>
                            }).collect_view()}
                        </span>
                    }.into_any()
                }}
                {h.done_at.map(|at| view! {
                    <span class="muted small">{move || s.t(AlarmsMsg::HelpDoneAt)}" "{when_words(at)}</span>
                })}
                {h.widen_at.filter(|_| h.mine && state == HelpState::Open).map(|at| view! {
                    <span class="muted small" data-testid="help-widens">{move || s.t(AlarmsMsg::HelpWidensAt)}" · "{when_words(at)}</span>
                })}
                {h.rating.as_ref().map(|r| view! { <div class="help-rating" data-testid="help-rating">{rating_view(r)}</div> })}
                {rate.then(|| view! {
                    <details class="help-rate" open=h.can_rate>
                        <summary>{move || s.t(if rated { AlarmsMsg::HelpChangeRating } else { AlarmsMsg::HelpRateIt })}</summary>
                        <RateForm subject=RatingSubject::Help id existing=h.rating.clone() saved=reload />
                    </details>
                })}
                {h.my_hours.map(|r| {
                    let (minutes, status) = (r.minutes, r.status);
                    view! {
                        <span class="small" data-testid="help-my-hours">
                            {move || s.t(AlarmsMsg::HelpHoursLogged)}": "{hours_text(minutes)}" "{move || s.t(Msg::SvHours)}
                            " · "{move || hours_status_text(s.lang.get(), status)}
                        </span>
                    }
                })}
                {h.can_log_hours.then(|| view! { <HoursForm id reload /> })}
                <details class="help-timeline">
                    <summary>{move || s.t(AlarmsMsg::AlTimeline)}</summary>
                    <ol class="al-timeline">{h.timeline.into_iter().map(timeline_line).collect_view()}</ol>
                </details>
                <div class="actions">
                    {h.can_answer.then(|| view! {
                        <button type="button" class="btn btn-primary btn-small" data-testid="help-answer"
                            disabled=busy on:click=move |_| { step.dispatch_local((id, false)); }>
                            {move || s.t(AlarmsMsg::HelpCanCome)}
                        </button>
                    })}
                    {can_done.then(|| view! {
                        <button type="button" class="btn btn-secondary btn-small" data-testid="help-done"
                            disabled=busy on:click=move |_| { step.dispatch_local((id, true)); }>
                            {move || s.t(AlarmsMsg::HelpConfirmDone)}
                        </button>
                    })}
                </div>
            </div>
            <div class="help-side">
                <span class="badge al-state" data-state=state.as_str()>{move || s.t(help_state_msg(state))}</span>
                {h.photo.map(|p| view! {
                    <a href=p.display_url.clone() target="_blank" data-testid="help-photo">
                        <img class="mini-thumb" src=p.thumb_url.clone() alt=move || s.t(AlarmsMsg::HelpPhotoAlt) width="64" height="64" />
                    </a>
                })}
            </div>
        </li>
    }
}
