//! Ratings (评单): the person served rates a done order, an attendee rates a session they
//! checked in to, a person who took a shop item rates it, a trainee who attended rates the
//! course, a resident rates the help they asked for once it was done (shown only on the
//! request); once each, 1–5 stars and an optional plain-text comment, editable for 7 days. The team replies once; a reviewer
//! hides abusive words (the original stays in the audit log). Scores roll ratings and
//! order times up per team and per node.

pub mod http;

use linli_app::api::alarms::HelpState;
use linli_app::api::orders::{
    AssessmentLevel, OrderState, RateRequest, Rating, RatingSubject, Scores,
};
use linli_app::api::{Reason, Tree};
use linli_app::orders as rules;
use linli_app::roles::Role;
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::notifications::{self, RATING_REPLY};
use crate::store::notifications::Links;
use crate::store::orders as order_store;
use crate::store::ratings::{self as store, RatingRow};
use crate::store::{help as help_store, org, shop as shop_store, trainings as training_store};

/// What is shown: a hidden comment goes blank.
fn shown(row: RatingRow) -> Rating {
    let mut r = row.rating;
    if r.hidden {
        r.comment.clear();
    }
    r
}

pub fn existing(conn: &Connection, id: i64) -> AppResult<RatingRow> {
    store::by_id(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// Who may rate a subject, and which team it judges: 404 for no such subject, 403 for
/// someone who was not served, 409 when it cannot be rated yet.
fn rateable(
    conn: &Connection,
    user: &CurrentUser,
    subject: RatingSubject,
    id: i64,
) -> AppResult<Option<i64>> {
    match subject {
        RatingSubject::Order => {
            let o = order_store::order(conn, id)?.ok_or(AppError::NOT_FOUND)?;
            if o.served_id != Some(user.id) {
                return Err(AppError::FORBIDDEN);
            }
            if o.state != OrderState::Done {
                return Err(AppError::Refused(Reason::NotRatable));
            }
            Ok(o.team_id)
        }
        RatingSubject::Session => {
            let team = store::session_team(conn, id)?.ok_or(AppError::NOT_FOUND)?;
            if !store::attended(conn, id, user.id)? {
                return Err(AppError::FORBIDDEN);
            }
            Ok(Some(team))
        }
        RatingSubject::ShopItem => {
            shop_store::item(conn, id)?.ok_or(AppError::NOT_FOUND)?;
            if !store::took_item(conn, id, user.id)? {
                return Err(AppError::FORBIDDEN);
            }
            Ok(None)
        }
        RatingSubject::Training => {
            let t = training_store::training(conn, id)?.ok_or(AppError::NOT_FOUND)?;
            if training_store::attended(conn, id, user.id)?.0 == 0 {
                return Err(AppError::FORBIDDEN);
            }
            Ok(Some(t.node_id))
        }
        RatingSubject::Help => {
            let h = help_store::get(conn, id)?.ok_or(AppError::NOT_FOUND)?;
            if h.requester_id != user.id {
                return Err(AppError::FORBIDDEN);
            }
            if h.state != HelpState::Done {
                return Err(AppError::Refused(Reason::NotRatable));
            }
            Ok(None)
        }
    }
}

/// The rating `rater` gave a subject, as shown.
pub fn of_rater(
    conn: &Connection,
    subject: RatingSubject,
    id: i64,
    rater: i64,
) -> AppResult<Option<Rating>> {
    Ok(store::of_rater(conn, subject, id, rater)?.map(shown))
}

/// Rates a subject, once.
pub fn rate(
    conn: &Connection,
    user: &CurrentUser,
    subject: RatingSubject,
    id: i64,
    req: &RateRequest,
    now: i64,
) -> AppResult<Rating> {
    let team = rateable(conn, user, subject, id)?;
    let stars = rules::stars(req.stars)?;
    let comment = rules::comment(&req.comment)?;
    if store::of_rater(conn, subject, id, user.id)?.is_some() {
        return Err(AppError::Refused(Reason::AlreadyRated));
    }
    let new = store::NewRating {
        subject,
        subject_id: id,
        team_id: team,
        rater_id: user.id,
        stars,
        comment: &comment,
    };
    let rid = store::insert(conn, &new, now)?;
    Ok(shown(existing(conn, rid)?))
}

/// The rater edits their rating within 7 days of giving it.
pub fn edit(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    req: &RateRequest,
    now: i64,
) -> AppResult<Rating> {
    let r = existing(conn, id)?;
    if r.rating.rater_id != user.id {
        return Err(AppError::FORBIDDEN);
    }
    let stars = rules::stars(req.stars)?;
    let comment = rules::comment(&req.comment)?;
    if !rules::rating_editable(r.rating.created_at, now) {
        return Err(AppError::Refused(Reason::RatingLocked));
    }
    store::edit(conn, id, stars, &comment, now)?;
    Ok(shown(existing(conn, id)?))
}

fn team_path(conn: &Connection, r: &RatingRow) -> AppResult<Option<String>> {
    match r.rating.team_id {
        Some(t) => Ok(Some(org::existing_node(conn, t)?.path)),
        None => Ok(None),
    }
}

/// The rated team's leader replies, once.
pub fn reply(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    text: &str,
    now: i64,
) -> AppResult<Rating> {
    let r = existing(conn, id)?;
    let path = team_path(conn, &r)?.ok_or(AppError::FORBIDDEN)?;
    user.require_path(Role::TeamLeader, &path)?;
    let text = rules::required_text("note", text, 300)?;
    if r.rating.reply.is_some() {
        return Err(AppError::Refused(Reason::AlreadyReplied));
    }
    store::reply(conn, id, &text, user.id, now)?;
    let service = match r.rating.subject {
        RatingSubject::Order => order_store::order(conn, r.rating.subject_id)?
            .map(|o| o.order.service_title)
            .unwrap_or_default(),
        _ => String::new(),
    };
    let links = Links {
        order_id: (r.rating.subject == RatingSubject::Order).then_some(r.rating.subject_id),
        ..Links::default()
    };
    notifications::notify(
        conn,
        r.rating.rater_id,
        RATING_REPLY,
        json!({"rating": id, "service": service}),
        links,
        now,
    )?;
    Ok(shown(existing(conn, id)?))
}

/// A reviewer over the rated team (a global admin for shop items) hides the words; the
/// original and the reason go to the audit log.
pub fn hide(conn: &Connection, user: &CurrentUser, id: i64, reason: &str) -> AppResult<Rating> {
    let r = existing(conn, id)?;
    match team_path(conn, &r)? {
        Some(path) => user.require_path(Role::Reviewer, &path)?,
        None => user.require_global_admin()?,
    }
    let reason = validate_reason(reason)?;
    store::hide(conn, id, &reason, user.id)?;
    audit::record(
        conn,
        user.id,
        "rating.hide",
        &format!("rating:{id}"),
        json!({"reason": reason, "original": r.rating.comment, "stars": r.rating.stars}),
    )?;
    Ok(shown(existing(conn, id)?))
}

fn validate_reason(raw: &str) -> AppResult<String> {
    Ok(linli_app::validate::reason(raw)?)
}

/// Ratings of one subject or of one team, newest first (hidden words blank). A help
/// request's rating is not listed: it shows only on the request, to the people in it.
pub fn list(
    conn: &Connection,
    subject: Option<(RatingSubject, i64)>,
    team: Option<i64>,
) -> AppResult<Vec<Rating>> {
    if subject.is_some_and(|(s, _)| s == RatingSubject::Help) {
        return Ok(Vec::new());
    }
    Ok(store::list(conn, subject, team)?
        .into_iter()
        .map(shown)
        .collect())
}

// ---- scores --------------------------------------------------------------------------------

fn median(mut v: Vec<i64>) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    })
}

/// Scores of the node (a team, a branch, or a place in the territory tree) and all
/// below it.
pub fn scores(conn: &Connection, node_id: i64) -> AppResult<Scores> {
    let node = org::existing_node(conn, node_id)?;
    let by_team = node.tree == Tree::Org;
    let times = order_store::timings_under(conn, &node.path, by_team)?;
    let (rating, ratings) = if by_team {
        store::average_under(conn, &node.path)?
    } else {
        store::average_in_area(conn, &node.path)?
    };
    let accepted = times.iter().filter(|t| t.accepted_at.is_some()).count();
    let done = times.iter().filter(|t| t.state == OrderState::Done).count();
    let review = times
        .iter()
        .filter_map(|t| Some(t.reviewed_at? - t.submitted_at))
        .collect();
    let accept = times
        .iter()
        .filter_map(|t| Some(t.accepted_at? - t.reviewed_at?))
        .collect();
    let complete = times
        .iter()
        .filter_map(|t| Some(t.done_at? - t.accepted_at?))
        .collect();
    Ok(Scores {
        node_id: node.id,
        name: node.name,
        rating,
        ratings,
        orders: times.len() as i64,
        done: done as i64,
        completion_rate: (accepted > 0).then(|| done as f64 / accepted as f64),
        median_review_secs: median(review),
        median_accept_secs: median(accept),
        median_complete_secs: median(complete),
    })
}

/// The assessment table: the teams in the reviewer's reach, or the communities where
/// orders in their reach (by area or by the service's team) were placed; best rated
/// first, unrated last, then by completion rate.
pub fn assessment(
    conn: &Connection,
    user: &CurrentUser,
    level: AssessmentLevel,
) -> AppResult<Vec<Scores>> {
    user.require_anywhere(Role::Reviewer)?;
    let mut rows = Vec::new();
    match level {
        AssessmentLevel::Teams => {
            for (id, _, path) in order_store::teams(conn)? {
                if user.has(Role::Reviewer, &path) {
                    rows.push(scores(conn, id)?);
                }
            }
        }
        AssessmentLevel::Communities => {
            let places = order_store::order_places(conn)?;
            for (id, path) in order_store::communities(conn)? {
                let reached = places.iter().any(|(area, team)| {
                    area.starts_with(&path)
                        && (user.has(Role::Reviewer, area) || user.has(Role::Reviewer, team))
                });
                if reached {
                    rows.push(scores(conn, id)?);
                }
            }
        }
    }
    rows.sort_by(|a, b| {
        let key = |s: &Scores| (s.rating.unwrap_or(-1.0), s.completion_rate.unwrap_or(-1.0));
        key(b)
            .partial_cmp(&key(a))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.node_id.cmp(&b.node_id))
    });
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2));
    }
}
