//! Registering, signing in and out, and a person's own page.

use axum::extract::State;
use std::time::Duration;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_app::api::{
    ErrorBody, ErrorCode, LoginRequest, Profile, Reason, RegisterRequest, UpdateMe,
};
use linli_app::roles::Role;
use linli_app::validate;
use rusqlite::Connection;

use crate::auth::{self, session, ClientIp, CurrentUser};
use crate::error::{AppError, AppJson, AppResult};
use crate::store::{self, now};
use crate::AppState;

/// A 429 that says (in Retry-After) how many seconds to wait.
pub(super) fn rate_limited(wait: Duration) -> Response {
    let secs = wait.as_secs().max(1);
    (
        [(header::RETRY_AFTER, HeaderValue::from(secs))],
        AppError::Code(ErrorCode::RateLimited),
    )
        .into_response()
}

fn bad_credentials() -> AppError {
    AppError::Refused(Reason::BadCredentials)
}

pub(super) fn profile_of(conn: &Connection, id: i64) -> AppResult<Profile> {
    store::accounts::profile(conn, id)?.ok_or(AppError::NOT_FOUND)
}

/// A session token, its hash, and the hash of the token it replaces.
pub(super) struct NewSession {
    pub(super) token: String,
    hash: Vec<u8>,
    replaced: Option<Vec<u8>>,
}

impl NewSession {
    pub(super) fn for_request(headers: &HeaderMap) -> NewSession {
        let token = session::new_token();
        NewSession {
            hash: session::hash(&token),
            replaced: session::token_from(headers).map(|t| session::hash(&t)),
            token,
        }
    }

    pub(super) fn open(&self, conn: &Connection, user_id: i64) -> AppResult<()> {
        auth::start_session(conn, user_id, &self.hash, self.replaced.as_deref())
    }
}

/// The answer to a successful sign-in or registration: the profile and the cookie.
pub(super) fn signed_in(status: StatusCode, token: &str, profile: Profile) -> Response {
    (
        status,
        [(header::SET_COOKIE, session::set_cookie(token))],
        AppJson(profile),
    )
        .into_response()
}

/// Create an account and sign in.
#[utoipa::path(post, path = "/auth/register", tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered and signed in; sets the `__Host-linli_session` cookie", body = Profile),
        (status = 409, description = "Phone already registered", body = ErrorBody),
        (status = 422, description = "A field is invalid", body = ErrorBody),
        (status = 429, description = "Too many registrations from this address", body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    AppJson(req): AppJson<RegisterRequest>,
) -> AppResult<Response> {
    let name = validate::person_name(&req.name)?;
    let phone = validate::phone(&req.phone)?;
    let password = validate::password(&req.password)?;
    if let Err(wait) = state.auth.limits.register_ip.try_hit(&ip) {
        return Ok(rate_limited(wait));
    }
    // Cheap check first, so a taken phone costs no hashing.
    let p = phone.clone();
    if state
        .db
        .read(move |c| store::accounts::phone_taken(c, &p))
        .await?
    {
        return Err(AppError::Refused(Reason::PhoneTaken));
    }
    let hash = state.auth.passwords.hash(password).await?;
    let session = NewSession::for_request(&headers);
    let token = session.token.clone();
    let profile = state
        .db
        .write(move |tx| {
            let id = store::accounts::insert_user(tx, &name, &phone, &hash, now())?;
            session.open(tx, id)?;
            profile_of(tx, id)
        })
        .await?;
    Ok(signed_in(StatusCode::CREATED, &token, profile))
}

/// Sign in with phone and password. Each sign-in issues a new session token. Failures
/// are limited per phone number (5 per 15 minutes) and per address.
#[utoipa::path(post, path = "/auth/login", tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; sets the `__Host-linli_session` cookie", body = Profile),
        (status = 401, description = "Wrong phone or password", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    AppJson(req): AppJson<LoginRequest>,
) -> AppResult<Response> {
    let limits = &state.auth.limits;
    // A malformed phone has no account; it is still checked against the dummy hash.
    let phone = validate::phone(&req.phone).ok();
    let blocked = limits.login_ip.blocked_for(&ip).or_else(|| {
        phone
            .as_deref()
            .and_then(|p| limits.login_account.blocked_for(p))
    });
    if let Some(wait) = blocked {
        return Ok(rate_limited(wait));
    }
    let creds = match phone.clone() {
        Some(p) => {
            state
                .db
                .read(move |c| store::accounts::credentials(c, &p))
                .await?
        }
        None => None,
    };
    let stored = creds.as_ref().map(|(_, h)| h.clone());
    let ok = state.auth.passwords.verify(req.password, stored).await?;
    let (Some((user_id, _)), true, Some(phone)) = (creds, ok, phone.as_deref()) else {
        limits.login_ip.hit(&ip);
        if let Some(p) = phone.as_deref() {
            limits.login_account.hit(p);
        }
        return Err(bad_credentials());
    };
    limits.login_account.clear(phone);
    let session = NewSession::for_request(&headers);
    let token = session.token.clone();
    let profile = state
        .db
        .write(move |tx| {
            session.open(tx, user_id)?;
            profile_of(tx, user_id)
        })
        .await?;
    Ok(signed_in(StatusCode::OK, &token, profile))
}

/// Whether this account is a shop kiosk and nothing more: it signs out only through
/// `/kiosk/sign-out`, with an administrator's card and PIN.
pub fn kiosk_only(user: &CurrentUser) -> bool {
    let has = |role| user.grants.iter().any(|g| g.role == role);
    has(Role::Kiosk) && !has(Role::Admin)
}

/// Sign out: ends this session and clears the cookie. A kiosk account is refused (403):
/// an unattended tablet must not be signed out by a customer.
#[utoipa::path(post, path = "/auth/logout", tag = "accounts",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "A kiosk account: sign out with an administrator's card at /kiosk/sign-out", body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    if kiosk_only(&user) {
        return Err(AppError::Refused(Reason::KioskSignOutNeedsPin));
    }
    end_session(&state, user.session_hash).await
}

/// Ends a session and answers with the cookie cleared.
pub async fn end_session(state: &AppState, hash: Vec<u8>) -> AppResult<Response> {
    state
        .db
        .write(move |tx| store::sessions::delete(tx, &hash))
        .await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, session::clear_cookie())],
    )
        .into_response())
}

/// Who is signed in, if anyone: the profile, or `null` for nobody. The app asks this on
/// every page load, so a signed-out visit makes no failing request.
#[utoipa::path(get, path = "/auth/session", tag = "accounts",
    responses(
        (status = 200, description = "The signed-in person, or null when nobody is", body = Option<Profile>)))]
pub async fn session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<AppJson<Option<Profile>>> {
    let Some(token) = session::token_from(&headers) else {
        return Ok(AppJson(None));
    };
    let hash = session::hash(&token);
    let profile = state
        .db
        .read(move |c| match auth::load_user(c, hash)? {
            Some(user) => store::accounts::profile(c, user.id),
            None => Ok(None),
        })
        .await?;
    Ok(AppJson(profile))
}

/// The signed-in person's page: roles and teams.
#[utoipa::path(get, path = "/me", tag = "accounts",
    responses(
        (status = 200, description = "The signed-in person", body = Profile),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, user: CurrentUser) -> AppResult<AppJson<Profile>> {
    let id = user.id;
    Ok(AppJson(state.db.read(move |c| profile_of(c, id)).await?))
}

/// Change one's own name and/or language (the language is remembered per person).
#[utoipa::path(patch, path = "/me", tag = "accounts",
    request_body = UpdateMe,
    responses(
        (status = 200, description = "Updated", body = Profile),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "A field is invalid", body = ErrorBody)))]
pub async fn update_me(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<UpdateMe>,
) -> AppResult<AppJson<Profile>> {
    let name = req.name.as_deref().map(validate::person_name).transpose()?;
    let id = user.id;
    let profile = state
        .db
        .write(move |tx| {
            store::accounts::update_me(tx, id, name.as_deref(), req.lang)?;
            profile_of(tx, id)
        })
        .await?;
    Ok(AppJson(profile))
}
