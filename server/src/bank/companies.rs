//! Property companies managed by global administrators, past creating and renaming
//! (`http`): the versions of a company's rate and who may confirm offsets for it (the
//! people holding the `property` role at its node; granted and revoked through the
//! people API).

use axum::extract::State;
use axum::http::StatusCode;
use linli_app::api::bank::{CompanyRate, CompanyStaff, NewCompanyRate};
use linli_app::api::ErrorBody;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::offsets;
use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppJson, AppPath, AppResult};
use crate::store::{bank as store, now};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rates, set_rate))
        .routes(routes!(staff))
}

/// Every version of a company's rate, the latest to take effect first (global admins).
#[utoipa::path(get, path = "/admin/bank/companies/{id}/rates", tag = "bank",
    params(("id" = i64, Path, description = "Company id")),
    responses(
        (status = 200, description = "Rate versions", body = Vec<CompanyRate>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global admin", body = ErrorBody),
        (status = 404, description = "No such company", body = ErrorBody)))]
async fn rates(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Vec<CompanyRate>>> {
    user.require_global_admin()?;
    let rates = state
        .db
        .read(move |c| {
            offsets::existing_company(c, id)?;
            store::rates(c, id)
        })
        .await?;
    Ok(AppJson(rates))
}

/// Set a company's rate from now or from a later day; offsets made before keep theirs,
/// and each new offset uses the rate in force on its day (global admins).
#[utoipa::path(post, path = "/admin/bank/companies/{id}/rates", tag = "bank",
    params(("id" = i64, Path, description = "Company id")),
    request_body = NewCompanyRate,
    responses(
        (status = 201, description = "Rate versions after the change", body = Vec<CompanyRate>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global admin", body = ErrorBody),
        (status = 404, description = "No such company", body = ErrorBody),
        (status = 422, description = "Rate out of range, or a day that is not today or later", body = ErrorBody)))]
async fn set_rate(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<NewCompanyRate>,
) -> AppResult<(StatusCode, AppJson<Vec<CompanyRate>>)> {
    user.require_global_admin()?;
    let rate = offsets::rate(req.points_per_yuan)?;
    let rates = state
        .db
        .write(move |tx| {
            let now = now();
            let from = offsets::effective_from(req.effective_from.as_deref(), now)?;
            offsets::existing_company(tx, id)?;
            store::insert_rate(tx, id, rate, from, user.id, now)?;
            audit::record(
                tx,
                user.id,
                "bank.company.rate",
                &format!("company:{id}"),
                json!({ "points_per_yuan": rate, "effective_from": from }),
            )?;
            store::rates(tx, id)
        })
        .await?;
    Ok((StatusCode::CREATED, AppJson(rates)))
}

/// Who may confirm offsets for a company: the people holding the `property` role at its
/// node (global admins).
#[utoipa::path(get, path = "/admin/bank/companies/{id}/staff", tag = "bank",
    params(("id" = i64, Path, description = "Company id")),
    responses(
        (status = 200, description = "People, by name", body = Vec<CompanyStaff>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global admin", body = ErrorBody),
        (status = 404, description = "No such company", body = ErrorBody)))]
async fn staff(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Vec<CompanyStaff>>> {
    user.require_global_admin()?;
    let staff = state
        .db
        .read(move |c| {
            let company = offsets::existing_company(c, id)?;
            store::staff_at(c, company.node_id)
        })
        .await?;
    Ok(AppJson(staff))
}
