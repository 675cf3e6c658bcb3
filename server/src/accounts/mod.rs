//! Accounts: registering, signing in and out, a person's own page, and the people
//! administrators look after (search, profiles, role grants).

pub(crate) mod handlers;
mod people;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::register))
        .routes(routes!(handlers::login))
        .routes(routes!(handlers::logout))
        .routes(routes!(handlers::me, handlers::update_me))
        .routes(routes!(people::list_users))
        .routes(routes!(people::get_user))
        .routes(routes!(people::grant_role))
        .routes(routes!(people::revoke_role))
}
