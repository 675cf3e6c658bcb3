//! 审核 for reviewers: projects waiting for approval, and hour records waiting for a
//! decision — ticked one by one or all at once, approved (each earns its points once) or
//! rejected with a reason.

use crate::projects;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::projects::{HourRecord, HoursDecision, ProjectStatus, ProjectSummary};
use crate::i18n::{problem_text, Msg, ProjectsMsg};
use crate::ui::api::{self, ProjectMove};
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::projects::board::{category_badge, BoardLinks};
use crate::ui::state::use_session;

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! { <SignedIn><Review /></SignedIn> }
}

#[component]
fn Review() -> impl IntoView {
    let s = use_session();
    let projects = LocalResource::new(|| api::managed_projects(Some(ProjectStatus::Submitted)));
    let hours = LocalResource::new(|| api::review_hours(None));
    // Outside the reloading list, so the answer stays after the list reloads.
    let done = RwSignal::new(None::<usize>);
    view! {
        <section class="page review">
            <h1>{move || s.t(Msg::PjReview)}</h1>
            <BoardLinks />
            <section class="card" aria-labelledby="review-projects">
                <h2 id="review-projects">{move || s.t(Msg::PjProjectsToReview)}</h2>
                <Transition fallback=Loading>
                    {move || projects.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <Empty msg=ProjectsMsg::PjNothingToReview /> }.into_any(),
                        Ok(l) => view! {
                            <ul class="row-list">{l.into_iter().map(|p| project_row(p, Callback::new(move |_| projects.refetch()))).collect_view()}</ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
            <section class="card" aria-labelledby="review-hours">
                <h2 id="review-hours">{move || s.t(Msg::PjHoursToReview)}</h2>
                <Transition fallback=Loading>
                    {move || hours.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <Empty msg=ProjectsMsg::PjNothingToReview /> }.into_any(),
                        Ok(l) => view! { <HoursReview records=l done=done reload=Callback::new(move |_| hours.refetch()) /> }.into_any(),
                    })}
                </Transition>
                {move || done.get().map(|n| view! { <p class="form-ok" role="status">{move || s.t(ProjectsMsg::PjDecided)}" "{n}</p> })}
            </section>
        </section>
    }
}

fn project_row(p: ProjectSummary, changed: Callback<()>) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let id = p.id;
    let approve = Action::new_local(move |_: &()| async move {
        match api::move_project(id, ProjectMove::Approve).await {
            Ok(_) => changed.run(()),
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    view! {
        <li class="row review-project" data-project=p.id>
            <div class="row-main">
                {category_badge(p.category)}
                <A href=format!("/projects/{}", p.id)>{p.title.clone()}</A>
                <span class="muted small">{p.team.name.clone()}</span>
                {p.next_starts_at.map(|t| view! { <span class="muted small">{when_words(t)}</span> })}
                <FormError message=error />
            </div>
            <button type="button" class="btn btn-small btn-primary" disabled=move || approve.pending().get()
                on:click=move |_| { approve.dispatch_local(()); }>{move || s.t(ProjectsMsg::PjApprove)}</button>
        </li>
    }
}

#[component]
fn HoursReview(
    records: Vec<HourRecord>,
    done: RwSignal<Option<usize>>,
    reload: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let all: Vec<i64> = records.iter().map(|r| r.id).collect();
    let picked = RwSignal::new(Vec::<i64>::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let decide = Action::new_local(move |d: &HoursDecision| {
        let d = d.clone();
        async move {
            match api::decide_hours(d).await {
                Ok(list) => {
                    done.set(Some(list.len()));
                    picked.set(Vec::new());
                    reload.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let all_for_toggle = all.clone();
    let go = move |approve: bool| {
        error.set(None);
        done.set(None);
        let ids = picked.get_untracked();
        if ids.is_empty() {
            error.set(Some(s.t(ProjectsMsg::PjPickRecords).to_string()));
            return;
        }
        let reason = if approve {
            None
        } else {
            match crate::validate::reason(&reason.get_untracked()) {
                Ok(r) => Some(r),
                Err(p) => {
                    error.set(Some(problem_text(s.lang.get_untracked(), &p)));
                    return;
                }
            }
        };
        decide.dispatch_local(HoursDecision {
            ids,
            approve,
            reason,
        });
    };
    let n = all.len();
    view! {
        <label class="check select-all">
            <input type="checkbox" prop:checked=move || picked.with(|p| p.len() == n)
                on:change=move |ev| picked.set(if event_target_checked(&ev) { all_for_toggle.clone() } else { Vec::new() }) />
            <span>{move || s.t(ProjectsMsg::PjSelectAll)}" ("{n}")"</span>
        </label>
        <ul class="row-list hours-review">
            {records.into_iter().map(|r| {
                let id = r.id;
                view! {
                    <li class="row" data-record=id>
                        <label class="check row-main">
                            <input type="checkbox" prop:checked=move || picked.with(|p| p.contains(&id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    picked.update(|p| { p.retain(|x| *x != id); if on { p.push(id); } });
                                } />
                            <span>
                                <strong>{r.user_name.clone()}</strong>" · "{r.project_title.clone()}
                                <span class="muted small">" "{when_words(r.starts_at)}</span>
                                <br />
                                <span class="small">{move || s.t(ProjectsMsg::PjHours)}" "<strong>{projects::hours_text(r.minutes)}</strong></span>
                                {(r.minutes != r.computed_minutes).then(|| view! {
                                    <span class="muted small">" ("{move || s.t(ProjectsMsg::PjComputed)}" "{projects::hours_text(r.computed_minutes)}
                                        {r.edit_reason.clone().map(|x| format!(" · {x}"))}")"</span>
                                })}
                                {r.training.then(|| view! { " "<span class="badge badge-training">{move || s.t(ProjectsMsg::PjTraining)}</span> })}
                            </span>
                        </label>
                    </li>
                }
            }).collect_view()}
        </ul>
        <div class="decide-bar">
            <button type="button" class="btn btn-primary" disabled=move || decide.pending().get()
                on:click=move |_| go(true)>{move || s.t(ProjectsMsg::PjApproveSelected)}</button>
            <div class="inline-form">
                <label for="hours-reject-reason" class="sr-only">{move || s.t(Msg::RejectReason)}</label>
                <input id="hours-reject-reason" type="text" bind:value=reason placeholder=move || s.t(Msg::RejectReason) />
                <button type="button" class="btn btn-danger" disabled=move || decide.pending().get()
                    on:click=move |_| go(false)>{move || s.t(ProjectsMsg::PjRejectSelected)}</button>
            </div>
        </div>
        <FormError message=error />
    }
}
