//! 项目 (the project board): published projects as a list or a week or month calendar,
//! filtered by category, date, place (community or grid) and places left; links to my
//! sign-ups and record, and for leaders and reviewers to their pages.

use crate::clock;
use crate::clock::DAY;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::projects::{BoardQuery, Project, ProjectCategory, ProjectSummary};
use crate::api::{NodeKind, Tree};
use crate::i18n::{project_category_text, Msg, ProjectsMsg};
use crate::nav::has_role;
use crate::roles::Role;
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

#[component]
pub fn ProjectsPage() -> impl IntoView {
    view! { <SignedIn><Board /></SignedIn> }
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The category badge; trainings (培训) get their own colour.
pub fn category_badge(c: ProjectCategory) -> impl IntoView {
    let s = use_session();
    view! {
        <span class="badge badge-cat" class:badge-training=c.is_training() data-category=c.as_str()>
            {move || project_category_text(s.lang.get(), c)}
        </span>
    }
}

/// The links every board page starts with.
#[component]
pub fn BoardLinks() -> impl IntoView {
    let s = use_session();
    let leader = move || s.me.with(|m| has_role(m.as_ref(), Role::TeamLeader));
    let reviewer = move || s.me.with(|m| has_role(m.as_ref(), Role::Reviewer));
    view! {
        <nav class="board-links" aria-label=move || s.t(Msg::NavProjects)>
            <A href="/projects" exact=true attr:class="board-link">{move || s.t(ProjectsMsg::PjBoard)}</A>
            <A href="/projects/mine" attr:class="board-link">{move || s.t(ProjectsMsg::PjMySignups)}</A>
            <A href="/projects/record" attr:class="board-link">{move || s.t(ProjectsMsg::PjMyRecord)}</A>
            <a href="/trainings" class="board-link">{move || s.t(Msg::TrNav)}</a>
            <Show when=leader>
                <A href="/projects/manage" attr:class="board-link">{move || s.t(ProjectsMsg::PjManage)}</A>
            </Show>
            <Show when=reviewer>
                <A href="/review" attr:class="board-link">{move || s.t(Msg::PjReview)}</A>
            </Show>
        </nav>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    List,
    Week,
    Month,
}

#[component]
fn Board() -> impl IntoView {
    let s = use_session();
    let category = RwSignal::new(None::<ProjectCategory>);
    let date = RwSignal::new(String::new());
    let territory = RwSignal::new(None::<i64>);
    let has_places = RwSignal::new(false);
    let view_kind = RwSignal::new(View::List);
    // The calendar's anchor: a moment inside the week or month shown.
    let anchor = RwSignal::new(now_secs());
    let places = LocalResource::new(|| api::nodes(Tree::Territory));
    let range = Memo::new(move |_| match view_kind.get() {
        View::List => clock::parse_date(&date.get()).map(|d| (d, d + DAY)),
        View::Week => {
            let w = clock::week_start(anchor.get());
            Some((w, w + 7 * DAY))
        }
        View::Month => {
            let a = anchor.get();
            Some((clock::month_start(a), clock::next_month(a)))
        }
    });
    let list = LocalResource::new(move || {
        let q = BoardQuery {
            category: category.get(),
            from: range.get().map(|r| r.0),
            to: range.get().map(|r| r.1),
            territory_id: territory.get(),
            has_places: has_places.get().then_some(true),
            team_id: None,
        };
        let calendar = view_kind.get() != View::List;
        async move {
            let list = api::board(&q).await?;
            // The calendar places every session, so it needs each project's sessions.
            let mut details = Vec::new();
            if calendar {
                for p in &list {
                    details.push(api::project(p.id).await?);
                }
            }
            Ok::<_, api::ApiError>((list, details))
        }
    });
    view! {
        <section class="page projects">
            <h1>{move || s.t(Msg::NavProjects)}</h1>
            <BoardLinks />
            <div class="card board-filters">
                <div class="filter-bar">
                    <label for="board-category">{move || s.t(Msg::FieldCategory)}</label>
                    <select id="board-category" on:change=move |ev| category.set(ProjectCategory::parse(&event_target_value(&ev)))>
                        <option value="">{move || s.t(Msg::FilterAll)}</option>
                        {ProjectCategory::ALL.into_iter().map(|c| view! {
                            <option value=c.as_str() selected=move || category.get() == Some(c)>{move || project_category_text(s.lang.get(), c)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="filter-bar">
                    <label for="board-near">{move || s.t(ProjectsMsg::PjNearMe)}</label>
                    <select id="board-near" on:change=move |ev| territory.set(event_target_value(&ev).parse().ok())>
                        <option value="">{move || s.t(ProjectsMsg::PjAnywhere)}</option>
                        {move || places.get().and_then(|r| r.ok()).unwrap_or_default().into_iter()
                            .filter(|n| matches!(n.kind, NodeKind::Community | NodeKind::Grid | NodeKind::Street))
                            .map(|n| view! { <option value=n.id.to_string()>{n.name}</option> })
                            .collect_view()}
                    </select>
                </div>
                <Show when=move || view_kind.get() == View::List>
                    <div class="filter-bar">
                        <label for="board-date">{move || s.t(ProjectsMsg::PjDate)}</label>
                        <input id="board-date" type="date" bind:value=date />
                    </div>
                </Show>
                <label class="check">
                    <input type="checkbox" prop:checked=move || has_places.get()
                        on:change=move |ev| has_places.set(event_target_checked(&ev)) />
                    <span>{move || s.t(ProjectsMsg::PjHasPlaces)}</span>
                </label>
            </div>
            <div class="segmented" role="group" aria-label=move || s.t(ProjectsMsg::PjViewLabel)>
                {[(View::List, ProjectsMsg::PjList), (View::Week, ProjectsMsg::PjWeek), (View::Month, ProjectsMsg::PjMonth)].into_iter().map(|(v, m)| view! {
                    <button type="button" aria-pressed=move || (view_kind.get() == v).to_string()
                        on:click=move |_| view_kind.set(v)>{move || s.t(m)}</button>
                }).collect_view()}
            </div>
            <Show when=move || view_kind.get() != View::List>
                <div class="cal-nav">
                    <button type="button" class="btn btn-small btn-secondary" on:click=move |_| anchor.update(|a| {
                        *a = if view_kind.get_untracked() == View::Week { *a - 7 * DAY } else { clock::prev_month(*a) };
                    })>"‹ "{move || s.t(ProjectsMsg::PjPrev)}</button>
                    <strong class="cal-title">{move || range.get().map(|(a, b)| format!("{} – {}", clock::short_date(a), clock::short_date(b - 1))).unwrap_or_default()}</strong>
                    <button type="button" class="btn btn-small btn-secondary" on:click=move |_| anchor.update(|a| {
                        *a = if view_kind.get_untracked() == View::Week { *a + 7 * DAY } else { clock::next_month(*a) };
                    })>{move || s.t(ProjectsMsg::PjLater)}" ›"</button>
                </div>
            </Show>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
                    Ok((l, details)) => match view_kind.get_untracked() {
                        View::List if l.is_empty() => view! { <Empty msg=ProjectsMsg::PjNoProjects /> }.into_any(),
                        View::List => view! {
                            <ul class="project-list">{l.into_iter().map(project_card).collect_view()}</ul>
                        }.into_any(),
                        v => {
                            let (from, to) = range.get_untracked().unwrap_or((0, 0));
                            calendar(v == View::Week, from, to, details).into_any()
                        }
                    },
                })}
            </Transition>
        </section>
    }
}

fn project_card(p: ProjectSummary) -> impl IntoView {
    let s = use_session();
    let full = p.places_left == 0;
    view! {
        <li class="card project-card" data-project=p.id>
            <A href=format!("/projects/{}", p.id) attr:class="project-link">
                <div class="project-head">
                    {category_badge(p.category)}
                    <h2 class="project-title">{p.title.clone()}</h2>
                </div>
                <p class="muted small">{p.team.name.clone()}" · "{p.place.clone()}</p>
                <p class="project-meta">
                    {p.next_starts_at.map(|t| view! { <span>{move || s.t(ProjectsMsg::PjNext)}{move || s.t(Msg::Colon)}{when_words(t)}</span> })}
                    <span class="places" class:places-full=full data-testid="places-left">
                        {move || if full { s.t(Msg::PjFull).to_string() } else { format!("{} {}", s.t(Msg::PjPlacesLeft), p.places_left) }}
                    </span>
                </p>
            </A>
        </li>
    }
}

/// The week (seven columns) or month (whole weeks) with each session on its day.
fn calendar(week: bool, from: i64, to: i64, details: Vec<Project>) -> impl IntoView {
    let s = use_session();
    let days: Vec<i64> = if week {
        (0..7).map(|i| from + i * DAY).collect()
    } else {
        clock::month_grid(from)
    };
    let mut sessions: Vec<(i64, i64, String, ProjectCategory, i64)> = details
        .iter()
        .flat_map(|p| {
            p.sessions
                .iter()
                .filter(|x| x.starts_at >= from && x.starts_at < to)
                .map(|x| {
                    (
                        x.starts_at,
                        p.id,
                        p.title.clone(),
                        p.category,
                        x.places_left,
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    sessions.sort_by_key(|x| (x.0, x.1));
    let today = clock::day_start(now_secs());
    let weekdays = [
        Msg::PjMon,
        Msg::PjTue,
        Msg::PjWed,
        Msg::PjThu,
        Msg::PjFri,
        Msg::PjSat,
        Msg::PjSun,
    ];
    view! {
        <div class="calendar" class:calendar-week=week class:calendar-month=!week>
            <div class="cal-head" aria-hidden="true">
                {weekdays.into_iter().map(|m| view! { <span>{move || s.t(m)}</span> }).collect_view()}
            </div>
            <ol class="cal-grid">
                {days.into_iter().map(|d| {
                    let todays: Vec<_> = sessions.iter().filter(|x| clock::day_start(x.0) == d).cloned().collect();
                    let outside = d < from || d >= to;
                    let busy = !todays.is_empty();
                    let (_, _, dd) = clock::local_date(d);
                    let wd = crate::projects::weekday(d) as usize;
                    view! {
                        <li class="cal-day" class:cal-outside=outside class:cal-today=d == today class:cal-busy=busy>
                            <span class="cal-date">
                                <span class="cal-wd">{move || s.t(weekdays[wd - 1])}" "</span>{clock::short_date(d)}
                                <span class="cal-dd">{dd}</span>
                            </span>
                            <ul>
                                {todays.into_iter().map(|(t, id, title, c, left)| view! {
                                    <li>
                                        <A href=format!("/projects/{id}") attr:class=if c.is_training() { "cal-item cal-training" } else { "cal-item" }>
                                            <span class="cal-time">{clock::time_text(t)}</span>
                                            <span class="cal-name">{title}</span>
                                            {(left == 0).then(|| view! { <span class="cal-full">{move || s.t(Msg::PjFull)}</span> })}
                                        </A>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </div>
    }
}
