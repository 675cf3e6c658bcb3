//! People, their role grants and the teams they are in.

use linli_app::api::{Profile, Reason, RoleGrant, TeamRef, UserSummary};
use linli_app::i18n::Lang;
use linli_app::roles::Role;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{AppError, AppResult};
use crate::store::is_unique_violation;

/// A role held at a node; `path` is the node's materialised path. What a grant reaches is
/// `crate::auth`'s rule (`Grant::reaches`).
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub id: i64,
    pub role: Role,
    pub node_id: i64,
    pub path: String,
}

/// Creates a person; a taken phone is a 409.
pub fn insert_user(
    conn: &Connection,
    name: &str,
    phone: &str,
    password_hash: &str,
    now: i64,
) -> AppResult<i64> {
    let res = conn
        .prepare_cached(
            "INSERT INTO users (name, phone, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![name, phone, password_hash, now]);
    match res {
        Ok(_) => Ok(conn.last_insert_rowid()),
        Err(e) if is_unique_violation(&e) => Err(AppError::Refused(Reason::PhoneTaken)),
        Err(e) => Err(e.into()),
    }
}

pub fn phone_taken(conn: &Connection, phone: &str) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM users WHERE phone = ?1")?
        .query_row([phone], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The id and password hash of the person with this phone.
pub fn credentials(conn: &Connection, phone: &str) -> AppResult<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached("SELECT id, password_hash FROM users WHERE phone = ?1")?
        .query_row([phone], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn user_exists(conn: &Connection, id: i64) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM users WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn lang_of(code: String) -> Lang {
    Lang::from_code(&code).unwrap_or_default()
}

/// Name and language of a person.
pub fn identity(conn: &Connection, id: i64) -> AppResult<Option<(String, Lang)>> {
    Ok(conn
        .prepare_cached("SELECT name, lang FROM users WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, lang_of(r.get(1)?))))
        .optional()?)
}

fn role_col(r: &rusqlite::Row, idx: usize) -> rusqlite::Result<Role> {
    let s: String = r.get(idx)?;
    Role::parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unknown role {s:?}").into(),
        )
    })
}

/// A person's grants with the path of each grant's node (for scope checks).
pub fn grants(conn: &Connection, user_id: i64) -> AppResult<Vec<Grant>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.role, g.node_id, n.path FROM role_grants g JOIN nodes n ON n.id = g.node_id
         WHERE g.user_id = ?1 ORDER BY g.id",
    )?;
    let rows = stmt.query_map([user_id], |r| {
        Ok(Grant {
            id: r.get(0)?,
            role: role_col(r, 1)?,
            node_id: r.get(2)?,
            path: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Paths of every node a person is attached to (teams and grants): an admin whose
/// scope holds one of them may see the person.
pub fn node_paths(conn: &Connection, user_id: i64) -> AppResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.path FROM memberships m JOIN nodes n ON n.id = m.node_id WHERE m.user_id = ?1
         UNION
         SELECT n.path FROM role_grants g JOIN nodes n ON n.id = g.node_id WHERE g.user_id = ?1",
    )?;
    let rows = stmt.query_map([user_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A person's page: who they are, their roles and their teams.
pub fn profile(conn: &Connection, id: i64) -> AppResult<Option<Profile>> {
    let Some((name, phone, lang, created_at)) = conn
        .prepare_cached("SELECT name, phone, lang, created_at FROM users WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, lang_of(r.get(2)?), r.get(3)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    Ok(Some(Profile {
        id,
        name,
        phone,
        lang,
        roles: role_grants(conn, id)?,
        teams: teams(conn, id)?,
        created_at,
    }))
}

fn role_grants(conn: &Connection, user_id: i64) -> AppResult<Vec<RoleGrant>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.role, g.node_id, n.name FROM role_grants g JOIN nodes n ON n.id = g.node_id
         WHERE g.user_id = ?1 ORDER BY g.id",
    )?;
    let rows = stmt.query_map([user_id], |r| {
        Ok(RoleGrant {
            id: r.get(0)?,
            role: role_col(r, 1)?,
            node_id: r.get(2)?,
            node_name: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn teams(conn: &Connection, user_id: i64) -> AppResult<Vec<TeamRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.name FROM memberships m JOIN nodes n ON n.id = m.node_id
         WHERE m.user_id = ?1 ORDER BY n.path",
    )?;
    let rows = stmt.query_map([user_id], |r| {
        Ok(TeamRef {
            node_id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Changes a person's own name and/or language.
pub fn update_me(
    conn: &Connection,
    id: i64,
    name: Option<&str>,
    lang: Option<Lang>,
) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE users SET name = COALESCE(?2, name), lang = COALESCE(?3, lang) WHERE id = ?1",
    )?
    .execute(params![id, name, lang.map(Lang::code)])?;
    Ok(())
}

/// Replaces a person's password hash.
pub fn set_password(conn: &Connection, id: i64, password_hash: &str) -> AppResult<()> {
    conn.prepare_cached("UPDATE users SET password_hash = ?2 WHERE id = ?1")?
        .execute(params![id, password_hash])?;
    Ok(())
}

/// The password hash of a person.
pub fn password_hash(conn: &Connection, id: i64) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT password_hash FROM users WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Stores a person's reset code (its hash), replacing any earlier one.
pub fn put_reset_code(
    conn: &Connection,
    user_id: i64,
    code_hash: &[u8],
    issued_by: i64,
    now: i64,
    expires_at: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO password_resets (user_id, code_hash, issued_by, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![user_id, code_hash, issued_by, now, expires_at])?;
    Ok(())
}

/// Uses up a person's live reset code if it is this one: true when it was.
pub fn take_reset_code(
    conn: &Connection,
    user_id: i64,
    code_hash: &[u8],
    now: i64,
) -> AppResult<bool> {
    let n = conn
        .prepare_cached(
            "DELETE FROM password_resets WHERE user_id = ?1 AND code_hash = ?2 AND expires_at > ?3",
        )?
        .execute(params![user_id, code_hash, now])?;
    Ok(n == 1)
}

/// People with id above `after` whose name or phone contains `q`, by id, at most `limit`.
pub fn search(
    conn: &Connection,
    q: Option<&str>,
    after: i64,
    limit: i64,
) -> AppResult<Vec<UserSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, phone FROM users
         WHERE id > ?1 AND (?2 IS NULL OR instr(name, ?2) > 0 OR instr(phone, ?2) > 0)
         ORDER BY id LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![after, q, limit], |r| {
        Ok(UserSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Grants a role at a node; the same grant twice is a 409.
pub fn insert_grant(
    conn: &Connection,
    user_id: i64,
    role: Role,
    node_id: i64,
    granted_by: Option<i64>,
    now: i64,
) -> AppResult<i64> {
    let res = conn
        .prepare_cached(
            "INSERT INTO role_grants (user_id, role, node_id, granted_by, granted_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![user_id, role.as_str(), node_id, granted_by, now]);
    match res {
        Ok(_) => Ok(conn.last_insert_rowid()),
        Err(e) if is_unique_violation(&e) => Err(AppError::Refused(Reason::AlreadyGranted)),
        Err(e) => Err(e.into()),
    }
}

/// A grant by id, with its node's path and name.
pub fn grant(conn: &Connection, grant_id: i64) -> AppResult<Option<(i64, Grant, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT g.user_id, g.id, g.role, g.node_id, n.path, n.name
             FROM role_grants g JOIN nodes n ON n.id = g.node_id WHERE g.id = ?1",
        )?
        .query_row([grant_id], |r| {
            Ok((
                r.get(0)?,
                Grant {
                    id: r.get(1)?,
                    role: role_col(r, 2)?,
                    node_id: r.get(3)?,
                    path: r.get(4)?,
                },
                r.get(5)?,
            ))
        })
        .optional()?)
}

pub fn delete_grant(conn: &Connection, grant_id: i64) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM role_grants WHERE id = ?1")?
        .execute([grant_id])?;
    Ok(())
}

/// How many admin grants sit at a root node (global administrators' grants).
pub fn root_admin_grants(conn: &Connection) -> AppResult<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*) FROM role_grants g JOIN nodes n ON n.id = g.node_id
         WHERE g.role = 'admin' AND n.parent_id IS NULL",
        )?
        .query_row([], |r| r.get(0))?)
}
