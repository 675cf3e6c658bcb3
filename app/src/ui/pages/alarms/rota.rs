//! The patrol rota (巡逻排班): a community's coverage board for a week, grid by grid, day
//! by day, morning, evening and gate duty, each cell saying in colour and in words
//! whether it is filled, short or empty. Tapping a cell opens it below the table: a
//! patrol volunteer signs up or withdraws there, the grid's arrangers add the shift or a
//! volunteer to it.

use crate::cards;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::alarms::{Coverage, Rota, RotaCell, RotaGrid, ShiftKind};
use crate::api::projects::{AttendanceAction, AttendanceRequest};
use crate::api::{NodeKind, Tree};
use crate::clock::{day_key, time_text, DAY};
use crate::i18n::{problem_text, AlarmsMsg, Msg};
use crate::ui::api::{self, ApiResult};
use crate::ui::components::guard::SignedIn;
use crate::ui::components::scanner::ScanField;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::state::use_session;
use crate::when;

pub fn kind_msg(kind: ShiftKind) -> AlarmsMsg {
    match kind {
        ShiftKind::Morning => AlarmsMsg::ShiftMorning,
        ShiftKind::Evening => AlarmsMsg::ShiftEvening,
        ShiftKind::Gate => AlarmsMsg::ShiftGate,
    }
}

fn coverage_msg(c: Coverage, has_shift: bool) -> AlarmsMsg {
    match (c, has_shift) {
        (_, false) => AlarmsMsg::RotaNoShift,
        (Coverage::Filled, _) => AlarmsMsg::CovFilled,
        (Coverage::Short, _) => AlarmsMsg::CovShort,
        (Coverage::Empty, _) => AlarmsMsg::CovEmpty,
    }
}

/// The cell chosen: (grid, day, kind).
type Chosen = Option<(i64, i64, ShiftKind)>;

#[component]
pub fn RotaPage() -> impl IntoView {
    let s = use_session();
    let communities = LocalResource::new(|| async {
        let nodes = api::nodes(Tree::Territory).await?;
        let with_grids = |c: &crate::api::Node| {
            nodes
                .iter()
                .any(|n| n.kind == NodeKind::Grid && n.parent_id == Some(c.id))
        };
        Ok::<_, api::ApiError>(
            nodes
                .iter()
                .filter(|n| n.kind == NodeKind::Community && with_grids(n))
                .map(|n| (n.id, n.name.clone()))
                .collect::<Vec<_>>(),
        )
    });
    let community = RwSignal::new(None::<i64>);
    let from = RwSignal::new(None::<String>);
    // Kept across reloads, so the chosen cell shows what an action made of it.
    let chosen = RwSignal::new(None::<(i64, i64, ShiftKind)>);
    let rota = LocalResource::new(move || {
        let chosen = community.get();
        let from = from.get();
        async move {
            let first = communities.await?.first().map(|c| c.0);
            let Some(id) = chosen.or(first) else {
                return Ok(None);
            };
            api::rota(id, from).await.map(Some)
        }
    });
    view! {
        <SignedIn>
            <section class="page rota-page">
                <h1>{move || s.t(AlarmsMsg::RotaTitle)}</h1>
                <p class="muted">{move || s.t(AlarmsMsg::RotaIntro)}" "<A href="/alarm/log">{move || s.t(AlarmsMsg::LogWrite)}</A></p>
                {move || communities.get().and_then(|r| r.ok()).filter(|l| l.len() > 1).map(|l| view! {
                    <div class="field">
                        <label for="rota-community">{move || s.t(AlarmsMsg::AlChooseCommunity)}</label>
                        <select id="rota-community" on:change=move |ev| community.set(event_target_value(&ev).parse().ok())>
                            {l.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                        </select>
                    </div>
                })}
                <Transition fallback=Loading>
                    {move || rota.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Ok(Some(r)) => board(r, from, chosen, Callback::new(move |_| rota.refetch())).into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

fn board(
    r: Rota,
    from: RwSignal<Option<String>>,
    chosen: RwSignal<Chosen>,
    reload: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let first = r.days.first().copied().unwrap_or(0);
    let week = move |d: i64| {
        move |_| {
            chosen.set(None);
            from.set(Some(day_key(first + d * DAY)));
        }
    };
    view! {
        <p class="muted">{r.community_name.clone()}</p>
        <div class="rota-weeks">
            <button type="button" class="btn btn-secondary btn-small" on:click=week(-7)>{move || s.t(AlarmsMsg::RotaEarlier)}</button>
            <button type="button" class="btn btn-secondary btn-small" on:click=week(7)>{move || s.t(AlarmsMsg::RotaLater)}</button>
        </div>
        {r.grids.into_iter().map(|g| grid_table(g, r.days.clone(), chosen, reload)).collect_view()}
    }
}

/// A grid's week, with the chosen cell's panel below it.
fn grid_table(
    g: RotaGrid,
    days: Vec<i64>,
    chosen: RwSignal<Chosen>,
    reload: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let grid_id = g.grid_id;
    let cells = StoredValue::new(g.cells.clone());
    let grid = StoredValue::new(g.clone());
    let panel = move || {
        let (_, day, kind) = chosen.get().filter(|c| c.0 == grid_id)?;
        let c =
            cells.with_value(|cs| cs.iter().find(|c| c.day == day && c.kind == kind).cloned())?;
        Some(cell_panel(grid.get_value(), c, reload))
    };
    view! {
        <section class="rota-grid" data-grid=g.grid_name.clone()>
            <h2>{g.grid_name.clone()}</h2>
            <div class="table-wrap">
                <table class="table rota-table">
                    <thead>
                        <tr>
                            <th scope="col"><span class="sr-only">{move || s.t(Msg::FieldDate)}</span></th>
                            {ShiftKind::ALL.into_iter().map(|k| view! { <th scope="col">{move || s.t(kind_msg(k))}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {days.into_iter().map(|d| view! {
                            <tr>
                                <th scope="row">
                                    <span class="rota-date">{move || when::day_parts(s.lang.get(), d).0}</span>
                                    <span class="rota-date">{move || when::day_parts(s.lang.get(), d).1}</span>
                                </th>
                                {cells.with_value(|cs| cs.iter().filter(|c| c.day == d).cloned().collect::<Vec<_>>())
                                    .into_iter().map(|c| { let k = c.kind; view! { <td data-label=move || s.t(kind_msg(k))>{cell_button(grid_id, c, chosen)}</td> } }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {panel}
        </section>
    }
}

fn cell_button(grid_id: i64, c: RotaCell, chosen: RwSignal<Chosen>) -> impl IntoView {
    let s = use_session();
    let key = (grid_id, c.day, c.kind);
    let has_shift = c.shift_id.is_some();
    let msg = coverage_msg(c.coverage, has_shift);
    let state = if has_shift {
        c.coverage.as_str()
    } else {
        "none"
    };
    let count = has_shift.then(|| format!("{}/{}", c.people.len(), c.wanted));
    view! {
        <button type="button" class="rota-cell" data-coverage=state data-day=c.day data-kind=c.kind.as_str() class:rota-mine=c.mine
            aria-pressed=move || (chosen.get() == Some(key)).to_string()
            on:click=move |_| chosen.set(Some(key))>
            <span class="cov">{move || s.t(msg)}</span>
            {count.map(|n| view! { <span class="small">{n}</span> })}
            <span class="small rota-names">{c.people.join("、")}</span>
            {c.mine.then(|| view! { <span class="small rota-me">{move || s.t(AlarmsMsg::RotaMine)}</span> })}
        </button>
    }
}

/// What can be done with the chosen cell.
fn cell_panel(g: RotaGrid, c: RotaCell, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let run = move |call: std::pin::Pin<Box<dyn std::future::Future<Output = ApiResult<()>>>>| {
        leptos::task::spawn_local(async move {
            match call.await {
                Ok(()) => {
                    done.set(true);
                    reload.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    let me = s.me.with_untracked(|m| m.as_ref().map_or(0, |p| p.id));
    let (grid_id, day, kind, shift) = (g.grid_id, c.day, c.kind, c.shift_id);
    let person = RwSignal::new(String::new());
    let free: Vec<_> = g
        .patrollers
        .iter()
        .filter(|p| !c.people.contains(&p.name))
        .cloned()
        .collect();
    let add_shift = move |_| {
        run(Box::pin(async move {
            api::create_shift(grid_id, kind, day_key(day))
                .await
                .map(|_| ())
        }))
    };
    let sign_up = move |_| {
        run(Box::pin(async move {
            api::sign_up_for_shift(shift.unwrap_or(0), None)
                .await
                .map(|_| ())
        }))
    };
    let withdraw = move |_| {
        run(Box::pin(async move {
            api::withdraw_from_shift(shift.unwrap_or(0), me)
                .await
                .map(|_| ())
        }))
    };
    let add_person = move |_| {
        let who = person.get_untracked().parse::<i64>().ok();
        run(Box::pin(async move {
            api::sign_up_for_shift(shift.unwrap_or(0), who)
                .await
                .map(|_| ())
        }))
    };
    let room = (c.people.len() as i64) < c.wanted;
    view! {
        <section class="card rota-panel" aria-live="polite" data-testid="rota-panel">
            <h2>{g.grid_name.clone()}" · "{move || when::day_name(s.lang.get(), day)}" · "{move || s.t(kind_msg(kind))}</h2>
            <p>{move || s.t(coverage_msg(c.coverage, shift.is_some()))}" "{c.people.join("、")}</p>
            {(g.can_arrange && shift.is_none()).then(|| view! {
                <button type="button" class="btn btn-primary" on:click=add_shift>{move || s.t(AlarmsMsg::RotaAddShift)}</button>
            })}
            {c.can_sign_up.then(|| view! {
                <button type="button" class="btn btn-primary" on:click=sign_up>{move || s.t(AlarmsMsg::RotaSignUp)}</button>
            })}
            {c.can_withdraw.then(|| view! {
                <button type="button" class="btn btn-secondary" on:click=withdraw>{move || s.t(AlarmsMsg::RotaWithdraw)}</button>
            })}
            {(g.can_arrange && shift.is_some() && room && !free.is_empty()).then(|| view! {
                <div class="field">
                    <label for="rota-person">{move || s.t(AlarmsMsg::RotaAddPerson)}</label>
                    <select id="rota-person" on:change=move |ev| person.set(event_target_value(&ev))>
                        <option value="">{move || s.t(AlarmsMsg::RotaChoosePerson)}</option>
                        {free.into_iter().map(|p| view! { <option value=p.user_id.to_string()>{p.name}</option> }).collect_view()}
                    </select>
                    <button type="button" class="btn btn-secondary" on:click=add_person>{move || s.t(AlarmsMsg::RotaAdd)}</button>
                </div>
            })}
            {c.can_attend.then(|| my_attendance(shift.unwrap_or(0), c.checked_in_at, c.checked_out_at, reload))}
            {(g.can_arrange && shift.is_some()).then(|| view! { <CardAttendance shift=shift.unwrap_or(0) reload=reload /> })}
            <FormError message=error />
            {move || done.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(AlarmsMsg::RotaDone)}</p> })}
        </section>
    }
}

fn request(action: AttendanceAction) -> AttendanceRequest {
    AttendanceRequest {
        action,
        user_id: None,
        qr: None,
        card_number: None,
        pin: None,
        at: None,
    }
}

/// The volunteer's own check-in and check-out buttons on a shift of theirs.
fn my_attendance(
    shift: i64,
    inn: Option<i64>,
    out: Option<i64>,
    reload: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let tap = Action::new_local(move |a: &AttendanceAction| {
        let req = request(*a);
        async move {
            match api::patrol_attendance(shift, req).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let button = move |a: AttendanceAction, m: AlarmsMsg| {
        view! {
            <button type="button" class="btn btn-primary" disabled=move || tap.pending().get()
                on:click=move |_| { tap.dispatch_local(a); }>{move || s.t(m)}</button>
        }
    };
    view! {
        <div class="rota-attend" data-testid="my-attendance">
            {move || match (inn, out) {
                (Some(i), None) => format!("{} {}", s.t(AlarmsMsg::PatrolCheckedIn), time_text(i)),
                (Some(_), Some(_)) => s.t(AlarmsMsg::PatrolCheckedOut).to_string(),
                _ => String::new(),
            }}
            {inn.is_none().then(|| button(AttendanceAction::CheckIn, AlarmsMsg::PatrolCheckIn))}
            {(inn.is_some() && out.is_none()).then(|| button(AttendanceAction::CheckOut, AlarmsMsg::PatrolCheckOut))}
            <FormError message=error />
        </div>
    }
}

/// The arrangers' card scanner: a scanned or typed card checks its holder in or out.
#[component]
fn CardAttendance(shift: i64, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let action = RwSignal::new(AttendanceAction::CheckIn);
    let error = RwSignal::new(None::<String>);
    let ok = RwSignal::new(None::<String>);
    let send = Action::new_local(move |req: &AttendanceRequest| {
        let req = req.clone();
        async move {
            match api::patrol_attendance(shift, req).await {
                Ok(line) => {
                    ok.set(Some(line.name));
                    reload.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let on_scan = Callback::new(move |raw: String| {
        error.set(None);
        ok.set(None);
        match cards::card_attendance(action.get_untracked(), &raw) {
            Ok(req) => {
                send.dispatch_local(req);
            }
            Err(p) => error.set(Some(problem_text(s.lang.get_untracked(), &p))),
        }
    });
    view! {
        <div class="rota-scan">
            <div class="segmented" role="group" aria-label=move || s.t(AlarmsMsg::PatrolCardButton)>
                {[(AttendanceAction::CheckIn, AlarmsMsg::PatrolCheckIn), (AttendanceAction::CheckOut, AlarmsMsg::PatrolCheckOut)].into_iter().map(|(a, m)| view! {
                    <button type="button" aria-pressed=move || (action.get() == a).to_string()
                        on:click=move |_| action.set(a)>{move || s.t(m)}</button>
                }).collect_view()}
            </div>
            <ScanField label=AlarmsMsg::PatrolCardLabel on_scan=on_scan id="rota-scan" inputmode="numeric" />
            <FormError message=error />
            {move || ok.get().map(|name| view! { <p class="form-ok" role="status">{name}" · "{move || s.t(AlarmsMsg::RotaDone)}</p> })}
        </div>
    }
}
