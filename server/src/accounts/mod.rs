//! Accounts: registering, signing in and out, a person's own page, and the people
//! administrators look after (search, profiles, role grants), and passwords after
//! registration (change, reset by a leader's one-time code).

pub(crate) mod handlers;
mod passwords;
mod people;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::register))
        .routes(routes!(handlers::login))
        .routes(routes!(handlers::logout))
        .routes(routes!(handlers::session))
        .routes(routes!(handlers::me, handlers::update_me))
        .routes(routes!(passwords::change_password))
        .routes(routes!(passwords::issue_reset_code))
        .routes(routes!(passwords::reset_password))
        .routes(routes!(people::list_users))
        .routes(routes!(people::get_user))
        .routes(routes!(people::grant_role))
        .routes(routes!(people::revoke_role))
}
