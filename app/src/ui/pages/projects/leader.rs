//! 项目管理 for team leaders: my teams' projects in every state, and the project form —
//! create a draft with its first session (repeated weekly on chosen days until a date),
//! places, sign-up window, cancellation cutoff and the activity that prices the hours;
//! edit a draft or rejected project (and add sessions); then submit it for review.

use crate::clock;
use crate::projects;
use crate::projects::ProjectForm;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::projects::{AddSessions, Project, ProjectCategory, ProjectSummary, UpdateProject};
use crate::api::{NodeKind, Tree};
use crate::i18n::{project_category_text, project_status_text, Msg, ProjectsMsg};
use crate::ui::api;
use crate::ui::components::field::Field;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::form_state::FormState;
use crate::ui::pages::projects::board::{category_badge, BoardLinks};
use crate::ui::state::use_session;

#[component]
pub fn ManagePage() -> impl IntoView {
    view! { <SignedIn><Manage /></SignedIn> }
}

#[component]
fn Manage() -> impl IntoView {
    let s = use_session();
    let query = use_query_map();
    let edit =
        Memo::new(move |_| query.with(|q| q.get("edit").and_then(|v| v.parse::<i64>().ok())));
    let list = LocalResource::new(|| api::managed_projects(None));
    view! {
        <section class="page manage">
            <h1>{move || s.t(ProjectsMsg::PjManage)}</h1>
            <BoardLinks />
            <div class="admin-grid">
                <section class="card">
                    <h2>{move || s.t(ProjectsMsg::PjMyProjects)}</h2>
                    <Transition fallback=Loading>
                        {move || list.get().map(|r| match r {
                            Err(e) => view! { <ErrorView error=e /> }.into_any(),
                            Ok(l) if l.is_empty() => view! { <Empty msg=ProjectsMsg::PjNoProjects /> }.into_any(),
                            Ok(l) => view! { <ul class="row-list">{l.into_iter().map(managed_row).collect_view()}</ul> }.into_any(),
                        })}
                    </Transition>
                </section>
                {move || match edit.get() {
                    None => view! { <ProjectEditor existing=None /> }.into_any(),
                    Some(id) => {
                        let p = LocalResource::new(move || api::project(id));
                        view! {
                            <Transition fallback=Loading>
                                {move || p.get().map(|r| match r {
                                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                                    Ok(p) => view! { <ProjectEditor existing=Some(p) /> }.into_any(),
                                })}
                            </Transition>
                        }.into_any()
                    }
                }}
            </div>
        </section>
    }
}

fn managed_row(p: ProjectSummary) -> impl IntoView {
    let s = use_session();
    let st = p.status;
    view! {
        <li class="row">
            <A href=format!("/projects/{}", p.id) attr:class="row-main row-link">
                {category_badge(p.category)}
                <span>{p.title.clone()}</span>
                <span class="badge" data-status=st.as_str()>{move || project_status_text(s.lang.get(), st)}</span>
                {p.next_starts_at.map(|t| view! { <span class="muted small">{when_words(t)}</span> })}
            </A>
        </li>
    }
}

const FIELDS: &[&str] = &[
    "team_id",
    "title",
    "category",
    "description",
    "place",
    "activity",
    "skills",
    "starts_at",
    "ends_at",
    "capacity",
    "until",
    "weekdays",
    "signup_opens_at",
    "signup_closes_at",
    "cancel_cutoff_minutes",
    "sessions",
];

/// The project form: a new draft, or changes to a draft or rejected project.
#[component]
fn ProjectEditor(existing: Option<Project>) -> impl IntoView {
    let s = use_session();
    let navigate = use_navigate();
    let org = LocalResource::new(|| api::nodes(Tree::Org));
    let places = LocalResource::new(|| api::nodes(Tree::Territory));
    let rules = LocalResource::new(api::rules);
    let editing = existing.as_ref().map(|p| p.id);
    let e = existing.clone();
    let pick = |f: fn(&Project) -> String| e.as_ref().map(f).unwrap_or_default();
    let team = RwSignal::new(existing.as_ref().map(|p| p.team.node_id));
    let title = RwSignal::new(pick(|p| p.title.clone()));
    let category = RwSignal::new(existing.as_ref().map(|p| p.category));
    let description = RwSignal::new(pick(|p| p.description.clone()));
    let place = RwSignal::new(pick(|p| p.place.clone()));
    let territory = RwSignal::new(existing.as_ref().and_then(|p| p.territory_id));
    let activity = RwSignal::new(pick(|p| p.activity.clone()));
    let skills = RwSignal::new(pick(|p| p.skills.join("，")));
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let capacity = RwSignal::new(if editing.is_some() {
        String::new()
    } else {
        "10".to_string()
    });
    let weekdays = RwSignal::new(Vec::<u8>::new());
    let until = RwSignal::new(String::new());
    let opens = RwSignal::new(pick(|p| {
        p.signup_opens_at
            .map(clock::local_input)
            .unwrap_or_default()
    }));
    let closes = RwSignal::new(pick(|p| {
        p.signup_closes_at
            .map(clock::local_input)
            .unwrap_or_default()
    }));
    let cutoff = RwSignal::new(
        existing
            .as_ref()
            .map(|p| projects::hours_text(p.cancel_cutoff_minutes))
            .unwrap_or_else(|| "3".to_string()),
    );
    let form = FormState::new(FIELDS);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |req: &crate::api::projects::CreateProject| {
        let req = req.clone();
        let navigate = navigate.clone();
        async move {
            let r = match editing {
                None => api::create_project(req).await,
                Some(id) => {
                    let upd = UpdateProject {
                        title: Some(req.title.clone()),
                        category: Some(req.category),
                        description: Some(req.description.clone()),
                        place: Some(req.place.clone()),
                        territory_id: req.territory_id,
                        activity: Some(req.activity.clone()),
                        skills: Some(req.skills.clone()),
                        signup_opens_at: req.signup_opens_at,
                        signup_closes_at: req.signup_closes_at,
                        cancel_cutoff_minutes: req.cancel_cutoff_minutes,
                    };
                    match api::update_project(id, upd).await {
                        Ok(p) if req.sessions.is_empty() => Ok(p),
                        Ok(_) => {
                            api::add_sessions(
                                id,
                                AddSessions {
                                    sessions: req.sessions.clone(),
                                    repeat: req.repeat.clone(),
                                },
                            )
                            .await
                        }
                        Err(e) => Err(e),
                    }
                }
            };
            match r {
                Ok(p) => {
                    saved.set(true);
                    navigate(&format!("/projects/{}", p.id), Default::default());
                }
                Err(e) => form.server_error(e),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let f = ProjectForm {
            team_id: team.get_untracked(),
            title: title.get_untracked(),
            category: category.get_untracked(),
            description: description.get_untracked(),
            place: place.get_untracked(),
            territory_id: territory.get_untracked(),
            activity: activity.get_untracked(),
            skills: skills.get_untracked(),
            starts: starts.get_untracked(),
            ends: ends.get_untracked(),
            capacity: capacity.get_untracked(),
            weekdays: weekdays.get_untracked(),
            until: until.get_untracked(),
            opens: opens.get_untracked(),
            closes: closes.get_untracked(),
            cutoff_hours: cutoff.get_untracked(),
        };
        let now = (js_sys::Date::now() / 1000.0) as i64;
        // Editing: a session is only added when its start is filled in.
        let adds_session = editing.is_none() || !f.starts.trim().is_empty();
        let checked = if adds_session {
            projects::check_project(&f, now)
        } else {
            let probe = ProjectForm {
                starts: clock::local_input(now + 2 * clock::DAY),
                ends: clock::local_input(now + 2 * clock::DAY + 3600),
                capacity: "1".into(),
                weekdays: Vec::new(),
                ..f
            };
            projects::check_project(&probe, now).map(|mut r| {
                r.sessions.clear();
                r.repeat = None;
                r
            })
        };
        match checked {
            Ok(req) => {
                save.dispatch_local(req);
            }
            Err(p) => form.problems.set(p),
        }
    };
    let team_problem = form.field("team_id");
    let category_problem = form.field("category");
    let activity_problem = form.field("activity");
    let weekday_names = [
        Msg::PjMon,
        Msg::PjTue,
        Msg::PjWed,
        Msg::PjThu,
        Msg::PjFri,
        Msg::PjSat,
        Msg::PjSun,
    ];
    view! {
        <form class="card form project-form" on:submit=on_submit novalidate>
            <h2>{move || if editing.is_some() { s.t(ProjectsMsg::PjEdit) } else { s.t(ProjectsMsg::PjNewProject) }}</h2>
            <div class="field">
                <label for="pj-team">{move || s.t(ProjectsMsg::PjTeam)}</label>
                <select id="pj-team" disabled=editing.is_some() on:change=move |ev| team.set(event_target_value(&ev).parse().ok())>
                    <option value="">"—"</option>
                    {move || {
                        let nodes = org.get().and_then(|r| r.ok()).unwrap_or_default();
                        let teams = s.me.with(|m| m.as_ref().map(|p| projects::leader_teams(p, &nodes)).unwrap_or_default());
                        if team.get_untracked().is_none() && teams.len() == 1 {
                            team.set(Some(teams[0].0));
                        }
                        teams.into_iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=move || team.get() == Some(id)>{name}</option>
                        }).collect_view()
                    }}
                </select>
                {move || team_problem.get().map(|p| view! { <p class="field-error">{p}</p> })}
            </div>
            <Field id="pj-title" label=Msg::PjTitle value=title problem=form.field("title") />
            <div class="field">
                <label for="pj-category">{move || s.t(Msg::FieldCategory)}</label>
                <select id="pj-category" on:change=move |ev| category.set(ProjectCategory::parse(&event_target_value(&ev)))>
                    <option value="">"—"</option>
                    {ProjectCategory::ALL.into_iter().map(|c| view! {
                        <option value=c.as_str() selected=move || category.get() == Some(c)>{move || project_category_text(s.lang.get(), c)}</option>
                    }).collect_view()}
                </select>
                {move || category_problem.get().map(|p| view! { <p class="field-error">{p}</p> })}
            </div>
            <div class="field">
                <label for="pj-activity">{move || s.t(ProjectsMsg::PjPointsRule)}</label>
                <select id="pj-activity" on:change=move |ev| activity.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {move || rules.get().and_then(|r| r.ok()).map(|r| r.rules.activities).unwrap_or_default().into_iter().map(|a| {
                        let code = a.code.clone();
                        let c2 = a.code.clone();
                        view! {
                            <option value=code selected=move || activity.with(|x| *x == c2)>
                                {format!("{} · {}/h", a.name, a.points_per_hour)}
                            </option>
                        }
                    }).collect_view()}
                </select>
                {move || activity_problem.get().map(|p| view! { <p class="field-error">{p}</p> })}
            </div>
            <Field id="pj-place" label=Msg::PjPlace value=place problem=form.field("place") />
            <div class="field">
                <label for="pj-territory">{move || s.t(ProjectsMsg::PjNearMe)}</label>
                <select id="pj-territory" on:change=move |ev| territory.set(event_target_value(&ev).parse().ok())>
                    <option value="">"—"</option>
                    {move || places.get().and_then(|r| r.ok()).unwrap_or_default().into_iter()
                        .filter(|n| matches!(n.kind, NodeKind::Community | NodeKind::Grid))
                        .map(|n| { let id = n.id; view! { <option value=id.to_string() selected=move || territory.get() == Some(id)>{n.name}</option> } })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="pj-description">{move || s.t(ProjectsMsg::PjDescription)}</label>
                <textarea id="pj-description" rows="3" bind:value=description></textarea>
            </div>
            <Field id="pj-skills" label=Msg::PjSkills value=skills hint=ProjectsMsg::PjSkillsHint problem=form.field("skills") />
            <fieldset class="session-fields">
                <legend>{move || if editing.is_some() { s.t(ProjectsMsg::PjAddSession) } else { s.t(ProjectsMsg::PjFirstSession) }}</legend>
                <div class="grid-2">
                    <Field id="pj-starts" label=Msg::PjStarts value=starts kind="datetime-local" problem=form.field("starts_at") />
                    <Field id="pj-ends" label=ProjectsMsg::PjEnds value=ends kind="datetime-local" problem=form.field("ends_at") />
                </div>
                <Field id="pj-capacity" label=ProjectsMsg::PjCapacity value=capacity inputmode="numeric" problem=form.field("capacity") />
                <p class="field-label">{move || s.t(ProjectsMsg::PjRepeatWeekly)}</p>
                <div class="weekday-picks">
                    {(1u8..=7).map(|d| view! {
                        <label class="check weekday">
                            <input type="checkbox" prop:checked=move || weekdays.with(|w| w.contains(&d))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    weekdays.update(|w| { w.retain(|x| *x != d); if on { w.push(d); w.sort(); } });
                                } />
                            <span>{move || s.t(weekday_names[usize::from(d) - 1])}</span>
                        </label>
                    }).collect_view()}
                </div>
                <Show when=move || weekdays.with(|w| !w.is_empty())>
                    <Field id="pj-until" label=Msg::PjUntil value=until kind="date" problem=form.field("until") />
                </Show>
            </fieldset>
            <div class="grid-2">
                <Field id="pj-opens" label=Msg::PjOpens value=opens kind="datetime-local" hint=ProjectsMsg::PjOptional problem=form.field("signup_opens_at") />
                <Field id="pj-closes" label=Msg::PjCloses value=closes kind="datetime-local" hint=ProjectsMsg::PjOptional problem=form.field("signup_closes_at") />
            </div>
            <Field id="pj-cutoff" label=ProjectsMsg::PjCutoffField value=cutoff inputmode="decimal" problem=form.field("cancel_cutoff_minutes") />
            <FormError message=form.general() />
            {move || saved.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(Msg::Saved)}</p> })}
            <button class="btn btn-primary btn-block" type="submit" disabled=move || save.pending().get()>
                {move || if save.pending().get() { s.t(Msg::Working) } else { s.t(ProjectsMsg::PjSaveDraft) }}
            </button>
        </form>
    }
}
