//! Service orders (群众点单, S4): residents order a service from a team's catalogue, a
//! reviewer over the area or the team approves it (into the open pool or to one team) or
//! rejects it, a team takes it (first one wins), serves it and marks it done.
//!
//! Who may do what is `linli_app::orders::next`, given how the caller stands to the
//! order (`parties`); every change writes its timeline step, its audit row and its
//! notifications in the same transaction.

pub mod demo;
pub mod http;

use linli_app::api::orders::{
    ApproveOrder, CompleteOrder, CreateService, Order, OrderAction, OrderState, OrderSummary,
    PlaceOrder, RejectOrder, Service, ServiceQuery, UpdateService,
};
use linli_app::api::{NodeKind, Reason, Tree};
use linli_app::orders::{self as rules, Actor, Party, Refusal};
use linli_app::roles::Role;
use linli_app::validate::{self, Problem};
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::notifications::{self, ORDER_NEW, ORDER_REVIEW};
use crate::shop::{items::photo, photos::Processed};
use crate::store::notifications::{self as notice_store, Links};
use crate::store::orders::{self as store, NewOrder, OrderRow, ServiceFields, ServiceRow};
use crate::store::projects::{self as hours_store, OrderHours};
use crate::store::{accounts, org, ratings as rating_store};

/// 403 for a party that may never do it; 409 naming the state for one that may not now.
pub fn refused(r: Refusal) -> AppError {
    match r {
        Refusal::Forbidden => AppError::FORBIDDEN,
        Refusal::WrongState(s) => AppError::Refused(rules::state_refusal(s)),
    }
}

// ---- catalogue -----------------------------------------------------------------------------

pub fn existing_service(conn: &Connection, id: i64) -> AppResult<ServiceRow> {
    store::service(conn, id)?.ok_or(AppError::NOT_FOUND)
}

fn service_view(conn: &Connection, s: ServiceRow) -> AppResult<Service> {
    let (rating, ratings) = rating_store::service_average(conn, s.id)?;
    Ok(Service {
        id: s.id,
        team_id: s.team_id,
        team_name: s.team_name,
        category: s.category,
        title: s.title,
        description: s.description,
        prepare: s.prepare,
        serves_id: s.serves_id,
        serves_name: s.serves_name,
        active: s.active,
        rating,
        ratings,
    })
}

pub fn service(conn: &Connection, id: i64) -> AppResult<Service> {
    service_view(conn, existing_service(conn, id)?)
}

/// The catalogue: active services by text, category or area; a team's own list holds its
/// inactive ones too.
pub fn catalogue(conn: &Connection, q: &ServiceQuery) -> AppResult<Vec<Service>> {
    let text = validate::search_text(q.q.as_deref().unwrap_or(""))?;
    let area = match q.territory_id {
        Some(id) => Some(territory(conn, id, "territory_id")?.path),
        None => None,
    };
    let filter = store::ServiceFilter {
        text: text.as_deref(),
        category: q.category,
        team_id: q.team_id,
        area_path: area.as_deref(),
        active_only: q.team_id.is_none(),
    };
    store::services(conn, &filter)?
        .into_iter()
        .map(|s| service_view(conn, s))
        .collect()
}

/// A territory node (404 if missing, 422 if an organisation node).
fn territory(conn: &Connection, id: i64, field: &'static str) -> AppResult<org::NodeRow> {
    let node = org::existing_node(conn, id)?;
    if node.tree != Tree::Territory {
        return Err(AppError::invalid(field, Problem::WrongTree));
    }
    Ok(node)
}

struct ServiceText {
    title: String,
    description: String,
    prepare: String,
}

fn service_text(title: &str, description: &str, prepare: &str) -> AppResult<ServiceText> {
    Ok(ServiceText {
        title: rules::service_title(title)?,
        description: rules::free_text("description", description, 1000)?,
        prepare: rules::free_text("note", prepare, 500)?,
    })
}

/// A team's leader (or an admin over it) adds a service to its catalogue.
pub fn create_service(
    conn: &Connection,
    user: &CurrentUser,
    req: &CreateService,
    now: i64,
) -> AppResult<Service> {
    let team = org::existing_node(conn, req.team_id)?;
    user.require_path(Role::TeamLeader, &team.path)?;
    if team.kind != NodeKind::Team {
        return Err(AppError::Refused(Reason::NotATeam));
    }
    territory(conn, req.serves_id, "node_id")?;
    let text = service_text(&req.title, &req.description, &req.prepare)?;
    let fields = ServiceFields {
        team_id: team.id,
        category: req.category,
        title: &text.title,
        description: &text.description,
        prepare: &text.prepare,
        serves_id: req.serves_id,
        active: true,
    };
    let id = store::insert_service(conn, &fields, user.id, now)?;
    audit::record(
        conn,
        user.id,
        "service.create",
        &format!("service:{id}"),
        json!({"team": team.id, "title": text.title}),
    )?;
    service(conn, id)
}

/// Edits a service (its team's leader or an admin over the team).
pub fn update_service(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    req: &UpdateService,
    now: i64,
) -> AppResult<Service> {
    let s = existing_service(conn, id)?;
    user.require_path(Role::TeamLeader, &s.team_path)?;
    if let Some(area) = req.serves_id {
        territory(conn, area, "node_id")?;
    }
    let text = service_text(
        req.title.as_deref().unwrap_or(&s.title),
        req.description.as_deref().unwrap_or(&s.description),
        req.prepare.as_deref().unwrap_or(&s.prepare),
    )?;
    let fields = ServiceFields {
        team_id: s.team_id,
        category: req.category.unwrap_or(s.category),
        title: &text.title,
        description: &text.description,
        prepare: &text.prepare,
        serves_id: req.serves_id.unwrap_or(s.serves_id),
        active: req.active.unwrap_or(s.active),
    };
    store::update_service(conn, id, &fields, now)?;
    audit::record(
        conn,
        user.id,
        "service.update",
        &format!("service:{id}"),
        serde_json::to_value(req).unwrap_or_default(),
    )?;
    service(conn, id)
}

// ---- who is who to an order ----------------------------------------------------------------

pub fn existing(conn: &Connection, id: i64) -> AppResult<OrderRow> {
    store::order(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// Teams the caller leads that could take this order from the pool.
fn takeable_teams(conn: &Connection, user: &CurrentUser, o: &OrderRow) -> AppResult<Vec<i64>> {
    if !user.has_role_anywhere(Role::TeamLeader) {
        return Ok(Vec::new());
    }
    Ok(store::teams_serving(conn, o.category, &o.territory_path)?
        .into_iter()
        .filter(|(_, path)| user.has(Role::TeamLeader, path))
        .map(|(id, _)| id)
        .collect())
}

/// How the caller stands to the order.
pub fn parties(conn: &Connection, user: &CurrentUser, o: &OrderRow) -> AppResult<Actor> {
    let reviewer = user.has(Role::Reviewer, &o.territory_path)
        || user.has(Role::Reviewer, &o.service_team_path);
    let leader = o
        .team_path
        .as_deref()
        .is_some_and(|p| user.has(Role::TeamLeader, p));
    Ok(Actor::default()
        .with(Party::Served, o.served_id == Some(user.id))
        .with(Party::Placer, o.placed_by == user.id)
        .with(Party::Reviewer, reviewer)
        .with(Party::TeamLeader, leader)
        .with(
            Party::AreaLeader,
            !takeable_teams(conn, user, o)?.is_empty(),
        ))
}

fn summary(o: &OrderRow, now: i64) -> OrderSummary {
    OrderSummary {
        id: o.id,
        service_title: o.service_title.clone(),
        category: o.category,
        state: o.state,
        served_name: o.served_name.clone(),
        territory_id: o.territory_id,
        territory_name: o.territory_name.clone(),
        team_id: o.team_id,
        team_name: o.team_name.clone(),
        submitted_at: o.submitted_at,
        waited_secs: (now - o.state_at).max(0),
    }
}

/// An order with its timeline and what the caller may do next; 404 to strangers.
pub fn detail(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<Order> {
    let o = existing(conn, id)?;
    let actor = parties(conn, user, &o)?;
    if actor.is_stranger() {
        return Err(AppError::NOT_FOUND);
    }
    let mut order = o.order;
    order.allowed = rules::allowed(order.state, actor);
    order.events = store::events(conn, id)?;
    order.photos = store::photos(conn, id)?.iter().map(photo).collect();
    order.hours = hours_store::hours_of_order(conn, id)?
        .into_iter()
        .map(|h| h.record)
        .collect();
    Ok(order)
}

// ---- placing -------------------------------------------------------------------------------

/// Places an order: for oneself, or (a team leader or grid worker) for someone else.
pub fn place(
    conn: &Connection,
    user: &CurrentUser,
    req: &PlaceOrder,
    now: i64,
) -> AppResult<Order> {
    let proxy = req.for_user_id.is_some_and(|id| id != user.id) || req.for_name.is_some();
    // Team leaders order for anyone; grid workers for the neighbours of their grid.
    let by_grid_worker = proxy && !user.has_role_anywhere(Role::TeamLeader);
    if by_grid_worker {
        user.require_anywhere(Role::GridWorker)?;
    }
    let s = existing_service(conn, req.service_id)?;
    if !s.active {
        return Err(AppError::Refused(Reason::ServiceInactive));
    }
    let area = territory(conn, req.territory_id, "node_id")?;
    if by_grid_worker {
        user.require_path(Role::GridWorker, &area.path)?;
    }
    if !crate::org::tree::is_within(&area.path, &s.serves_path) {
        return Err(AppError::invalid("node_id", Problem::UnknownOption));
    }
    let need = rules::required_text("note", &req.need, 500)?;
    let address = rules::required_text("address", &req.address, 100)?;
    let preferred_time = rules::free_text("preferred_time", &req.preferred_time, 50)?;
    let phone = validate::phone(&req.phone)?;
    let (served_id, served_name) = match (req.for_user_id, &req.for_name) {
        (Some(id), _) => {
            let (name, _) = accounts::identity(conn, id)?
                .ok_or(AppError::invalid("for_user_id", Problem::UnknownOption))?;
            (Some(id), name)
        }
        (None, Some(name)) => (None, validate::person_name(name)?),
        (None, None) => (Some(user.id), user.name.clone()),
    };
    let new = NewOrder {
        service_id: s.id,
        served_id,
        served_name: &served_name,
        placed_by: user.id,
        territory_id: area.id,
        address: &address,
        preferred_time: &preferred_time,
        phone: &phone,
        need: &need,
    };
    let id = store::insert_order(conn, &new, now)?;
    store::add_event(
        conn,
        id,
        Some(user.id),
        "placed",
        OrderState::Submitted,
        "",
        now,
    )?;
    if proxy {
        audit::record(
            conn,
            user.id,
            "order.place_for",
            &format!("order:{id}"),
            json!({"for_user": served_id, "for_name": served_name}),
        )?;
    }
    notifications::order_changed(
        conn,
        &[served_id],
        user.id,
        id,
        &s.title,
        OrderState::Submitted,
        now,
    )?;
    // The reviewers who can act on it: over its area or over the service's team.
    let params = json!({"order": id, "service": s.title});
    for reviewer in notice_store::reviewers_over(conn, &[&area.path, &s.team_path])? {
        if reviewer != user.id {
            notifications::notify(
                conn,
                reviewer,
                ORDER_REVIEW,
                params.clone(),
                order_link(id),
                now,
            )?;
        }
    }
    detail(conn, user, id)
}

fn order_link(id: i64) -> Links {
    Links {
        order_id: Some(id),
        ..Links::default()
    }
}

/// Most photos one order carries.
pub const MAX_PHOTOS: usize = 4;

/// Whoever placed the order (or is served by it) adds a photo while it is open; the
/// files are already stored (content-addressed, as the shop's).
pub fn add_photo(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    p: &Processed,
    now: i64,
) -> AppResult<Order> {
    let o = may_add_photo(conn, user, id)?;
    store::insert_photo(conn, o.id, &p.hash, (p.width, p.height), user.id, now)?;
    audit::record(
        conn,
        user.id,
        "order.photo",
        &format!("order:{id}"),
        json!({"photo": p.hash}),
    )?;
    detail(conn, user, id)
}

/// The checks before a photo is processed and after (the order may have moved).
pub fn may_add_photo(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<OrderRow> {
    let o = existing(conn, id)?;
    let actor = parties(conn, user, &o)?;
    if actor.is_stranger() {
        return Err(AppError::NOT_FOUND);
    }
    if !actor.is(Party::Served) && !actor.is(Party::Placer) {
        return Err(AppError::FORBIDDEN);
    }
    if rules::is_closed(o.state) {
        return Err(refused(Refusal::WrongState(o.state)));
    }
    if store::photos(conn, id)?.len() >= MAX_PHOTOS {
        return Err(AppError::Refused(Reason::OrderPhotosFull));
    }
    Ok(o)
}

// ---- moving an order -----------------------------------------------------------------------

/// Runs one action: checks it against the state machine, lets `apply` fill in the
/// action's own fields, then saves the order with its timeline step and notices.
fn act(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    action: OrderAction,
    note: &str,
    now: i64,
    apply: impl FnOnce(&Connection, &mut OrderRow, OrderState) -> AppResult<()>,
) -> AppResult<Order> {
    let mut o = existing(conn, id)?;
    let actor = parties(conn, user, &o)?;
    let to = rules::next(o.state, action, actor).map_err(refused)?;
    apply(conn, &mut o, to)?;
    let changed = o.state != to;
    o.state = to;
    if changed {
        o.state_at = now;
    }
    if rules::is_closed(to) {
        o.closed_at = Some(now);
    }
    store::save_order(conn, &o)?;
    store::add_event(conn, o.id, Some(user.id), action.as_str(), to, note, now)?;
    audit::record(
        conn,
        user.id,
        &format!("order.{}", action.as_str()),
        &format!("order:{}", o.id),
        json!({"state": to, "team": o.team_id, "note": note}),
    )?;
    if changed {
        notifications::order_changed(
            conn,
            &[o.served_id, Some(o.placed_by)],
            user.id,
            o.id,
            &o.service_title,
            to,
            now,
        )?;
    }
    detail(conn, user, o.id)
}

/// A reviewer approves: into the pool, or to one team that offers this service there.
pub fn approve(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    req: &ApproveOrder,
    now: i64,
) -> AppResult<Order> {
    let action = match req.team_id {
        Some(_) => OrderAction::Assign,
        None => OrderAction::Approve,
    };
    act(conn, user, id, action, "", now, |conn, o, _| {
        o.reviewed_at.get_or_insert(now);
        if let Some(team) = req.team_id {
            let serving = store::teams_serving(conn, o.category, &o.territory_path)?;
            if !serving.iter().any(|(t, _)| *t == team) {
                return Err(AppError::Refused(Reason::TeamDoesNotServe));
            }
            o.team_id = Some(team);
            for leader in notice_store::team_leaders(conn, team)? {
                let params = json!({"order": o.id, "service": o.service_title});
                notifications::notify(conn, leader, ORDER_NEW, params, order_link(o.id), now)?;
            }
        }
        Ok(())
    })
}

/// A reviewer rejects, with a reason from the list and optional words.
pub fn reject(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    req: &RejectOrder,
    now: i64,
) -> AppResult<Order> {
    let text = rules::free_text("reason", &req.text, 200)?;
    act(
        conn,
        user,
        id,
        OrderAction::Reject,
        &text.clone(),
        now,
        |_, o, _| {
            o.reviewed_at.get_or_insert(now);
            o.reject_reason = Some(req.reason);
            o.reject_text = Some(text);
            Ok(())
        },
    )
}

/// The person served (or who placed it) withdraws it before a team accepts.
pub fn cancel(conn: &Connection, user: &CurrentUser, id: i64, now: i64) -> AppResult<Order> {
    act(conn, user, id, OrderAction::Cancel, "", now, |_, _, _| {
        Ok(())
    })
}

/// A team leader accepts an order assigned to the team or takes one from the pool. The
/// write lock makes the first take win; the others find it accepted (409).
pub fn take(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    team_id: Option<i64>,
    now: i64,
) -> AppResult<Order> {
    act(conn, user, id, OrderAction::Take, "", now, |conn, o, _| {
        if o.state == OrderState::Pooled {
            let mine = takeable_teams(conn, user, o)?;
            let team = match team_id {
                Some(t) if mine.contains(&t) => t,
                Some(_) => return Err(AppError::FORBIDDEN),
                None if mine.len() == 1 => mine[0],
                None => return Err(AppError::invalid("team_id", Problem::Required)),
            };
            o.team_id = Some(team);
        }
        o.accepted_at = Some(now);
        Ok(())
    })
}

/// The team's leader names the volunteers who go (members of the team).
pub fn staff(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    volunteers: &[i64],
    now: i64,
) -> AppResult<Order> {
    if volunteers.len() > 20 {
        return Err(AppError::invalid(
            "volunteer_ids",
            Problem::TooLong { max: 20 },
        ));
    }
    act(conn, user, id, OrderAction::Staff, "", now, |conn, o, _| {
        let team = o.team_id.ok_or(AppError::FORBIDDEN)?;
        let members: Vec<i64> = org::members(conn, team)?.iter().map(|m| m.id).collect();
        if volunteers.iter().any(|v| !members.contains(v)) {
            return Err(AppError::invalid("volunteer_ids", Problem::UnknownOption));
        }
        let mut list = volunteers.to_vec();
        list.sort_unstable();
        list.dedup();
        o.volunteers = list;
        Ok(())
    })
}

pub fn start(conn: &Connection, user: &CurrentUser, id: i64, now: i64) -> AppResult<Order> {
    act(conn, user, id, OrderAction::Start, "", now, |_, o, _| {
        o.started_at = Some(now);
        Ok(())
    })
}

/// The team gives the order back to the pool, with a reason on the timeline.
pub fn hand_back(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    reason: &str,
    now: i64,
) -> AppResult<Order> {
    let reason = rules::required_text("reason", reason, 200)?;
    act(
        conn,
        user,
        id,
        OrderAction::HandBack,
        &reason,
        now,
        |_, o, _| {
            o.team_id = None;
            o.accepted_at = None;
            o.started_at = None;
            o.volunteers.clear();
            Ok(())
        },
    )
}

/// Most volunteers whose hours one completion logs.
const MAX_HOURS_LINES: usize = 20;

/// The team marks the order done with a short report, and logs the hours its named
/// volunteers (members of the team) served: pending hour records, which a reviewer
/// approves into points exactly as a session's.
pub fn complete(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    req: &CompleteOrder,
    now: i64,
) -> AppResult<Order> {
    let report = rules::required_text("note", &req.report, 500)?;
    if req.hours.len() > MAX_HOURS_LINES {
        return Err(AppError::invalid(
            "volunteer_ids",
            Problem::TooLong {
                max: MAX_HOURS_LINES,
            },
        ));
    }
    let mut lines = Vec::new();
    for h in &req.hours {
        let minutes = validate::in_range("minutes", h.minutes, 1, 24 * 60)?;
        if lines.iter().any(|(u, _)| *u == h.user_id) {
            return Err(AppError::invalid("volunteer_ids", Problem::UnknownOption));
        }
        lines.push((h.user_id, minutes));
    }
    act(
        conn,
        user,
        id,
        OrderAction::Complete,
        "",
        now,
        |conn, o, _| {
            let team = o.team_id.ok_or(AppError::FORBIDDEN)?;
            let members: Vec<i64> = org::members(conn, team)?.iter().map(|m| m.id).collect();
            for (volunteer, minutes) in &lines {
                if !members.contains(volunteer) {
                    return Err(AppError::invalid("volunteer_ids", Problem::UnknownOption));
                }
                let h = OrderHours {
                    order_id: o.id,
                    user_id: *volunteer,
                    from: now - minutes * 60,
                    to: now,
                    minutes: *minutes,
                };
                hours_store::insert_order_hours(conn, &h, user.id, now)?;
                if !o.volunteers.contains(volunteer) {
                    o.volunteers.push(*volunteer);
                }
            }
            o.report = Some(report);
            o.done_at = Some(now);
            Ok(())
        },
    )
}

// ---- lists ---------------------------------------------------------------------------------

/// Orders I am served by or placed.
pub fn mine(conn: &Connection, user: &CurrentUser, now: i64) -> AppResult<Vec<OrderSummary>> {
    Ok(store::orders_of(conn, user.id)?
        .iter()
        .map(|o| summary(o, now))
        .collect())
}

/// The review queue: submitted orders in the reviewer's reach, longest waiting first.
pub fn review_queue(
    conn: &Connection,
    user: &CurrentUser,
    now: i64,
) -> AppResult<Vec<OrderSummary>> {
    user.require_anywhere(Role::Reviewer)?;
    let mut out = Vec::new();
    for o in store::orders_in(conn, OrderState::Submitted)? {
        if parties(conn, user, &o)?.is(Party::Reviewer) {
            out.push(summary(&o, now));
        }
    }
    Ok(out)
}

/// Work waiting for my teams: orders assigned to a team I lead, and pooled orders in an
/// area where one of my teams offers the service.
pub fn pool(conn: &Connection, user: &CurrentUser, now: i64) -> AppResult<Vec<OrderSummary>> {
    user.require_anywhere(Role::TeamLeader)?;
    let mut out = Vec::new();
    for state in [OrderState::Assigned, OrderState::Pooled] {
        for o in store::orders_in(conn, state)? {
            let actor = parties(conn, user, &o)?;
            if rules::next(o.state, OrderAction::Take, actor).is_ok() {
                out.push(summary(&o, now));
            }
        }
    }
    Ok(out)
}
