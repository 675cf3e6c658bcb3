//! Help requests (求助): a resident posts a need; it is offered to the patrol volunteers
//! of its grid whose skills match, and if not enough have answered by the stored
//! deadline, once to every patrol volunteer of the community and everyone on duty there
//! (taken by the escalation task, like an alarm's rungs); the first ones to answer "I can come", up to the
//! places wanted, are accepted (the single writer takes answers one at a time, so never
//! more); the resident confirms it was done. The place and the phones are shown only
//! between the resident and the volunteers accepted. The resident may attach one photo,
//! taken through the shop's photo pipeline and shown to whoever may see the request.

use linli_app::api::alarms::{HelpEvent, HelpRequest, HelpState, HelpStep, Helper, PostHelp};
use linli_app::api::orders::RatingSubject;
use linli_app::api::Reason;
use linli_app::validate::{self, Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::notifications;
use crate::shop::items::photo;
use crate::shop::photos::Processed;
use crate::store::help::{self as store, HelpRow, HelperRow, NewHelp};
use crate::store::notifications::Links;
use crate::store::projects::{self as hours_store, HelpHours};

pub use crate::notifications::alarm_notices::{HELP_ANSWER, HELP_OFFER};

/// Posts a need and offers it to the grid's volunteers with the skill; straight to the
/// community when there are none.
pub fn post(
    conn: &Connection,
    user: &CurrentUser,
    req: &PostHelp,
    widen_secs: i64,
    now: i64,
) -> AppResult<i64> {
    let text = validate::text("text", &req.text, 1, 300)?;
    let place = validate::text("place", &req.place, 1, 100)?;
    if !(1..=10).contains(&req.places) {
        return Err(Invalid {
            field: "places",
            problem: Problem::OutOfRange { min: 1, max: 10 },
        }
        .into());
    }
    let (grid, community) = super::grid_and_community(conn, req.grid_id)?;
    let first: Vec<i64> = store::volunteers(conn, &grid.path, req.skill)?
        .into_iter()
        .filter(|p| *p != user.id)
        .collect();
    let id = store::insert(
        conn,
        &NewHelp {
            requester_id: user.id,
            grid_id: grid.id,
            community_id: community.id,
            skill: req.skill,
            urgency: req.urgency,
            place: &place,
            text: &text,
            places: req.places,
            widen_at: if first.is_empty() {
                now
            } else {
                now + widen_secs
            },
        },
        now,
    )?;
    offer(conn, id, &grid.name, &text, &first, 1, now)?;
    audit::record(
        conn,
        user.id,
        "help.post",
        &format!("help:{id}"),
        json!({"grid_id": grid.id, "reached": first.len()}),
    )?;
    if first.is_empty() {
        widen(conn, id, now)?;
    }
    Ok(id)
}

/// Offers a request in `round` to those not offered it before, each told live; how many.
fn offer(
    conn: &Connection,
    id: i64,
    grid: &str,
    text: &str,
    people: &[i64],
    round: i64,
    now: i64,
) -> AppResult<usize> {
    let params = json!({"help": id, "grid": grid, "text": text});
    let mut told = 0;
    for p in people {
        if store::offer(conn, id, *p, round)? {
            notifications::notify(conn, *p, HELP_OFFER, params.clone(), Links::default(), now)?;
            told += 1;
        }
    }
    Ok(told)
}

/// The wider round of request `id`, if due at `now` and still short of people: every
/// patrol volunteer of the community and everyone on duty there, once. Returns whether
/// this call took it.
pub fn widen(conn: &Connection, id: i64, now: i64) -> AppResult<bool> {
    let Some(h) = store::get(conn, id)? else {
        return Ok(false);
    };
    if h.widen_at.is_none_or(|at| at > now) {
        return Ok(false);
    }
    if h.state != HelpState::Open {
        store::cancel_widen(conn, id)?;
        return Ok(false);
    }
    if !store::take_widen(conn, id, now)? {
        return Ok(false);
    }
    let (_, community) = super::grid_and_community(conn, h.grid_id)?;
    let people: Vec<i64> = store::everyone_within(conn, &community.path, now)?
        .into_iter()
        .filter(|p| *p != h.requester_id)
        .collect();
    let told = offer(conn, id, &h.grid_name, &h.text, &people, 2, now)?;
    audit::record_system(
        conn,
        "help.widen",
        &format!("help:{id}"),
        json!({"community_id": community.id, "reached": told}),
        now,
    )?;
    Ok(true)
}

fn visible(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<HelpRow> {
    let h = store::get(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    let community = community_path(conn, h.grid_id)?;
    if h.requester_id == user.id
        || store::was_offered(conn, id, user.id)?
        || super::dispatches(user, &community)
    {
        Ok(h)
    } else {
        Err(AppError::FORBIDDEN)
    }
}

/// A request as `user` may see it.
pub fn view(conn: &Connection, user: &CurrentUser, h: HelpRow) -> AppResult<HelpRequest> {
    let helpers = store::helpers(conn, h.id)?;
    let asked = h.requester_id == user.id;
    let accepted = helpers.iter().any(|p| p.user_id == user.id);
    let timeline = timeline(conn, &h, &helpers)?;
    let rating = if asked || accepted {
        crate::ratings::of_rater(conn, RatingSubject::Help, h.id, h.requester_id)?
    } else {
        None
    };
    let can_rate = asked && h.state == HelpState::Done && rating.is_none();
    let my_hours = if accepted {
        hours_store::hours_of_help(conn, h.id, user.id)?.map(|r| r.record)
    } else {
        None
    };
    let can_log_hours = accepted && h.state == HelpState::Done && my_hours.is_none();
    let close = asked || accepted;
    let can_answer =
        h.state == HelpState::Open && !close && store::was_offered(conn, h.id, user.id)?;
    Ok(HelpRequest {
        id: h.id,
        grid_id: h.grid_id,
        grid_name: h.grid_name,
        requester_name: h.requester_name,
        requester_phone: accepted.then_some(h.requester_phone),
        place: close.then_some(h.place),
        skill: h.skill,
        urgency: h.urgency,
        text: h.text,
        places: h.places,
        state: h.state,
        helpers: helpers
            .into_iter()
            .map(|p| Helper {
                name: p.name,
                phone: asked.then_some(p.phone),
            })
            .collect(),
        created_at: h.created_at,
        done_at: h.done_at,
        photo: store::photo(conn, h.id)?.as_ref().map(photo),
        widen_at: h.widen_at,
        timeline,
        rating,
        can_rate,
        my_hours,
        can_log_hours,
        can_answer,
        mine: asked,
    })
}

/// Posted, sent wider, each answer, done, as stored; oldest first.
fn timeline(conn: &Connection, h: &HelpRow, helpers: &[HelperRow]) -> AppResult<Vec<HelpEvent>> {
    let (first, second) = store::reached(conn, h.id)?;
    let event = |step, who: Option<&str>, reached, at| HelpEvent {
        step,
        who: who.map(str::to_string),
        reached,
        at,
    };
    let mut out = vec![event(HelpStep::Posted, None, first, h.created_at)];
    if let Some(at) = h.widened_at {
        out.push(event(HelpStep::Widened, None, second, at));
    }
    for p in helpers {
        out.push(event(HelpStep::Answered, Some(&p.name), 0, p.at));
    }
    if let Some(at) = h.done_at {
        out.push(event(HelpStep::Done, None, 0, at));
    }
    out.sort_by_key(|e| e.at);
    Ok(out)
}

pub fn detail(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<HelpRequest> {
    let h = visible(conn, user, id)?;
    view(conn, user, h)
}

pub fn mine(conn: &Connection, user: &CurrentUser) -> AppResult<Vec<HelpRequest>> {
    store::of(conn, user.id, 50)?
        .into_iter()
        .map(|h| view(conn, user, h))
        .collect()
}

/// "I can come": a volunteer it was offered to, while places are left.
pub fn answer(conn: &Connection, user: &CurrentUser, id: i64, now: i64) -> AppResult<()> {
    let h = visible(conn, user, id)?;
    if !store::was_offered(conn, id, user.id)? {
        return Err(AppError::FORBIDDEN);
    }
    if h.state != HelpState::Open {
        return Err(AppError::Refused(Reason::HelpFull));
    }
    if !store::answer(conn, id, user.id, now)? {
        return Err(AppError::Refused(Reason::AlreadyAnswered));
    }
    if store::helpers(conn, id)?.len() as i64 >= h.places {
        store::set_state(conn, id, HelpState::Full, None)?;
        store::cancel_widen(conn, id)?;
    }
    let params = json!({"help": id, "grid": h.grid_name, "who": user.name});
    notifications::notify(
        conn,
        h.requester_id,
        HELP_ANSWER,
        params,
        Links::default(),
        now,
    )?;
    audit::record(
        conn,
        user.id,
        "help.answer",
        &format!("help:{id}"),
        json!({}),
    )
}

/// The resident confirms it was done.
pub fn done(conn: &Connection, user: &CurrentUser, id: i64, now: i64) -> AppResult<()> {
    let h = visible(conn, user, id)?;
    if h.requester_id != user.id {
        return Err(AppError::FORBIDDEN);
    }
    if h.state == HelpState::Done {
        return Err(AppError::Refused(Reason::HelpDone));
    }
    store::set_state(conn, id, HelpState::Done, Some(now))?;
    store::cancel_widen(conn, id)?;
    audit::record(conn, user.id, "help.done", &format!("help:{id}"), json!({}))
}

/// The checks before a photo is processed and after: the resident who asked, before it
/// is done, while it has none.
pub fn may_add_photo(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<HelpRow> {
    let h = store::get(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    if h.requester_id != user.id {
        return Err(AppError::FORBIDDEN);
    }
    if h.state == HelpState::Done {
        return Err(AppError::Refused(Reason::HelpDone));
    }
    if store::photo(conn, id)?.is_some() {
        return Err(AppError::Refused(Reason::HelpPhotoTaken));
    }
    Ok(h)
}

/// Attaches the request's photo (files already stored).
pub fn add_photo(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    p: &Processed,
    now: i64,
) -> AppResult<()> {
    may_add_photo(conn, user, id)?;
    if !store::insert_photo(conn, id, &p.hash, (p.width, p.height), user.id, now)? {
        return Err(AppError::Refused(Reason::HelpPhotoTaken));
    }
    audit::record(
        conn,
        user.id,
        "help.photo",
        &format!("help:{id}"),
        json!({"photo": p.hash}),
    )
}

/// A volunteer who came logs the time it took, once it is done: one hour record submitted
/// to the reviewers over their team, the same approval → points path as a patrol shift.
/// Logged again, it is the record already there. Returns whether it is new.
pub fn log_hours(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    minutes: i64,
    now: i64,
) -> AppResult<bool> {
    let h = store::get(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    let came = store::helpers(conn, id)?
        .into_iter()
        .find(|p| p.user_id == user.id)
        .ok_or(AppError::FORBIDDEN)?;
    if hours_store::hours_of_help(conn, id, user.id)?.is_some() {
        return Ok(false);
    }
    if h.state != HelpState::Done {
        return Err(AppError::Refused(Reason::HelpNotDone));
    }
    let minutes = validate::service_minutes(minutes)?;
    let team_id = crate::store::alarms::team_of(conn, user.id)?
        .ok_or(AppError::Refused(Reason::NoPatrolTeam))?;
    let hours = HelpHours {
        help_id: id,
        team_id,
        user_id: user.id,
        from: came.at,
        to: came.at + minutes * 60,
        minutes,
    };
    let record = hours_store::insert_help_hours(conn, &hours, user.id, now)?;
    audit::record(
        conn,
        user.id,
        "help.hours",
        &format!("help:{id}"),
        json!({"hours": record, "minutes": minutes, "team_id": team_id}),
    )?;
    Ok(true)
}

/// The path of the community a grid lies in.
fn community_path(conn: &Connection, grid_id: i64) -> AppResult<String> {
    Ok(super::grid_and_community(conn, grid_id)?.1.path)
}
