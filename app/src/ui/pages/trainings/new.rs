//! The course form for team leaders: the organising team, title, topics, trainer, place,
//! places, one line per session (a date and two times) and how many sessions complete it.

use crate::projects;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::Tree;
use crate::clock;
use crate::i18n::{Msg, TrainingsMsg};
use crate::trainings::{check_training, TrainingForm};
use crate::ui::api;
use crate::ui::components::field::Field;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::FormError;
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;

use super::TrainingLinks;

const FIELDS: &[&str] = &[
    "node_id",
    "title",
    "topics",
    "trainer",
    "place",
    "capacity",
    "sessions",
    "starts_at",
    "ends_at",
    "sessions_required",
];

#[component]
pub fn NewTrainingPage() -> impl IntoView {
    view! { <SignedIn><NewTraining /></SignedIn> }
}

/// A session line of the form: day, start, end.
#[derive(Clone, Copy)]
struct Line {
    key: usize,
    day: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
}

impl Line {
    fn new(key: usize, day: String) -> Self {
        Self {
            key,
            day: RwSignal::new(day),
            from: RwSignal::new("09:00".into()),
            to: RwSignal::new("11:30".into()),
        }
    }
}

#[component]
fn NewTraining() -> impl IntoView {
    let s = use_session();
    let navigate = use_navigate();
    let org = LocalResource::new(|| api::nodes(Tree::Org));
    let node = RwSignal::new(None::<i64>);
    let title = RwSignal::new(String::new());
    let topics = RwSignal::new(String::new());
    let trainer = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let capacity = RwSignal::new("20".to_string());
    let required = RwSignal::new(String::new());
    let now = (js_sys::Date::now() / 1000.0) as i64;
    // The first line proposes a week from today; each added line the day after the last.
    let next_day = move |after: i64| clock::day_key(after + clock::DAY);
    let lines = RwSignal::new(vec![Line::new(0, next_day(now + 6 * clock::DAY))]);
    let form = FormState::new(FIELDS);
    let save = Action::new_local(move |req: &crate::api::trainings::CreateTraining| {
        let req = req.clone();
        let navigate = navigate.clone();
        async move {
            match api::create_training(req).await {
                Ok(t) => navigate(&format!("/trainings/{}", t.id), Default::default()),
                Err(e) => form.server_error(e),
            }
        }
    });
    let add = move |_| {
        lines.update(|l| {
            let last = l
                .last()
                .and_then(|x| clock::parse_date(&x.day.get_untracked()))
                .unwrap_or(now);
            let key = l.iter().map(|x| x.key).max().unwrap_or(0) + 1;
            l.push(Line::new(key, next_day(last)));
        })
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let f = TrainingForm {
            node_id: node.get_untracked(),
            title: title.get_untracked(),
            topics: topics.get_untracked(),
            trainer: trainer.get_untracked(),
            place: place.get_untracked(),
            capacity: capacity.get_untracked(),
            sessions: lines.with_untracked(|l| {
                l.iter()
                    .map(|x| {
                        (
                            x.day.get_untracked(),
                            x.from.get_untracked(),
                            x.to.get_untracked(),
                        )
                    })
                    .collect()
            }),
            sessions_required: required.get_untracked(),
        };
        match check_training(&f, (js_sys::Date::now() / 1000.0) as i64) {
            Ok(req) => {
                save.dispatch_local(req);
            }
            Err(p) => form.problems.set(p),
        }
    };
    let node_problem = form.field("node_id");
    let session_problem = Signal::derive(move || {
        ["sessions", "starts_at", "ends_at"]
            .into_iter()
            .find_map(|f| form.field(f).get())
    });
    view! {
        <section class="page training-new">
            <h1>{move || s.t(TrainingsMsg::TrNewCourse)}</h1>
            <TrainingLinks />
            <form class="card form training-form" on:submit=on_submit novalidate>
                <div class="field">
                    <label for="tr-node">{move || s.t(TrainingsMsg::TrOrganiser)}</label>
                    <select id="tr-node" on:change=move |ev| node.set(event_target_value(&ev).parse().ok())>
                        <option value="">"—"</option>
                        {move || {
                            let nodes = org.get().and_then(|r| r.ok()).unwrap_or_default();
                            let teams = s.me.with(|m| m.as_ref().map(|p| projects::leader_teams(p, &nodes)).unwrap_or_default());
                            if node.get_untracked().is_none() && teams.len() == 1 {
                                node.set(Some(teams[0].0));
                            }
                            teams.into_iter().map(|(id, name)| view! {
                                <option value=id.to_string() selected=move || node.get() == Some(id)>{name}</option>
                            }).collect_view()
                        }}
                    </select>
                    {move || node_problem.get().map(|p| view! { <p class="field-error">{p}</p> })}
                </div>
                <Field id="tr-title" label=Msg::PjTitle value=title problem=form.field("title") />
                <Field id="tr-topics" label=Msg::TrTopics value=topics hint=TrainingsMsg::TrTopicsHint problem=form.field("topics") />
                <Field id="tr-trainer" label=Msg::TrTrainer value=trainer problem=form.field("trainer") />
                <Field id="tr-place" label=Msg::PjPlace value=place problem=form.field("place") />
                <Field id="tr-capacity" label=Msg::TrCapacity value=capacity inputmode="numeric" problem=form.field("capacity") />
                <fieldset class="session-fields">
                    <legend>{move || s.t(Msg::PjSessions)}</legend>
                    <For each=move || lines.get() key=|x| x.key let:x>
                        <div class="tr-session-line" data-testid="session-line">
                            <div class="field">
                                <label for=format!("tr-day-{}", x.key)>{move || s.t(Msg::FieldDate)}</label>
                                <input id=format!("tr-day-{}", x.key) type="date" bind:value=x.day />
                            </div>
                            <div class="field">
                                <label for=format!("tr-from-{}", x.key)>{move || s.t(Msg::PjStarts)}</label>
                                <input id=format!("tr-from-{}", x.key) type="time" bind:value=x.from />
                            </div>
                            <div class="field">
                                <label for=format!("tr-to-{}", x.key)>{move || s.t(Msg::TrEnds)}</label>
                                <input id=format!("tr-to-{}", x.key) type="time" bind:value=x.to />
                            </div>
                            <Show when=move || lines.with(|l| l.len() > 1)>
                                <button type="button" class="btn btn-small btn-danger-outline"
                                    on:click=move |_| lines.update(|l| l.retain(|y| y.key != x.key))>
                                    {move || s.t(TrainingsMsg::TrRemoveSession)}
                                </button>
                            </Show>
                        </div>
                    </For>
                    {move || session_problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                    <button type="button" class="btn btn-small btn-secondary" on:click=add>{move || s.t(TrainingsMsg::TrAddSession)}</button>
                </fieldset>
                <Field id="tr-required" label=Msg::TrSessionsRequired value=required inputmode="numeric" hint=TrainingsMsg::TrRequiredHint problem=form.field("sessions_required") />
                <FormError message=form.general() />
                <button class="btn btn-primary btn-block" type="submit" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { s.t(Msg::Working) } else { s.t(TrainingsMsg::TrPublish) }}
                </button>
            </form>
        </section>
    }
}
