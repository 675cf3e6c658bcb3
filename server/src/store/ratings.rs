//! SQL of ratings: of service orders, attended project sessions and shop items. Rules live
//! in `crate::ratings`.

use linli_app::api::orders::{Rating, RatingSubject};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::AppResult;
use crate::store::org::enum_col;

/// A rating as stored (the comment whole, even when hidden).
#[derive(Debug, Clone, PartialEq)]
pub struct RatingRow {
    pub rating: Rating,
    pub hidden_reason: Option<String>,
}

const COLS: &str = "r.id, r.subject, r.subject_id, r.team_id, r.rater_id, u.name, r.stars,
    r.comment, r.hidden, r.reply, r.replied_at, r.created_at, r.edited_at, r.hidden_reason
    FROM ratings r JOIN users u ON u.id = r.rater_id";

fn row(r: &Row) -> rusqlite::Result<RatingRow> {
    Ok(RatingRow {
        rating: Rating {
            id: r.get(0)?,
            subject: enum_col(r, 1, RatingSubject::parse)?,
            subject_id: r.get(2)?,
            team_id: r.get(3)?,
            rater_id: r.get(4)?,
            rater_name: r.get(5)?,
            stars: r.get(6)?,
            comment: r.get(7)?,
            hidden: r.get(8)?,
            reply: r.get(9)?,
            replied_at: r.get(10)?,
            created_at: r.get(11)?,
            edited_at: r.get(12)?,
        },
        hidden_reason: r.get(13)?,
    })
}

pub fn by_id(conn: &Connection, id: i64) -> AppResult<Option<RatingRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} WHERE r.id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// The rating one person gave one subject.
pub fn of_rater(
    conn: &Connection,
    subject: RatingSubject,
    subject_id: i64,
    rater_id: i64,
) -> AppResult<Option<RatingRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLS} WHERE r.subject = ?1 AND r.subject_id = ?2 AND r.rater_id = ?3"
        ))?
        .query_row(params![subject.as_str(), subject_id, rater_id], row)
        .optional()?)
}

/// Ratings of a subject (or, with `team`, of every order and session of a team), newest
/// first.
pub fn list(
    conn: &Connection,
    subject: Option<(RatingSubject, i64)>,
    team_id: Option<i64>,
) -> AppResult<Vec<RatingRow>> {
    let (kind, id) = match subject {
        Some((s, id)) => (Some(s.as_str()), Some(id)),
        None => (None, None),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} WHERE (?1 IS NULL OR (r.subject = ?1 AND r.subject_id = ?2))
           AND (?3 IS NULL OR r.team_id = ?3)
         ORDER BY r.id DESC LIMIT 200"
    ))?;
    let rows = stmt.query_map(params![kind, id, team_id], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A new rating's fields.
pub struct NewRating<'a> {
    pub subject: RatingSubject,
    pub subject_id: i64,
    pub team_id: Option<i64>,
    pub rater_id: i64,
    pub stars: i64,
    pub comment: &'a str,
}

pub fn insert(conn: &Connection, r: &NewRating, now: i64) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO ratings (subject, subject_id, team_id, rater_id, stars, comment, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        r.subject.as_str(),
        r.subject_id,
        r.team_id,
        r.rater_id,
        r.stars,
        r.comment,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn edit(conn: &Connection, id: i64, stars: i64, comment: &str, now: i64) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE ratings SET stars = ?2, comment = ?3, edited_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, stars, comment, now])?;
    Ok(())
}

pub fn reply(conn: &Connection, id: i64, text: &str, by: i64, now: i64) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE ratings SET reply = ?2, replied_by = ?3, replied_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, text, by, now])?;
    Ok(())
}

pub fn hide(conn: &Connection, id: i64, reason: &str, by: i64) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE ratings SET hidden = 1, hidden_by = ?2, hidden_reason = ?3 WHERE id = ?1",
    )?
    .execute(params![id, by, reason])?;
    Ok(())
}

/// Average stars and count of a team's ratings (orders and sessions).
pub fn team_average(conn: &Connection, team_id: i64) -> AppResult<(Option<f64>, i64)> {
    Ok(conn
        .prepare_cached("SELECT AVG(stars), COUNT(*) FROM ratings WHERE team_id = ?1")?
        .query_row([team_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Average stars and count of the ratings of teams under a path.
pub fn average_under(conn: &Connection, team_path: &str) -> AppResult<(Option<f64>, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT AVG(r.stars), COUNT(*) FROM ratings r JOIN nodes n ON n.id = r.team_id
             WHERE substr(n.path, 1, length(?1)) = ?1",
        )?
        .query_row([team_path], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Average stars and count of the orders of one service.
pub fn service_average(conn: &Connection, service_id: i64) -> AppResult<(Option<f64>, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT AVG(r.stars), COUNT(*) FROM ratings r JOIN orders o ON o.id = r.subject_id
             WHERE r.subject = 'order' AND o.service_id = ?1",
        )?
        .query_row([service_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Did this person attend (check in to) this session?
pub fn attended(conn: &Connection, session_id: i64, user_id: i64) -> AppResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM signups WHERE session_id = ?1 AND user_id = ?2
                 AND checked_in_at IS NOT NULL)",
        )?
        .query_row([session_id, user_id], |r| r.get(0))?)
}

/// The team that ran a session.
pub fn session_team(conn: &Connection, session_id: i64) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.team_id FROM project_sessions s JOIN projects p ON p.id = s.project_id
             WHERE s.id = ?1",
        )?
        .query_row([session_id], |r| r.get(0))
        .optional()?)
}

/// Did this person take this shop item (a completed, unrefunded purchase)?
pub fn took_item(conn: &Connection, item_id: i64, user_id: i64) -> AppResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM shop_order_lines l JOIN shop_orders o ON o.id = l.order_id
                 WHERE l.item_id = ?1 AND o.user_id = ?2 AND o.status = 'completed')",
        )?
        .query_row([item_id, user_id], |r| r.get(0))?)
}

/// Average stars and count of the ratings of orders placed in an area.
pub fn average_in_area(conn: &Connection, area_path: &str) -> AppResult<(Option<f64>, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT AVG(r.stars), COUNT(*) FROM ratings r JOIN orders o ON o.id = r.subject_id
             JOIN nodes n ON n.id = o.territory_id
             WHERE r.subject = 'order' AND substr(n.path, 1, length(?1)) = ?1",
        )?
        .query_row([area_path], |r| Ok((r.get(0)?, r.get(1)?)))?)
}
