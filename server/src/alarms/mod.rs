//! The one-key alarm (一键报警) and its escalation ladder.
//!
//! A press is stored with its first timeline row and a notice to everyone it reaches, in
//! one transaction, before the phone hears "sent"; the notices travel the live
//! notification stream (replayed after `Last-Event-ID`). Level 0 reaches the dispatchers
//! and grid workers over the grid and the patrol volunteers on duty in it. The next
//! step's deadline is stored with the alarm; [`escalate`] climbs one rung when it is due
//! and nobody has said "I'm going": every on-duty volunteer of the community, then the
//! leaders of the patrol volunteers' teams, then the outside responders the dispatcher
//! is shown with their numbers. A conditional update makes each rung happen once,
//! whoever runs it and however often.

pub mod demo;
pub mod escalate;
pub mod help;
pub mod http;
pub mod log;
pub mod patrol;
pub mod rota;
pub mod shifts;

use linli_app::api::alarms::{
    Alarm, AlarmEvent, AlarmState, AlarmStep, RaiseAlarm, Responder, LEVEL_COMMUNITY, LEVEL_GRID,
    LEVEL_LEADERS, LEVEL_OUTSIDE,
};
use linli_app::api::{NodeKind, Reason, Tree};
use linli_app::roles::Role;
use linli_app::validate::{self, Problem};
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::config::Config;
use crate::error::{AppError, AppResult};
use crate::notifications;
use crate::store::alarms::{self as store, AlarmRow, NewAlarm, NewEvent};
use crate::store::notifications::Links;
use crate::store::org::{self, NodeRow};

pub use crate::notifications::alarm_notices::{ALARM, ALARM_ACK, ALARM_ESCALATED, ALARM_RESOLVED};

/// How the ladder climbs: the time each rung waits for an "I'm going", and who is
/// called from outside at the top; and how long a help request waits before it goes
/// wider.
#[derive(Debug, Clone)]
pub struct Ladder {
    pub step_secs: i64,
    pub responders: Vec<Responder>,
    pub help_widen_secs: i64,
}

impl Ladder {
    pub fn from_config(config: &Config) -> Ladder {
        Ladder {
            step_secs: config.alarm_escalate_secs as i64,
            responders: config
                .alarm_responders
                .iter()
                .filter_map(|r| {
                    let (name, phone) = r.split_once('=')?;
                    Some(Responder {
                        name: name.trim().to_string(),
                        phone: phone.trim().to_string(),
                    })
                })
                .collect(),
            help_widen_secs: config.help_widen_secs as i64,
        }
    }
}

/// A grid of the territory tree and the community it lies in.
pub fn grid_and_community(conn: &Connection, grid_id: i64) -> AppResult<(NodeRow, NodeRow)> {
    let grid = org::node(conn, grid_id)?
        .filter(|n| n.tree == Tree::Territory && n.kind == NodeKind::Grid)
        .ok_or(AppError::Refused(Reason::NotAGrid))?;
    let community = community_of(conn, &grid.path)?;
    Ok((grid, community))
}

/// The community node on a territory path.
fn community_of(conn: &Connection, path: &str) -> AppResult<NodeRow> {
    for id in path.split('/').filter_map(|s| s.parse::<i64>().ok()) {
        if let Some(n) = org::node(conn, id)?.filter(|n| n.kind == NodeKind::Community) {
            return Ok(n);
        }
    }
    Err(AppError::Refused(Reason::NotAGrid))
}

/// A community node (the dispatch desk's scope).
pub fn community(conn: &Connection, id: i64) -> AppResult<NodeRow> {
    let node = org::existing_node(conn, id)?;
    if node.kind != NodeKind::Community {
        return Err(AppError::Refused(Reason::NotACommunity));
    }
    Ok(node)
}

/// May `user` staff the dispatch desk over the node at `path`?
pub fn dispatches(user: &CurrentUser, path: &str) -> bool {
    user.has(Role::Dispatcher, path) || user.is_global_admin()
}

/// Checks a press: a short text (may be empty), a location only as a whole and in range,
/// a key of at most 64 characters.
/// A checked press: its text, its (lat, lon) if given, its key if given.
type Press = (String, Option<(f64, f64)>, Option<String>);

fn check_press(req: &RaiseAlarm) -> AppResult<Press> {
    let text = validate::text("text", &req.text, 0, 200)?;
    let place = match (req.lat, req.lon) {
        (None, None) => None,
        (Some(lat), Some(lon))
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
        {
            Some((lat, lon))
        }
        _ => {
            return Err(AppError::invalid(
                "location",
                Problem::OutOfRange {
                    min: -180,
                    max: 180,
                },
            ))
        }
    };
    let key = match req.key.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(k) if k.chars().count() <= 64 => Some(k.to_string()),
        Some(_) => return Err(AppError::invalid("key", Problem::TooLong { max: 64 })),
    };
    Ok((text, place, key))
}

/// Stores a press and tells the grid's desk and on-duty volunteers. A press repeated
/// with the same key is the alarm already stored. Returns the alarm's id and whether it
/// is new.
pub fn raise(
    conn: &Connection,
    user: &CurrentUser,
    req: &RaiseAlarm,
    ladder: &Ladder,
    now: i64,
) -> AppResult<(i64, bool)> {
    let (text, place, key) = check_press(req)?;
    if let Some(k) = key.as_deref() {
        if let Some(id) = store::by_key(conn, user.id, k)? {
            return Ok((id, false));
        }
    }
    let (grid, community) = grid_and_community(conn, req.grid_id)?;
    let id = store::insert_alarm(
        conn,
        &NewAlarm {
            grid_id: grid.id,
            community_id: community.id,
            raised_by: user.id,
            client_key: key.as_deref(),
            text: &text,
            lat: place.map(|p| p.0),
            lon: place.map(|p| p.1),
            escalate_at: now + ladder.step_secs,
        },
        now,
    )?;
    let people = first_reached(conn, &grid.path, now)?;
    let told = reach(conn, user.id, id, LEVEL_GRID, &people)?;
    let params = json!({"alarm": id, "grid": grid.name, "who": user.name, "text": text,
        "level": LEVEL_GRID});
    for p in &told {
        notifications::notify(conn, *p, ALARM, params.clone(), Links::default(), now)?;
    }
    store::add_event(
        conn,
        &NewEvent {
            alarm_id: id,
            step: AlarmStep::Raised,
            level: LEVEL_GRID,
            actor_id: Some(user.id),
            reached: told.len() as i64,
            note: "",
        },
        now,
    )?;
    audit::record(
        conn,
        user.id,
        "alarm.raise",
        &format!("alarm:{id}"),
        json!({"grid_id": grid.id, "reached": told.len()}),
    )?;
    Ok((id, true))
}

/// Level 0: dispatchers and grid workers over the grid, patrol volunteers on duty in it.
fn first_reached(conn: &Connection, grid_path: &str, now: i64) -> AppResult<Vec<i64>> {
    let mut people = store::holders_above(conn, Role::Dispatcher.as_str(), grid_path)?;
    people.extend(store::holders_above(
        conn,
        Role::GridWorker.as_str(),
        grid_path,
    )?);
    people.extend(store::on_duty_within(conn, grid_path, now)?);
    Ok(people)
}

/// Records the people a rung reaches (never the sender); those not reached before.
fn reach(
    conn: &Connection,
    sender: i64,
    alarm_id: i64,
    level: i64,
    people: &[i64],
) -> AppResult<Vec<i64>> {
    let others: Vec<i64> = people.iter().copied().filter(|p| *p != sender).collect();
    store::reach(conn, alarm_id, &others, level)
}

/// An alarm the caller may see: its sender, the people it reached, the dispatchers
/// over its grid.
fn visible(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<AlarmRow> {
    let a = store::alarm(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    if a.raised_by == user.id
        || dispatches(user, &a.grid_path)
        || store::was_reached(conn, id, user.id)?
    {
        Ok(a)
    } else {
        Err(AppError::FORBIDDEN)
    }
}

/// An alarm as `user` sees it, with its timeline.
pub fn view(
    conn: &Connection,
    user: &CurrentUser,
    a: AlarmRow,
    ladder: &Ladder,
) -> AppResult<Alarm> {
    let desk = dispatches(user, &a.grid_path);
    let reached = store::was_reached(conn, a.id, user.id)?;
    let open = a.state != AlarmState::Resolved;
    let can_ack = open && (reached || desk) && !store::has_acked(conn, a.id, user.id)?;
    let timeline = store::events(conn, a.id)?
        .into_iter()
        .map(|(step, level, actor_name, reached, note, at)| AlarmEvent {
            step,
            level,
            actor_name,
            reached,
            note,
            at,
        })
        .collect();
    Ok(Alarm {
        id: a.id,
        grid_id: a.grid_id,
        grid_name: a.grid_name,
        community_id: a.community_id,
        raised_by_name: a.raised_by_name,
        raised_by_phone: (desk || reached).then_some(a.raised_by_phone),
        text: a.text,
        lat: a.lat,
        lon: a.lon,
        state: a.state,
        level: a.level,
        escalate_at: a.escalate_at,
        acked_by_name: a.acked_by_name,
        created_at: a.created_at,
        resolved_at: a.resolved_at,
        resolution: a.resolution,
        timeline,
        responders: if desk {
            ladder.responders.clone()
        } else {
            Vec::new()
        },
        can_ack,
        can_resolve: open && desk,
    })
}

pub fn detail(conn: &Connection, user: &CurrentUser, id: i64, ladder: &Ladder) -> AppResult<Alarm> {
    let a = visible(conn, user, id)?;
    view(conn, user, a, ladder)
}

/// My alarms: those I raised and those that reached me, newest first.
pub fn mine(conn: &Connection, user: &CurrentUser, ladder: &Ladder) -> AppResult<Vec<Alarm>> {
    store::alarms_of(conn, user.id, 50)?
        .into_iter()
        .map(|a| view(conn, user, a, ladder))
        .collect()
}

/// "I'm going": anyone the alarm reached, or a dispatcher over it. The first one stops
/// the ladder; the sender and the desk hear who is coming.
pub fn acknowledge(conn: &Connection, user: &CurrentUser, id: i64, now: i64) -> AppResult<()> {
    let a = visible(conn, user, id)?;
    let desk = dispatches(user, &a.grid_path);
    if !desk && !store::was_reached(conn, id, user.id)? {
        return Err(AppError::FORBIDDEN);
    }
    if a.state == AlarmState::Resolved {
        return Err(AppError::Refused(Reason::AlarmResolved));
    }
    if store::has_acked(conn, id, user.id)? {
        return Ok(());
    }
    store::acknowledge(conn, id, user.id, now)?;
    store::add_event(
        conn,
        &NewEvent {
            alarm_id: id,
            step: AlarmStep::Acknowledged,
            level: a.level,
            actor_id: Some(user.id),
            reached: 0,
            note: "",
        },
        now,
    )?;
    let params = json!({"alarm": id, "grid": a.grid_name, "who": user.name});
    let mut told = store::holders_above(conn, Role::Dispatcher.as_str(), &a.grid_path)?;
    told.push(a.raised_by);
    for p in dedup_without(told, user.id) {
        notifications::notify(conn, p, ALARM_ACK, params.clone(), Links::default(), now)?;
    }
    audit::record(
        conn,
        user.id,
        "alarm.acknowledge",
        &format!("alarm:{id}"),
        json!({}),
    )
}

/// Closes an alarm with a note (dispatchers over it). The sender and everyone reached
/// hear it is over.
pub fn resolve(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    note: &str,
    now: i64,
) -> AppResult<()> {
    let a = visible(conn, user, id)?;
    if !dispatches(user, &a.grid_path) {
        return Err(AppError::FORBIDDEN);
    }
    let note = validate::text("note", note, 1, 500)?;
    if !store::resolve(conn, id, user.id, &note, now)? {
        return Err(AppError::Refused(Reason::AlarmResolved));
    }
    store::add_event(
        conn,
        &NewEvent {
            alarm_id: id,
            step: AlarmStep::Resolved,
            level: a.level,
            actor_id: Some(user.id),
            reached: 0,
            note: &note,
        },
        now,
    )?;
    let params = json!({"alarm": id, "grid": a.grid_name, "note": note});
    let mut told = store::reached(conn, id)?;
    told.push(a.raised_by);
    for p in dedup_without(told, user.id) {
        notifications::notify(
            conn,
            p,
            ALARM_RESOLVED,
            params.clone(),
            Links::default(),
            now,
        )?;
    }
    audit::record(
        conn,
        user.id,
        "alarm.resolve",
        &format!("alarm:{id}"),
        json!({"note": note}),
    )
}

fn dedup_without(mut people: Vec<i64>, actor: i64) -> Vec<i64> {
    people.sort_unstable();
    people.dedup();
    people.retain(|p| *p != actor);
    people
}

/// Climbs one rung of alarm `id` if it is due at `now` and nobody took it yet. Returns
/// whether this call took the step.
pub fn escalate(conn: &Connection, id: i64, ladder: &Ladder, now: i64) -> AppResult<bool> {
    let Some(a) = store::alarm(conn, id)? else {
        return Ok(false);
    };
    let Some(due) = a.escalate_at.filter(|d| *d <= now) else {
        return Ok(false);
    };
    let level = a.level + 1;
    // Deadlines follow the press, not the runner: a late runner does not shift them.
    let next = (level < LEVEL_OUTSIDE).then_some(due + ladder.step_secs);
    if a.state != AlarmState::Open || !store::climb(conn, id, a.level, next, now)? {
        return Ok(false);
    }
    let community = org::existing_node(conn, a.community_id)?;
    let people = match level {
        LEVEL_COMMUNITY => store::on_duty_within(conn, &community.path, now)?,
        LEVEL_LEADERS => store::patrol_team_leaders(conn, &community.path)?,
        _ => Vec::new(),
    };
    let told = reach(conn, a.raised_by, id, level, &people)?;
    let params = json!({"alarm": id, "grid": a.grid_name, "who": a.raised_by_name,
        "text": a.text, "level": level});
    for p in &told {
        notifications::notify(conn, *p, ALARM, params.clone(), Links::default(), now)?;
    }
    let names: Vec<String> = ladder
        .responders
        .iter()
        .map(|r| format!("{} {}", r.name, r.phone))
        .collect();
    let desk_params = json!({"alarm": id, "grid": a.grid_name, "level": level,
        "responders": names.join(", ")});
    for p in store::holders_above(conn, Role::Dispatcher.as_str(), &a.grid_path)? {
        notifications::notify(
            conn,
            p,
            ALARM_ESCALATED,
            desk_params.clone(),
            Links::default(),
            now,
        )?;
    }
    store::add_event(
        conn,
        &NewEvent {
            alarm_id: id,
            step: AlarmStep::Escalated,
            level,
            actor_id: None,
            reached: told.len() as i64,
            note: "",
        },
        now,
    )?;
    audit::record_system(
        conn,
        "alarm.escalate",
        &format!("alarm:{id}"),
        json!({"level": level, "reached": told.len()}),
        now,
    )?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A press needs a whole location in range, and a key of at most 64 characters.
    #[test]
    fn a_press_is_checked() {
        let ok = RaiseAlarm {
            grid_id: 1,
            text: " 有人摔倒 ".into(),
            lat: Some(30.5),
            lon: Some(114.2),
            key: Some("k1".into()),
        };
        let (text, place, key) = check_press(&ok).unwrap();
        assert_eq!(
            (text.as_str(), place, key.as_deref()),
            ("有人摔倒", Some((30.5, 114.2)), Some("k1"))
        );
        let half = RaiseAlarm {
            lon: None,
            ..ok.clone()
        };
        assert!(check_press(&half).is_err());
        let far = RaiseAlarm {
            lat: Some(91.0),
            ..ok.clone()
        };
        assert!(check_press(&far).is_err());
        let long = RaiseAlarm {
            key: Some("k".repeat(65)),
            ..ok
        };
        assert!(check_press(&long).is_err());
    }
}
