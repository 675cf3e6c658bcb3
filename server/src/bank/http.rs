//! The public-welfare bank API. Residents: the pool and families (masked), donations,
//! their family (if linked), fee-offset requests. Admins: families, property companies and
//! rates. Case workers (reviewers or admins): allocations. Property companies: their
//! offsets, decisions and monthly statement (CSV).

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_app::api::bank::{
    AllocateRequest, Allocation, BankDonateRequest, BankOverview, CreateCompany, CreateFamily,
    Family, FeeOffset, FeeOffsetRequest, MyFamily, OffsetQuery, PropertyCompany, RejectOffset,
    StatementQuery, UpdateCompany, UpdateFamily,
};
use linli_app::api::ledger::TransferReceipt;
use linli_app::api::ErrorBody;
use linli_app::roles::Role;
use linli_app::validate::{Invalid, Problem};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::offsets::{self, Decision, Viewer};
use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::ledger::http::REPLAYED_HEADER;
use crate::store::{bank as store, ledger as ledger_store, now, org};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(donate))
        .routes(routes!(my_family))
        .routes(routes!(list_families, register_family))
        .routes(routes!(update_family))
        .routes(routes!(allocate))
        .routes(routes!(list_companies))
        .routes(routes!(create_company))
        .routes(routes!(update_company))
        .routes(routes!(request_offset, my_offsets))
        .routes(routes!(property_companies))
        .routes(routes!(company_offsets))
        .routes(routes!(confirm_offset))
        .routes(routes!(reject_offset))
        .routes(routes!(statement))
        .merge(super::companies::router())
        .merge(super::spending::router())
}

fn replay_headers(replayed: bool) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if replayed {
        headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    headers
}

/// The charity pool's balance and the families one can give to (category and first
/// character of the name only).
#[utoipa::path(get, path = "/bank", tag = "bank",
    responses(
        (status = 200, description = "Pool and families", body = BankOverview),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn overview(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> AppResult<AppJson<BankOverview>> {
    Ok(AppJson(state.db.read(super::overview).await?))
}

/// Donate points to a family (`family_id`) or to the charity pool (no `family_id`).
/// Retrying with the same idempotency key donates nothing more.
#[utoipa::path(operation_id = "bank_donate", post, path = "/me/bank/donate", tag = "bank",
    request_body = BankDonateRequest,
    responses(
        (status = 201, description = "Donated (or the replay of the same request)", body = TransferReceipt),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such family", body = ErrorBody),
        (status = 409, description = "Not enough points, family not receiving, or key reused", body = ErrorBody),
        (status = 422, description = "Invalid amount or key", body = ErrorBody)))]
async fn donate(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<BankDonateRequest>,
) -> AppResult<(StatusCode, HeaderMap, AppJson<TransferReceipt>)> {
    let (replayed, receipt) = state
        .db
        .write(move |tx| {
            let posted = super::donate(tx, user.id, &req, now())?;
            let account = ledger_store::account_of_user(tx, user.id)?.map_or(0, |a| a.id);
            let receipt = ledger_store::history_item_of(tx, account, posted.transfer.id)?
                .ok_or_else(|| AppError::Internal("donation not in history".into()))?;
            Ok((posted.replayed, receipt))
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        replay_headers(replayed),
        AppJson(receipt),
    ))
}

/// The family I spend for, if an administrator linked me to one (`null` otherwise).
#[utoipa::path(get, path = "/me/family", tag = "bank",
    responses(
        (status = 200, description = "My family and its balance, or null", body = Option<MyFamily>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_family(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Option<MyFamily>>> {
    let family = state
        .db
        .read(move |c| {
            Ok(store::family_of_user(c, user.id)?.map(|f| MyFamily {
                id: f.id,
                full_name: f.full_name,
                category: f.category,
                account_id: f.account_id,
                balance: f.balance,
            }))
        })
        .await?;
    Ok(AppJson(family))
}

/// Case workers are reviewers (审核员) or admins, anywhere in the organisation.
fn require_case_worker(user: &CurrentUser) -> AppResult<()> {
    user.require_anywhere(Role::Reviewer)
}

/// Every registered family with full details and balance (case workers and admins).
#[utoipa::path(get, path = "/admin/bank/families", tag = "bank",
    responses(
        (status = 200, description = "Families, active first", body = Vec<Family>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a reviewer or admin", body = ErrorBody)))]
async fn list_families(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<Family>>> {
    require_case_worker(&user)?;
    Ok(AppJson(state.db.read(store::families).await?))
}

/// Register a family in difficulty; it gets its own points account (admins).
#[utoipa::path(post, path = "/admin/bank/families", tag = "bank",
    request_body = CreateFamily,
    responses(
        (status = 201, description = "Registered", body = Family),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 409, description = "The person is linked to another family", body = ErrorBody),
        (status = 422, description = "Missing name, text too long, or unknown person", body = ErrorBody)))]
async fn register_family(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<CreateFamily>,
) -> AppResult<(StatusCode, AppJson<Family>)> {
    user.require_anywhere(Role::Admin)?;
    let family = state
        .db
        .write(move |tx| super::register_family(tx, user.id, &req, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(family)))
}

/// Change a family's details, linked person, or whether it receives points (admins).
#[utoipa::path(patch, path = "/admin/bank/families/{id}", tag = "bank",
    params(("id" = i64, Path, description = "Family id")),
    request_body = UpdateFamily,
    responses(
        (status = 200, description = "Updated", body = Family),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such family", body = ErrorBody),
        (status = 409, description = "The person is linked to another family", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
async fn update_family(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<UpdateFamily>,
) -> AppResult<AppJson<Family>> {
    user.require_anywhere(Role::Admin)?;
    let family = state
        .db
        .write(move |tx| super::update_family(tx, user.id, id, &req))
        .await?;
    Ok(AppJson(family))
}

/// Allocate charity-pool points to a family, with a reason (case workers: reviewers or
/// admins). Retrying with the same key allocates nothing more.
#[utoipa::path(post, path = "/admin/bank/allocations", tag = "bank",
    request_body = AllocateRequest,
    responses(
        (status = 201, description = "Allocated (or the replay of the same request)", body = Allocation),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a reviewer or admin", body = ErrorBody),
        (status = 404, description = "No such family", body = ErrorBody),
        (status = 409, description = "Pool too small, family not receiving, or key reused", body = ErrorBody),
        (status = 422, description = "Invalid amount, reason or key", body = ErrorBody)))]
async fn allocate(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<AllocateRequest>,
) -> AppResult<(StatusCode, HeaderMap, AppJson<Allocation>)> {
    require_case_worker(&user)?;
    let (posted, allocation) = state
        .db
        .write(move |tx| super::allocate(tx, user.id, &req, now()))
        .await?;
    Ok((
        StatusCode::CREATED,
        replay_headers(posted.replayed),
        AppJson(allocation),
    ))
}

/// Property companies and their rates (points per yuan), for the fee-offset form.
#[utoipa::path(get, path = "/bank/companies", tag = "bank",
    responses(
        (status = 200, description = "Companies by name", body = Vec<PropertyCompany>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn list_companies(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> AppResult<AppJson<Vec<PropertyCompany>>> {
    let companies = state
        .db
        .read(|c| Ok(store::companies(c)?.into_iter().map(|(c, _)| c).collect()))
        .await?;
    Ok(AppJson(companies))
}

/// Register a property company at the organisation node where its staff hold the
/// `property` role, with its rate (global admins).
#[utoipa::path(post, path = "/admin/bank/companies", tag = "bank",
    request_body = CreateCompany,
    responses(
        (status = 201, description = "Registered", body = PropertyCompany),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global admin", body = ErrorBody),
        (status = 404, description = "No such node", body = ErrorBody),
        (status = 409, description = "A company is already registered at the node", body = ErrorBody),
        (status = 422, description = "Missing name or rate out of range", body = ErrorBody)))]
async fn create_company(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<CreateCompany>,
) -> AppResult<(StatusCode, AppJson<PropertyCompany>)> {
    user.require_global_admin()?;
    let name = super::text("name", &req.name, 1, 64)?;
    let rate = offsets::rate(req.points_per_yuan)?;
    let company = state
        .db
        .write(move |tx| {
            org::existing_node(tx, req.node_id)?;
            let id = store::insert_company(tx, &name, req.node_id, rate, user.id, now())?;
            audit::record(
                tx,
                user.id,
                "bank.company.create",
                &format!("company:{id}"),
                json!({ "name": name, "node_id": req.node_id, "points_per_yuan": rate }),
            )?;
            offsets::existing_company(tx, id)
        })
        .await?;
    Ok((StatusCode::CREATED, AppJson(company)))
}

/// Rename a property company or set its rate; a new rate applies to new requests only
/// (global admins).
#[utoipa::path(patch, path = "/admin/bank/companies/{id}", tag = "bank",
    params(("id" = i64, Path, description = "Company id")),
    request_body = UpdateCompany,
    responses(
        (status = 200, description = "Updated", body = PropertyCompany),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global admin", body = ErrorBody),
        (status = 404, description = "No such company", body = ErrorBody),
        (status = 422, description = "Rate out of range", body = ErrorBody)))]
async fn update_company(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<UpdateCompany>,
) -> AppResult<AppJson<PropertyCompany>> {
    user.require_global_admin()?;
    let name = req
        .name
        .as_deref()
        .map(|n| super::text("name", n, 1, 64))
        .transpose()?;
    let rate = req.points_per_yuan.map(offsets::rate).transpose()?;
    let company = state
        .db
        .write(move |tx| {
            let before = offsets::existing_company(tx, id)?;
            store::update_company(tx, id, name.as_deref(), rate, user.id, now())?;
            audit::record(
                tx,
                user.id,
                "bank.company.update",
                &format!("company:{id}"),
                json!({ "name": name, "points_per_yuan": rate,
                        "previous_points_per_yuan": before.points_per_yuan }),
            )?;
            offsets::existing_company(tx, id)
        })
        .await?;
    Ok(AppJson(company))
}

/// Request a property-fee offset: the points leave my balance now and come back if the
/// company rejects. Points must make whole yuan at the company's rate.
#[utoipa::path(post, path = "/me/bank/fee-offsets", tag = "bank",
    request_body = FeeOffsetRequest,
    responses(
        (status = 201, description = "Pending offset (or the replay of the same request)", body = FeeOffset),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such company", body = ErrorBody),
        (status = 409, description = "Not enough points, or key reused", body = ErrorBody),
        (status = 422, description = "Bad month, flat, points or key; not whole yuan", body = ErrorBody)))]
async fn request_offset(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<FeeOffsetRequest>,
) -> AppResult<(StatusCode, HeaderMap, AppJson<FeeOffset>)> {
    let (offset, replayed) = state
        .db
        .write(move |tx| offsets::request(tx, user.id, &req, now()))
        .await?;
    Ok((
        StatusCode::CREATED,
        replay_headers(replayed),
        AppJson(offset),
    ))
}

/// My fee offsets, newest first.
#[utoipa::path(get, path = "/me/bank/fee-offsets", tag = "bank",
    responses(
        (status = 200, description = "My offsets", body = Vec<FeeOffset>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_offsets(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<FeeOffset>>> {
    let list = state
        .db
        .read(move |c| {
            Ok(store::user_offsets(c, user.id)?
                .into_iter()
                .map(|o| offsets::view(o, Viewer::Owner))
                .collect())
        })
        .await?;
    Ok(AppJson(list))
}

/// The property companies I act for (property role or admin at their node).
#[utoipa::path(get, path = "/property/companies", tag = "bank",
    responses(
        (status = 200, description = "My companies", body = Vec<PropertyCompany>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "No property role", body = ErrorBody)))]
async fn property_companies(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<PropertyCompany>>> {
    user.require_anywhere(Role::Property)?;
    let list = state
        .db
        .read(move |c| offsets::companies_of(c, &user))
        .await?;
    Ok(AppJson(list))
}

/// A company's offsets, optionally of one month and state (its property staff and admins
/// over it). Residents' names and phones are masked.
#[utoipa::path(get, path = "/property/fee-offsets", tag = "bank",
    params(OffsetQuery),
    responses(
        (status = 200, description = "Offsets, oldest first", body = Vec<FeeOffset>),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not acting for this company", body = ErrorBody),
        (status = 404, description = "No such company", body = ErrorBody),
        (status = 422, description = "Bad month", body = ErrorBody)))]
async fn company_offsets(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<OffsetQuery>,
) -> AppResult<AppJson<Vec<FeeOffset>>> {
    user.require_anywhere(Role::Property)?;
    let company_id = offsets::company_id(q.company_id)?;
    let month = offsets::month_query(q.month.as_deref())?;
    let list = state
        .db
        .read(move |c| {
            offsets::require_company(c, &user, company_id)?;
            Ok(
                store::company_offsets(c, company_id, month.as_deref(), q.status)?
                    .into_iter()
                    .map(|o| offsets::view(o, Viewer::Company))
                    .collect(),
            )
        })
        .await?;
    Ok(AppJson(list))
}

/// Confirm an offset: the company took the points off the month's fee.
#[utoipa::path(post, path = "/property/fee-offsets/{id}/confirm", tag = "bank",
    params(("id" = i64, Path, description = "Offset id")),
    responses(
        (status = 200, description = "Confirmed", body = FeeOffset),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not acting for this offset's company", body = ErrorBody),
        (status = 404, description = "No such offset", body = ErrorBody),
        (status = 409, description = "Already rejected", body = ErrorBody)))]
async fn confirm_offset(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<FeeOffset>> {
    let offset = state
        .db
        .write(move |tx| offsets::decide(tx, &user, id, &Decision::Confirm, now()))
        .await?;
    Ok(AppJson(offset))
}

/// Reject an offset with a reason: the points go back to the resident (a reversal of
/// the offset's transfer).
#[utoipa::path(post, path = "/property/fee-offsets/{id}/reject", tag = "bank",
    params(("id" = i64, Path, description = "Offset id")),
    request_body = RejectOffset,
    responses(
        (status = 200, description = "Rejected and refunded", body = FeeOffset),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not acting for this offset's company", body = ErrorBody),
        (status = 404, description = "No such offset", body = ErrorBody),
        (status = 409, description = "Already confirmed", body = ErrorBody),
        (status = 422, description = "Missing reason", body = ErrorBody)))]
async fn reject_offset(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RejectOffset>,
) -> AppResult<AppJson<FeeOffset>> {
    let decision = Decision::Reject { reason: req.reason };
    let offset = state
        .db
        .write(move |tx| offsets::decide(tx, &user, id, &decision, now()))
        .await?;
    Ok(AppJson(offset))
}

/// A company's monthly statement as CSV: each offset (flat, masked resident, points,
/// yuan, state, times) and totals per state (its property staff and admins over it).
#[utoipa::path(get, path = "/property/statements/{month}", tag = "bank",
    params(("month" = String, Path, description = "YYYY-MM"), StatementQuery),
    responses(
        (status = 200, description = "The statement", content_type = "text/csv", body = String),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not acting for this company", body = ErrorBody),
        (status = 404, description = "No such company", body = ErrorBody),
        (status = 422, description = "Bad month", body = ErrorBody)))]
async fn statement(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(month): AppPath<String>,
    AppQuery(q): AppQuery<StatementQuery>,
) -> AppResult<Response> {
    user.require_anywhere(Role::Property)?;
    let month = offsets::month(&month)?;
    let company_id = offsets::company_id(q.company_id)?;
    let lang = user.lang;
    let m = month.clone();
    let (company, list) = state
        .db
        .read(move |c| {
            let company = offsets::require_company(c, &user, company_id)?;
            let list: Vec<FeeOffset> = store::company_offsets(c, company_id, Some(&m), None)?
                .into_iter()
                .map(|o| offsets::view(o, Viewer::Company))
                .collect();
            Ok((company, list))
        })
        .await?;
    let csv = offsets::statement_csv(lang, &list);
    let disposition = format!(
        "attachment; filename=\"statement-{}-{month}.csv\"",
        company.id
    );
    let disposition = HeaderValue::from_str(&disposition).map_err(|_| {
        AppError::Invalid(Invalid {
            field: "month",
            problem: Problem::UnknownOption,
        })
    })?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        csv,
    )
        .into_response())
}
