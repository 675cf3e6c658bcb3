//! Who is asking, and what they may do.
//!
//! Every signed-in person is a resident. Other roles are granted at a node of the
//! organisation tree and reach its whole subtree; an admin grant satisfies any role's
//! check within its subtree. A global admin holds admin at a root node.

pub mod limit;
pub mod password;
pub mod session;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use linli_app::i18n::Lang;
use linli_app::roles::Role;
use rusqlite::Connection;

use crate::config::Config;
use crate::error::{AppError, AppResult};
use crate::org::tree;
use crate::store::{self, now};
use crate::AppState;

/// Shared by the auth handlers: the password hasher and the attempt limits.
#[derive(Clone, Default)]
pub struct AuthState {
    pub passwords: password::Passwords,
    pub limits: Arc<limit::Limits>,
}

impl AuthState {
    pub fn new(config: &Config) -> AuthState {
        AuthState {
            passwords: password::Passwords::default(),
            limits: Arc::new(limit::Limits::new(
                config.login_failures_per_ip,
                config.registrations_per_ip,
            )),
        }
    }
}

/// A role held at a node, as stored (the store reads grants without knowing their rules).
pub use crate::store::accounts::Grant;

impl Grant {
    /// Does this grant give `role` at the node with `path`?
    pub fn reaches(&self, role: Role, path: &str) -> bool {
        satisfies(self.role, role) && tree::is_within(path, &self.path)
    }
}

/// Does holding `held` allow what `wanted` allows? Admin allows everything.
pub fn satisfies(held: Role, wanted: Role) -> bool {
    held == wanted || held == Role::Admin || wanted == Role::Resident
}

/// The signed-in person, loaded from the session cookie on every request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub lang: Lang,
    pub grants: Vec<Grant>,
    /// SHA-256 of the session token, so sign-out can end this session.
    pub session_hash: Vec<u8>,
}

impl CurrentUser {
    /// May this person act as `role` at the node with `path`?
    pub fn has(&self, role: Role, path: &str) -> bool {
        role == Role::Resident || self.grants.iter().any(|g| g.reaches(role, path))
    }

    /// Holds `role` (or admin) somewhere: a cheap first check before loading a node.
    pub fn has_role_anywhere(&self, role: Role) -> bool {
        role == Role::Resident || self.grants.iter().any(|g| satisfies(g.role, role))
    }

    /// An admin at a root node: reaches every organisation and the territory tree.
    pub fn is_global_admin(&self) -> bool {
        self.grants
            .iter()
            .any(|g| g.role == Role::Admin && tree::is_root(&g.path))
    }

    /// 403 unless this person may act as `role` at the node with `path`.
    pub fn require_path(&self, role: Role, path: &str) -> AppResult<()> {
        if self.has(role, path) {
            Ok(())
        } else {
            Err(AppError::FORBIDDEN)
        }
    }

    /// 403 unless this person may act as `role` at node `node_id` (404 if no such node).
    /// Takes a connection so it can run inside the write transaction it guards.
    pub fn require(&self, conn: &Connection, role: Role, node_id: i64) -> AppResult<()> {
        let node = store::org::existing_node(conn, node_id)?;
        self.require_path(role, &node.path)
    }

    /// 403 unless this person holds `role` (or admin) somewhere.
    pub fn require_anywhere(&self, role: Role) -> AppResult<()> {
        if self.has_role_anywhere(role) {
            Ok(())
        } else {
            Err(AppError::FORBIDDEN)
        }
    }

    /// 403 unless this person is a global admin.
    pub fn require_global_admin(&self) -> AppResult<()> {
        if self.is_global_admin() {
            Ok(())
        } else {
            Err(AppError::FORBIDDEN)
        }
    }

    /// Does an admin grant of this person reach any of these node paths?
    pub fn administers_any(&self, paths: &[String]) -> bool {
        self.is_global_admin() || paths.iter().any(|p| self.has(Role::Admin, p))
    }
}

/// Opens a session for `user_id` under a new token's hash, ending the session the
/// browser presented (sign-in rotates the token) and any expired ones.
pub fn start_session(
    conn: &Connection,
    user_id: i64,
    token_hash: &[u8],
    replaced: Option<&[u8]>,
) -> AppResult<()> {
    let now = now();
    if let Some(old) = replaced {
        store::sessions::delete(conn, old)?;
    }
    store::sessions::delete_expired(conn, now)?;
    store::sessions::insert(conn, token_hash, user_id, now, now + session::TTL_SECS)
}

/// Loads the person behind a session token hash, if the session is live.
pub fn load_user(conn: &Connection, token_hash: Vec<u8>) -> AppResult<Option<CurrentUser>> {
    let Some(id) = store::sessions::user_of(conn, &token_hash, now())? else {
        return Ok(None);
    };
    let Some((name, lang)) = store::accounts::identity(conn, id)? else {
        return Ok(None);
    };
    Ok(Some(CurrentUser {
        id,
        name,
        lang,
        grants: store::accounts::grants(conn, id)?,
        session_hash: token_hash,
    }))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let token = session::token_from(&parts.headers).ok_or(AppError::UNAUTHENTICATED)?;
        let hash = session::hash(&token);
        state
            .db
            .read_small(move |c| load_user(c, hash))
            .await?
            .ok_or(AppError::UNAUTHENTICATED)
    }
}

/// The client's address, for per-IP limits. Requests without connection info (a
/// router driven directly in a test) share one bucket.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

/// The client's address: the peer's, unless the peer is a trusted proxy; then the
/// nearest address in `X-Forwarded-For` (read from the right, the end the proxies
/// append to) that is not itself a trusted proxy. Entries further left were written by
/// the client and could be anything, so they are never preferred.
pub fn client_ip(peer: Option<IpAddr>, forwarded_for: &[&str], trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    forwarded_for
        .iter()
        .rev()
        .flat_map(|h| h.split(',').rev())
        .map_while(|a| a.trim().parse::<IpAddr>().ok())
        .find(|a| !trusted.contains(a))
        .unwrap_or(peer)
        .to_string()
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Ok(ClientIp(client_ip(
            peer,
            &forwarded,
            &state.config.trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, path: &str) -> Grant {
        Grant {
            id: 1,
            role,
            node_id: 1,
            path: path.into(),
        }
    }

    fn user(grants: Vec<Grant>) -> CurrentUser {
        CurrentUser {
            id: 1,
            name: "测试".into(),
            lang: Lang::Zh,
            grants,
            session_hash: vec![],
        }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    /// X-Forwarded-For counts only behind a trusted proxy, and only its trusted end.
    #[test]
    fn the_client_address_believes_only_trusted_proxies() {
        let proxy = ip("10.0.0.1");
        let trusted = [proxy, ip("10.0.0.2")];
        // Not behind a proxy: the header is anyone's to forge.
        assert_eq!(client_ip(Some(ip("1.2.3.4")), &["9.9.9.9"], &[]), "1.2.3.4");
        assert_eq!(
            client_ip(Some(ip("1.2.3.4")), &["9.9.9.9"], &trusted),
            "1.2.3.4"
        );
        // Behind the proxy: the last address the proxies saw.
        assert_eq!(client_ip(Some(proxy), &["5.6.7.8"], &trusted), "5.6.7.8");
        assert_eq!(
            client_ip(Some(proxy), &["6.6.6.6, 5.6.7.8, 10.0.0.2"], &trusted),
            "5.6.7.8"
        );
        assert_eq!(
            client_ip(Some(proxy), &["6.6.6.6", "5.6.7.8"], &trusted),
            "5.6.7.8"
        );
        // Nothing usable: the proxy's own address.
        assert_eq!(client_ip(Some(proxy), &[], &trusted), "10.0.0.1");
        assert_eq!(client_ip(Some(proxy), &["junk"], &trusted), "10.0.0.1");
        assert_eq!(client_ip(None, &["5.6.7.8"], &trusted), "unknown");
    }

    /// A grant reaches its own node and everything below, nothing beside or above.
    #[test]
    fn a_grant_reaches_its_subtree_only() {
        let g = grant(Role::TeamLeader, "/1/4/");
        assert!(g.reaches(Role::TeamLeader, "/1/4/"));
        assert!(g.reaches(Role::TeamLeader, "/1/4/9/"));
        assert!(!g.reaches(Role::TeamLeader, "/1/"));
        assert!(!g.reaches(Role::TeamLeader, "/1/5/"));
        assert!(!g.reaches(Role::Reviewer, "/1/4/"));
    }

    /// An admin grant answers for every role in its subtree.
    #[test]
    fn admin_satisfies_every_role_within_its_scope() {
        let u = user(vec![grant(Role::Admin, "/1/4/")]);
        for r in Role::ALL {
            assert!(u.has(r, "/1/4/9/"));
        }
        assert!(!u.has(Role::Kiosk, "/1/5/"));
        assert!(u.has_role_anywhere(Role::Kiosk));
    }

    /// Everyone is a resident; nobody else is anything without a grant.
    #[test]
    fn a_person_without_grants_is_only_a_resident() {
        let u = user(vec![]);
        assert!(u.has(Role::Resident, "/1/"));
        assert!(!u.has_role_anywhere(Role::Admin));
        assert!(u.require_anywhere(Role::TeamLeader).is_err());
        assert!(!u.is_global_admin());
    }

    /// Only an admin grant at a root node makes a global admin.
    #[test]
    fn global_admin_means_admin_at_a_root() {
        assert!(user(vec![grant(Role::Admin, "/1/")]).is_global_admin());
        assert!(!user(vec![grant(Role::Admin, "/1/4/")]).is_global_admin());
        assert!(!user(vec![grant(Role::Reviewer, "/1/")]).is_global_admin());
    }

    /// A branch admin administers people attached to nodes in the branch only.
    #[test]
    fn scoped_admins_administer_people_in_their_branch() {
        let u = user(vec![grant(Role::Admin, "/1/4/")]);
        assert!(u.administers_any(&["/1/5/".into(), "/1/4/9/".into()]));
        assert!(!u.administers_any(&["/1/5/".into()]));
        assert!(!u.administers_any(&[]));
    }
}
