//! 统计: pick a node and months, see the figures, the charts and the spreadsheets.

use crate::projects::hours_text;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::stats::{ExportKind, Figures, NodeStats};
use crate::api::{Node, Tree};
use crate::i18n::{t, Lang, Msg, StatsMsg};
use crate::stats::{month_index, month_name};
use crate::ui::api;
use crate::ui::components::status::{ErrorView, Loading};
use crate::ui::state::use_session;

use super::charts::{bar_chart, line_chart, share_chart, Series};

/// This month, `YYYY-MM`, local.
fn this_month() -> String {
    let (y, m, _) = crate::clock::local_date((js_sys::Date::now() / 1000.0) as i64);
    format!("{y:04}-{m:02}")
}

fn hours(minutes: i64) -> String {
    hours_text(minutes)
}

fn plain(n: i64) -> String {
    n.to_string()
}

#[component]
pub fn StatsPage() -> impl IntoView {
    let s = use_session();
    let to = RwSignal::new(this_month());
    let from = RwSignal::new(
        month_index(&to.get_untracked()).map_or_else(String::new, |i| month_name(i - 11)),
    );
    let node = RwSignal::new(0i64);
    let nodes = LocalResource::new(|| async {
        let mut all = api::nodes(Tree::Org).await?;
        all.extend(api::nodes(Tree::Territory).await?);
        Ok::<Vec<Node>, api::ApiError>(all)
    });
    // The first organisation root until another node is picked.
    Effect::new(move || {
        if node.get_untracked() == 0 {
            if let Some(Ok(list)) = nodes.get() {
                if let Some(root) = list.iter().find(|n| n.parent_id.is_none()) {
                    node.set(root.id);
                }
            }
        }
    });
    let figures = LocalResource::new(move || {
        let (id, from, to) = (node.get(), from.get(), to.get());
        async move {
            if id == 0 {
                return None;
            }
            Some(api::node_stats(id, &from, &to).await)
        }
    });
    view! {
        <section class="page stats">
            <h1>{move || s.t(Msg::StTitle)}</h1>
            <div class="stats-controls no-print">
                <div class="field">
                    <label for="st-node">{move || s.t(StatsMsg::StNode)}</label>
                    <select id="st-node" on:change=move |ev| {
                        if let Ok(id) = event_target_value(&ev).parse() { node.set(id) }
                    }>
                        {move || nodes.get().and_then(Result::ok).map(|list| {
                            list.into_iter().map(|n| {
                                let depth = n.path.matches('/').count().saturating_sub(2);
                                let label = format!("{}{}", "· ".repeat(depth), n.name);
                                view! { <option value=n.id selected=move || node.get() == n.id>{label}</option> }
                            }).collect_view()
                        })}
                    </select>
                </div>
                <div class="field">
                    <label for="st-from">{move || s.t(StatsMsg::StFrom)}</label>
                    <input id="st-from" type="month" prop:value=move || from.get()
                        on:change=move |ev| from.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="st-to">{move || s.t(StatsMsg::StTo)}</label>
                    <input id="st-to" type="month" prop:value=move || to.get()
                        on:change=move |ev| to.set(event_target_value(&ev)) />
                </div>
                <button class="btn btn-secondary" type="button" on:click=move |_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{move || s.t(StatsMsg::StPrint)}</button>
            </div>
            <Transition fallback=Loading>
                {move || figures.get().flatten().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(st) => view! { <StatsView st /> }.into_any(),
                })}
            </Transition>
            <Exports node />
        </section>
    }
}

fn figure_list(lang: Lang, f: &Figures) -> Vec<(StatsMsg, String)> {
    let rating = f.average_tenths().map_or_else(
        || t(lang, StatsMsg::StNoRating).to_string(),
        |a| format!("{}.{} ★", a / 10, a % 10),
    );
    vec![
        (StatsMsg::StOrganisations, f.organisations.to_string()),
        (StatsMsg::StTeams, f.teams.to_string()),
        (StatsMsg::StVolunteers, f.volunteers.to_string()),
        (StatsMsg::StActive, f.active_volunteers.to_string()),
        (StatsMsg::StProjects, f.projects.to_string()),
        (StatsMsg::StSessions, f.sessions.to_string()),
        (StatsMsg::StOrdersTaken, f.orders_taken.to_string()),
        (StatsMsg::StOrdersDone, f.orders_done.to_string()),
        (StatsMsg::StPeopleServed, f.people_served.to_string()),
        (StatsMsg::StServiceHours, hours(f.service_minutes)),
        (StatsMsg::StTrainingHours, hours(f.training_minutes)),
        (StatsMsg::StPointsIssued, f.points_issued.to_string()),
        (StatsMsg::StPointsSpent, f.points_spent.to_string()),
        (StatsMsg::StPointsDonated, f.points_donated.to_string()),
        (StatsMsg::StPointsOffset, f.points_offset.to_string()),
        (StatsMsg::StPointsExpired, f.points_expired.to_string()),
        (StatsMsg::StRedemptions, f.redemptions.to_string()),
        (StatsMsg::StAvgRating, rating),
    ]
}

#[component]
fn StatsView(st: NodeStats) -> impl IntoView {
    let s = use_session();
    move || {
        let lang = s.lang.get();
        let tr = |m| t(lang, m).to_string();
        let labels: Vec<String> = st.months.iter().map(|m| m.month.clone()).collect();
        let minutes: Vec<i64> = st
            .months
            .iter()
            .map(|m| m.figures.service_minutes)
            .collect();
        let issued = Series {
            name: tr(StatsMsg::StPointsIssued),
            values: st.months.iter().map(|m| m.figures.points_issued).collect(),
        };
        let spent = Series {
            name: tr(StatsMsg::StPointsSpent),
            values: st.months.iter().map(|m| m.figures.points_spent).collect(),
        };
        let parts: Vec<(String, i64)> = st
            .children
            .iter()
            .map(|c| (c.node.name.clone(), c.totals.service_minutes))
            .collect();
        let share = if parts.is_empty() {
            view! { <p class="state state-empty">{tr(StatsMsg::StNoChildren)}</p> }.into_any()
        } else {
            share_chart(
                "st-share",
                tr(StatsMsg::StShareByChild),
                tr(StatsMsg::StPart),
                tr(StatsMsg::StServiceHours),
                tr(StatsMsg::StShare),
                parts,
                hours,
            )
            .into_any()
        };
        view! {
            <h2 class="stats-node">{st.node.name.clone()}<span class="muted small">{format!(" · {} – {}", st.from, st.to)}</span></h2>
            <dl class="stats-figures">
                {figure_list(lang, &st.totals).into_iter().map(|(m, v)| view! {
                    <div><dt>{t(lang, m)}</dt><dd>{v}</dd></div>
                }).collect_view()}
            </dl>
            <div class="stats-charts">
                {bar_chart("st-hours", tr(StatsMsg::StHoursByMonth), tr(StatsMsg::StMonth), labels.clone(), minutes, hours)}
                {line_chart("st-points", tr(StatsMsg::StPointsByMonth), tr(StatsMsg::StMonth), labels, vec![issued, spent], plain)}
                {share}
            </div>
        }
    }
}

fn kind_label(k: ExportKind) -> StatsMsg {
    match k {
        ExportKind::Members => StatsMsg::StExMembers,
        ExportKind::Hours => StatsMsg::StExHours,
        ExportKind::Transfers => StatsMsg::StExTransfers,
        ExportKind::Orders => StatsMsg::StExOrders,
        ExportKind::Ratings => StatsMsg::StExRatings,
        ExportKind::StockEvents => StatsMsg::StExStock,
    }
}

/// Spreadsheets of the node's records, with the rows received shown as they stream.
#[component]
fn Exports(node: RwSignal<i64>) -> impl IntoView {
    let s = use_session();
    let kind = RwSignal::new(ExportKind::Members);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<usize>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<api::ApiError>);
    let download = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        done.set(false);
        error.set(None);
        rows.set(Some(0));
        let (k, id, f, t) = (
            kind.get_untracked(),
            node.get_untracked(),
            from.get_untracked(),
            to.get_untracked(),
        );
        spawn_local(async move {
            let out = api::download_export(k, id, &f, &t, move |n| rows.set(Some(n))).await;
            busy.set(false);
            match out {
                Ok(()) => done.set(true),
                Err(e) => {
                    rows.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="card stats-exports no-print" aria-labelledby="st-exports">
            <h2 id="st-exports">{move || s.t(StatsMsg::StExports)}</h2>
            <div class="stats-controls">
                <div class="field">
                    <label for="st-kind">{move || s.t(StatsMsg::StExportKind)}</label>
                    <select id="st-kind" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(k) = ExportKind::ALL.into_iter().find(|k| k.as_str() == v) { kind.set(k) }
                    }>
                        {ExportKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str()>{move || s.t(kind_label(k))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="st-from-day">{move || s.t(StatsMsg::StFromDay)}</label>
                    <input id="st-from-day" type="date" on:change=move |ev| from.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="st-to-day">{move || s.t(StatsMsg::StToDay)}</label>
                    <input id="st-to-day" type="date" on:change=move |ev| to.set(event_target_value(&ev)) />
                </div>
                <button class="btn btn-primary" type="button" disabled=move || busy.get() on:click=download>
                    {move || s.t(StatsMsg::StDownload)}
                </button>
            </div>
            <p class="stats-progress" role="status" aria-live="polite">
                {move || rows.get().map(|n| format!("{n} {}", s.t(StatsMsg::StRows)))}
                {move || done.get().then(|| format!(" · {}", s.t(StatsMsg::StExportDone)))}
            </p>
            {move || error.get().map(|e| view! { <ErrorView error=e /> })}
        </section>
    }
}
