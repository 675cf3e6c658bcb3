//! Passwords after registration: changing one's own, and resetting a forgotten one with a
//! one-time code a team leader or admin of the person's node hands over in person (there
//! is no SMS gateway). Both end the person's other sessions and are audited.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use linli_app::api::{
    ChangePasswordRequest, ErrorBody, Profile, Reason, ResetCode, ResetPasswordRequest,
};
use linli_app::roles::Role;
use linli_app::validate;
use rusqlite::Connection;
use serde_json::json;

use super::handlers::{profile_of, rate_limited, signed_in, NewSession};
use crate::audit;
use crate::auth::{session, ClientIp, CurrentUser};
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::store::{self, now};
use crate::AppState;

/// How long a reset code works: long enough to be told today and used tonight.
pub const RESET_CODE_TTL_SECS: i64 = 24 * 3600;

/// Eight random digits.
fn new_reset_code() -> String {
    format!("{:08}", OsRng.next_u64() % 100_000_000)
}

/// 403 unless `user` leads a team or administers a node the person is attached to;
/// 404 if no such person (told only to those who may issue codes somewhere).
fn may_issue_code(conn: &Connection, user: &CurrentUser, id: i64) -> AppResult<()> {
    user.require_anywhere(Role::TeamLeader)?;
    if !store::accounts::user_exists(conn, id)? {
        return Err(AppError::NOT_FOUND);
    }
    let paths = store::accounts::node_paths(conn, id)?;
    let reaches = user.is_global_admin() || paths.iter().any(|p| user.has(Role::TeamLeader, p));
    if reaches {
        Ok(())
    } else {
        Err(AppError::FORBIDDEN)
    }
}

/// Change one's own password. The current password proves it is the person; every
/// other session of theirs ends.
#[utoipa::path(post, path = "/me/password", tag = "accounts",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; other sessions ended"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "The new password is invalid, or the current one is wrong", body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<ChangePasswordRequest>,
) -> AppResult<StatusCode> {
    let password = validate::password(&req.password)?;
    let id = user.id;
    let stored = state
        .db
        .read(move |c| store::accounts::password_hash(c, id))
        .await?;
    if !state
        .auth
        .passwords
        .verify(req.current_password, stored)
        .await?
    {
        return Err(AppError::Refused(Reason::WrongCurrentPassword));
    }
    let hash = state.auth.passwords.hash(password).await?;
    let keep = user.session_hash;
    state
        .db
        .write(move |tx| {
            store::accounts::set_password(tx, id, &hash)?;
            store::sessions::delete_for_user(tx, id, Some(&keep))?;
            audit::record(tx, id, "password.change", &format!("user:{id}"), json!({}))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Issue a one-time password reset code for a person (team leaders and admins whose
/// scope holds one of the person's teams or roles). It replaces any earlier code and is
/// shown only in this answer.
#[utoipa::path(post, path = "/users/{id}/reset-code", tag = "people",
    params(("id" = i64, Path, description = "Person id")),
    responses(
        (status = 201, description = "The code, valid for 24 hours", body = ResetCode),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader or admin of this person's node", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody)))]
pub async fn issue_reset_code(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<(StatusCode, AppJson<ResetCode>)> {
    let code = new_reset_code();
    let hash = session::hash(&code);
    let at = now();
    let expires_at = at + RESET_CODE_TTL_SECS;
    state
        .db
        .write(move |tx| {
            may_issue_code(tx, &user, id)?;
            store::accounts::put_reset_code(tx, id, &hash, user.id, at, expires_at)?;
            audit::record(
                tx,
                user.id,
                "password.reset_code",
                &format!("user:{id}"),
                json!({"expires_at": expires_at}),
            )
        })
        .await?;
    Ok((StatusCode::CREATED, AppJson(ResetCode { code, expires_at })))
}

/// Set a new password with a reset code, and sign in. Wrong tries count against the
/// same limits as signing in; the code works once, and every old session ends.
#[utoipa::path(post, path = "/auth/reset", tag = "accounts",
    request_body = ResetPasswordRequest,
    responses(
        (status = 200, description = "Reset and signed in; sets the `__Host-linli_session` cookie", body = Profile),
        (status = 401, description = "Wrong phone or code, or the code expired", body = ErrorBody),
        (status = 422, description = "A field is invalid", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    AppJson(req): AppJson<ResetPasswordRequest>,
) -> AppResult<Response> {
    let phone = validate::phone(&req.phone)?;
    let code = validate::reset_code(&req.reset_code)?;
    let password = validate::password(&req.password)?;
    let limits = &state.auth.limits;
    let blocked = limits
        .login_ip
        .blocked_for(&ip)
        .or_else(|| limits.login_account.blocked_for(&phone));
    if let Some(wait) = blocked {
        return Ok(rate_limited(wait));
    }
    // Hashed before the transaction, so a wrong code costs the caller as much as a right one.
    let hash = state.auth.passwords.hash(password).await?;
    let code_hash = session::hash(&code);
    let session = NewSession::for_request(&headers);
    let token = session.token.clone();
    let p = phone.clone();
    let done = state
        .db
        .write(move |tx| {
            let Some((id, _)) = store::accounts::credentials(tx, &p)? else {
                return Ok(None);
            };
            if !store::accounts::take_reset_code(tx, id, &code_hash, now())? {
                return Ok(None);
            }
            store::accounts::set_password(tx, id, &hash)?;
            store::sessions::delete_for_user(tx, id, None)?;
            session.open(tx, id)?;
            audit::record(tx, id, "password.reset", &format!("user:{id}"), json!({}))?;
            profile_of(tx, id).map(Some)
        })
        .await?;
    let Some(profile) = done else {
        limits.login_ip.hit(&ip);
        limits.login_account.hit(&phone);
        return Err(AppError::Refused(Reason::BadResetCode));
    };
    limits.login_account.clear(&phone);
    Ok(signed_in(StatusCode::OK, &token, profile))
}
