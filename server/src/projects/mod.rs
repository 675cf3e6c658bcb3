//! The project board (S5, S8): teams publish projects with sessions, a reviewer approves
//! them, residents sign up (a waitlist when full, promoted on cancellation), leaders check
//! people in and out, hours are recorded, submitted and approved, and approved hours earn
//! points through the ledger, once per record.
//!
//! Who may do what: a project's team leader (a `team_leader` grant reaching the team)
//! edits it, runs its sessions and records hours; a reviewer whose grant reaches the team
//! approves projects and hours; everyone signed in sees published projects and signs up.

pub mod attendance;
pub mod demo;
pub mod http;
pub mod ics;
pub mod record;
pub mod signing;
pub mod signups;

use linli_app::api::projects::{
    CreateProject, ManageQuery, NewSession, Project, ProjectStatus, ProjectSummary, ProjectTeam,
    Repeat, UpdateProject,
};
use linli_app::api::{NodeKind, Reason, Tree};
use linli_app::projects as rules;
use linli_app::roles::Role;
use linli_app::validate::Problem;
use rusqlite::Connection;
use serde_json::json;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::store::projects::{self as store, ProjectRow};
use crate::store::{ledger as ledger_store, org};

pub(crate) fn wrong_state() -> AppError {
    AppError::Refused(Reason::ProjectState)
}

/// The project, or 404.
pub fn existing(conn: &Connection, id: i64) -> AppResult<ProjectRow> {
    store::project(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// 403 unless `user` leads the project's team.
pub fn require_leader(user: &CurrentUser, p: &ProjectRow) -> AppResult<()> {
    user.require_path(Role::TeamLeader, &p.team_path)
}

/// 403 unless `user` reviews the project's team.
pub fn require_reviewer(user: &CurrentUser, p: &ProjectRow) -> AppResult<()> {
    user.require_path(Role::Reviewer, &p.team_path)
}

pub fn manages(user: &CurrentUser, p: &ProjectRow) -> bool {
    user.has(Role::TeamLeader, &p.team_path) || user.has(Role::Reviewer, &p.team_path)
}

/// Published and closed projects are public to everyone signed in; others only to their
/// leaders and reviewers (404 for the rest, so drafts don't leak).
pub fn require_visible(user: &CurrentUser, p: &ProjectRow) -> AppResult<()> {
    if matches!(p.status, ProjectStatus::Published | ProjectStatus::Closed) || manages(user, p) {
        Ok(())
    } else {
        Err(AppError::NOT_FOUND)
    }
}

fn check_activity(conn: &Connection, code: &str) -> AppResult<String> {
    let code = code.trim();
    let rules = ledger_store::current_rules(conn)?;
    if rules.rules.activities.iter().any(|a| a.code == code) {
        Ok(code.to_string())
    } else {
        Err(AppError::invalid("activity", Problem::UnknownOption))
    }
}

fn check_territory(conn: &Connection, id: Option<i64>) -> AppResult<Option<i64>> {
    let Some(id) = id else { return Ok(None) };
    let node =
        org::node(conn, id)?.ok_or(AppError::invalid("territory_id", Problem::UnknownOption))?;
    if node.tree != Tree::Territory {
        return Err(AppError::invalid("territory_id", Problem::WrongTree));
    }
    Ok(Some(id))
}

fn check_window(opens: Option<i64>, closes: Option<i64>) -> AppResult<()> {
    if let (Some(o), Some(c)) = (opens, closes) {
        if c < o {
            return Err(AppError::invalid(
                "signup_closes_at",
                Problem::NotBefore { at: o },
            ));
        }
    }
    Ok(())
}

/// The sessions a request creates: each checked, repeated weekly when asked, sorted.
pub fn expand_sessions(
    sessions: &[NewSession],
    repeat: Option<&Repeat>,
    now: i64,
) -> AppResult<Vec<NewSession>> {
    if sessions.len() > rules::MAX_SESSIONS {
        return Err(AppError::invalid(
            "sessions",
            Problem::OutOfRange {
                min: 0,
                max: rules::MAX_SESSIONS as i64,
            },
        ));
    }
    let mut out = Vec::new();
    for s in sessions {
        let s = rules::session(s, now)?;
        match repeat {
            None => out.push(s),
            Some(r) => out.extend(rules::expand_weekly(&s, &r.weekdays, r.until)?),
        }
        if out.len() > rules::MAX_SESSIONS {
            return Err(AppError::invalid(
                "sessions",
                Problem::OutOfRange {
                    min: 0,
                    max: rules::MAX_SESSIONS as i64,
                },
            ));
        }
    }
    out.sort_by_key(|s| (s.starts_at, s.ends_at));
    out.dedup_by_key(|s| (s.starts_at, s.ends_at));
    Ok(out)
}

/// A team leader drafts a project for their team.
pub fn create(
    conn: &Connection,
    user: &CurrentUser,
    req: &CreateProject,
    now: i64,
) -> AppResult<Project> {
    user.require_anywhere(Role::TeamLeader)?;
    let team = org::existing_node(conn, req.team_id)?;
    user.require_path(Role::TeamLeader, &team.path)?;
    if team.kind != NodeKind::Team {
        return Err(AppError::Refused(Reason::NotATeam));
    }
    check_window(req.signup_opens_at, req.signup_closes_at)?;
    let row = ProjectRow {
        id: 0,
        team_id: team.id,
        team_name: team.name.clone(),
        team_path: team.path.clone(),
        title: rules::title(&req.title)?,
        category: req.category,
        description: rules::description(&req.description)?,
        place: rules::place(&req.place)?,
        territory_id: check_territory(conn, req.territory_id)?,
        activity: check_activity(conn, &req.activity)?,
        skills: rules::skills(&req.skills)?,
        signup_opens_at: req.signup_opens_at,
        signup_closes_at: req.signup_closes_at,
        cancel_cutoff_minutes: rules::cancel_cutoff(req.cancel_cutoff_minutes)?,
        status: ProjectStatus::Draft,
        reject_reason: None,
        created_at: now,
    };
    let sessions = expand_sessions(&req.sessions, req.repeat.as_ref(), now)?;
    let id = store::insert_project(conn, &row, user.id, now)?;
    for s in &sessions {
        store::insert_session(conn, id, s)?;
    }
    audit::record(
        conn,
        user.id,
        "project.create",
        &format!("project:{id}"),
        json!({ "team_id": team.id, "title": row.title, "sessions": sessions.len() }),
    )?;
    detail(conn, id)
}

/// The leader edits a draft or rejected project.
pub fn update(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    req: &UpdateProject,
    now: i64,
) -> AppResult<Project> {
    let mut p = existing(conn, id)?;
    require_visible(user, &p)?;
    require_leader(user, &p)?;
    if !matches!(p.status, ProjectStatus::Draft | ProjectStatus::Rejected) {
        return Err(wrong_state());
    }
    if let Some(t) = &req.title {
        p.title = rules::title(t)?;
    }
    if let Some(c) = req.category {
        p.category = c;
    }
    if let Some(d) = &req.description {
        p.description = rules::description(d)?;
    }
    if let Some(pl) = &req.place {
        p.place = rules::place(pl)?;
    }
    if req.territory_id.is_some() {
        p.territory_id = check_territory(conn, req.territory_id)?;
    }
    if let Some(a) = &req.activity {
        p.activity = check_activity(conn, a)?;
    }
    if let Some(s) = &req.skills {
        p.skills = rules::skills(s)?;
    }
    if req.signup_opens_at.is_some() {
        p.signup_opens_at = req.signup_opens_at;
    }
    if req.signup_closes_at.is_some() {
        p.signup_closes_at = req.signup_closes_at;
    }
    if req.cancel_cutoff_minutes.is_some() {
        p.cancel_cutoff_minutes = rules::cancel_cutoff(req.cancel_cutoff_minutes)?;
    }
    check_window(p.signup_opens_at, p.signup_closes_at)?;
    store::update_project(conn, &p, now)?;
    audit::record(
        conn,
        user.id,
        "project.update",
        &format!("project:{id}"),
        json!({ "title": p.title }),
    )?;
    detail(conn, id)
}

/// The leader adds sessions (not to a closed project).
pub fn add_sessions(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    sessions: &[NewSession],
    repeat: Option<&Repeat>,
    now: i64,
) -> AppResult<Project> {
    let p = existing(conn, id)?;
    require_visible(user, &p)?;
    require_leader(user, &p)?;
    if p.status == ProjectStatus::Closed {
        return Err(wrong_state());
    }
    if sessions.is_empty() {
        return Err(AppError::invalid("sessions", Problem::Required));
    }
    let new = expand_sessions(sessions, repeat, now)?;
    let existing_count = store::sessions_of(conn, id)?.len();
    if existing_count + new.len() > 2 * rules::MAX_SESSIONS {
        return Err(AppError::invalid(
            "sessions",
            Problem::OutOfRange {
                min: 1,
                max: (2 * rules::MAX_SESSIONS - existing_count) as i64,
            },
        ));
    }
    for s in &new {
        store::insert_session(conn, id, s)?;
    }
    audit::record(
        conn,
        user.id,
        "project.sessions.add",
        &format!("project:{id}"),
        json!({ "sessions": new.len() }),
    )?;
    detail(conn, id)
}

/// What can happen to a project's status, and who does it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// Leader: draft or rejected → submitted (needs a session).
    Submit,
    /// Reviewer: submitted → published.
    Approve,
    /// Reviewer: submitted → rejected, with a reason.
    Reject(String),
    /// Leader or reviewer: published → closed.
    Close,
}

/// The status a transition leads to from `from`, if it may.
pub fn next_status(from: ProjectStatus, t: &Transition) -> Option<ProjectStatus> {
    use ProjectStatus::*;
    match (from, t) {
        (Draft | Rejected, Transition::Submit) => Some(Submitted),
        (Submitted, Transition::Approve) => Some(Published),
        (Submitted, Transition::Reject(_)) => Some(Rejected),
        (Published, Transition::Close) => Some(Closed),
        _ => None,
    }
}

pub fn transition(
    conn: &Connection,
    user: &CurrentUser,
    id: i64,
    t: Transition,
    now: i64,
) -> AppResult<Project> {
    let p = existing(conn, id)?;
    require_visible(user, &p)?;
    match &t {
        Transition::Submit => require_leader(user, &p)?,
        Transition::Approve | Transition::Reject(_) => require_reviewer(user, &p)?,
        Transition::Close => {
            if !manages(user, &p) {
                return Err(AppError::FORBIDDEN);
            }
        }
    }
    let to = next_status(p.status, &t).ok_or_else(wrong_state)?;
    if t == Transition::Submit && store::sessions_of(conn, id)?.is_empty() {
        return Err(AppError::invalid("sessions", Problem::Required));
    }
    let reason = match &t {
        Transition::Reject(r) => Some(r.as_str()),
        _ => None,
    };
    store::set_project_status(conn, id, to, reason, now)?;
    audit::record(
        conn,
        user.id,
        &format!("project.{}", to.as_str()),
        &format!("project:{id}"),
        json!({ "from": p.status, "to": to, "reason": reason }),
    )?;
    detail(conn, id)
}

/// The team with its rating: the average stars of its rated orders and sessions.
fn team(conn: &Connection, p: &ProjectRow) -> AppResult<ProjectTeam> {
    let (rating, ratings) = crate::store::ratings::team_average(conn, p.team_id)?;
    Ok(ProjectTeam {
        node_id: p.team_id,
        name: p.team_name.clone(),
        rating,
        ratings,
    })
}

pub fn detail(conn: &Connection, id: i64) -> AppResult<Project> {
    let p = existing(conn, id)?;
    let sessions = store::sessions_of(conn, id)?;
    Ok(Project {
        id: p.id,
        title: p.title.clone(),
        category: p.category,
        status: p.status,
        team: team(conn, &p)?,
        description: p.description.clone(),
        place: p.place.clone(),
        territory_id: p.territory_id,
        activity: p.activity.clone(),
        skills: p.skills.clone(),
        signup_opens_at: p.signup_opens_at,
        signup_closes_at: p.signup_closes_at,
        cancel_cutoff_minutes: p.cancel_cutoff_minutes,
        reject_reason: p.reject_reason.clone(),
        sessions,
        created_at: p.created_at,
    })
}

/// The board's filter, checked.
#[derive(Debug, Clone, Default)]
pub struct BoardFilter {
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub has_places: bool,
}

/// A project's board line, or None when its sessions don't pass the filter.
fn summary(
    conn: &Connection,
    p: &ProjectRow,
    f: &BoardFilter,
    now: i64,
) -> AppResult<Option<ProjectSummary>> {
    let sessions = store::sessions_of(conn, p.id)?;
    let in_range = |start: i64| f.from.is_none_or(|a| start >= a) && f.to.is_none_or(|b| start < b);
    let upcoming: Vec<_> = sessions.iter().filter(|s| s.starts_at > now).collect();
    let places_left: i64 = upcoming
        .iter()
        .filter(|s| in_range(s.starts_at))
        .map(|s| s.places_left)
        .sum();
    if (f.from.is_some() || f.to.is_some()) && !sessions.iter().any(|s| in_range(s.starts_at)) {
        return Ok(None);
    }
    if f.has_places && places_left == 0 {
        return Ok(None);
    }
    Ok(Some(ProjectSummary {
        id: p.id,
        title: p.title.clone(),
        category: p.category,
        status: p.status,
        team: team(conn, p)?,
        place: p.place.clone(),
        territory_id: p.territory_id,
        next_starts_at: upcoming.first().map(|s| s.starts_at),
        places_left,
        upcoming_sessions: upcoming.len() as i64,
    }))
}

/// Published projects matching the board's filters.
pub fn board(
    conn: &Connection,
    q: &linli_app::api::projects::BoardQuery,
    now: i64,
) -> AppResult<Vec<ProjectSummary>> {
    let territory = match q.territory_id {
        Some(id) => {
            let node = org::existing_node(conn, id)?;
            if node.tree != Tree::Territory {
                return Err(AppError::invalid("territory_id", Problem::WrongTree));
            }
            Some(node.path)
        }
        None => None,
    };
    let rows = store::projects(
        conn,
        &[ProjectStatus::Published],
        q.category,
        q.team_id,
        territory.as_deref(),
    )?;
    let f = BoardFilter {
        from: q.from,
        to: q.to,
        has_places: q.has_places.unwrap_or(false),
    };
    let mut out = Vec::new();
    for p in &rows {
        if let Some(s) = summary(conn, p, &f, now)? {
            out.push(s);
        }
    }
    Ok(out)
}

/// Projects the caller leads or reviews, in any state (403 for those who do neither).
pub fn managed(
    conn: &Connection,
    user: &CurrentUser,
    q: &ManageQuery,
    now: i64,
) -> AppResult<Vec<ProjectSummary>> {
    if !user.has_role_anywhere(Role::TeamLeader) && !user.has_role_anywhere(Role::Reviewer) {
        return Err(AppError::FORBIDDEN);
    }
    let statuses: Vec<ProjectStatus> = match q.status {
        Some(s) => vec![s],
        None => ProjectStatus::ALL.to_vec(),
    };
    let rows = store::projects(conn, &statuses, None, q.team_id, None)?;
    let mut out = Vec::new();
    for p in rows.iter().filter(|p| manages(user, p)) {
        if let Some(s) = summary(conn, p, &BoardFilter::default(), now)? {
            out.push(s);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The status machine: submit from draft or rejected, review only what was
    /// submitted, close only what is published.
    #[test]
    fn projects_move_draft_submitted_published_closed() {
        use ProjectStatus::*;
        assert_eq!(next_status(Draft, &Transition::Submit), Some(Submitted));
        assert_eq!(next_status(Rejected, &Transition::Submit), Some(Submitted));
        assert_eq!(
            next_status(Submitted, &Transition::Approve),
            Some(Published)
        );
        assert_eq!(
            next_status(Submitted, &Transition::Reject("x".into())),
            Some(Rejected)
        );
        assert_eq!(next_status(Published, &Transition::Close), Some(Closed));
        assert_eq!(next_status(Draft, &Transition::Approve), None);
        assert_eq!(next_status(Published, &Transition::Submit), None);
        assert_eq!(next_status(Closed, &Transition::Close), None);
        assert_eq!(next_status(Draft, &Transition::Close), None);
    }
}
