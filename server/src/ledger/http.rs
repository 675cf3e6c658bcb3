//! The points API: a member's balance, history, lots and donations; the administrators'
//! rules, awards, adjustments, account search, transfer detail, reversal and audit log.
//! Handlers only check who may ask and call the ledger; every rule lives in `ledger`.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use linli_app::api::ledger::{
    AccountQuery, AccountSummary, AdjustRequest, AuditPage, AuditQuery, AwardRequest,
    DonateRequest, HistoryPage, HistoryQuery, Lot, PointsSummary, ReverseRequest, RulesVersion,
    TransferDetail, TransferReceipt, UpdateRules,
};
use linli_app::api::ErrorBody;
use linli_app::validate::{self, Invalid, Problem};
use rusqlite::Connection;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Posted;
use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::store::{ledger as store, now};
use crate::AppState;

/// Points lapsing within this many days count as "expiring soon".
const SOON_DAYS: i64 = 30;

/// Set on a response that replays an earlier request with the same idempotency key.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_points))
        .routes(routes!(my_history))
        .routes(routes!(my_lots))
        .routes(routes!(donate))
        .routes(routes!(rules))
        .routes(routes!(update_rules))
        .routes(routes!(rules_versions))
        .routes(routes!(award))
        .routes(routes!(adjust))
        .routes(routes!(search_accounts))
        .routes(routes!(account_history))
        .routes(routes!(transfer_detail))
        .routes(routes!(reverse))
        .routes(routes!(audit_log))
        .merge(super::standard::router())
}

fn page_size(limit: Option<u32>) -> AppResult<i64> {
    Ok(validate::in_range(
        "limit",
        limit.map_or(20, i64::from),
        1,
        100,
    )?)
}

/// A page of an account's history; an account not opened yet has none.
fn history_page(
    conn: &Connection,
    account_id: Option<i64>,
    q: &HistoryQuery,
) -> AppResult<HistoryPage> {
    let limit = page_size(q.limit)?;
    let Some(account_id) = account_id else {
        return Ok(HistoryPage {
            items: vec![],
            next_cursor: None,
        });
    };
    let items = store::history(conn, account_id, q.kind, q.after, limit)?;
    let next_cursor = (items.len() as i64 == limit)
        .then(|| items.last().map(|i| i.transfer_id))
        .flatten();
    Ok(HistoryPage { items, next_cursor })
}

fn my_account(conn: &Connection, user_id: i64) -> AppResult<Option<i64>> {
    Ok(store::account_of_user(conn, user_id)?.map(|a| a.id))
}

/// My balance, and what of it will expire when.
#[utoipa::path(get, path = "/me/points", tag = "points",
    responses(
        (status = 200, description = "Balance and upcoming expiry", body = PointsSummary),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_points(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<PointsSummary>> {
    let summary = state
        .db
        .read(move |c| {
            let Some(account) = store::account_of_user(c, user.id)? else {
                return Ok(PointsSummary {
                    balance: 0,
                    expiring_soon: 0,
                    expiring: vec![],
                });
            };
            let now = now();
            let expiring = store::expiring(c, account.id, now)?;
            let soon = now + SOON_DAYS * 86_400;
            let expiring_soon = expiring
                .iter()
                .filter(|e| e.expires_at <= soon)
                .map(|e| e.amount)
                .sum();
            Ok(PointsSummary {
                balance: account.balance,
                expiring_soon,
                expiring,
            })
        })
        .await?;
    Ok(AppJson(summary))
}

/// My points history, newest first, with an optional type filter and keyset paging.
#[utoipa::path(get, path = "/me/points/history", tag = "points",
    params(HistoryQuery),
    responses(
        (status = 200, description = "One page of history", body = HistoryPage),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Page size out of range", body = ErrorBody)))]
async fn my_history(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<HistoryQuery>,
) -> AppResult<AppJson<HistoryPage>> {
    let page = state
        .db
        .read(move |c| history_page(c, my_account(c, user.id)?, &q))
        .await?;
    Ok(AppJson(page))
}

/// My earning lots: open ones first, in the order they will be spent.
#[utoipa::path(get, path = "/me/points/lots", tag = "points",
    responses(
        (status = 200, description = "Lots with what remains and when it lapses", body = Vec<Lot>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_lots(State(state): State<AppState>, user: CurrentUser) -> AppResult<AppJson<Vec<Lot>>> {
    let lots = state
        .db
        .read(move |c| match my_account(c, user.id)? {
            Some(a) => store::lots(c, a),
            None => Ok(vec![]),
        })
        .await?;
    Ok(AppJson(lots))
}

fn created(posted: &Posted) -> (StatusCode, HeaderMap) {
    let mut headers = HeaderMap::new();
    if posted.replayed {
        headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    (StatusCode::CREATED, headers)
}

/// Donate points to the charity pool (公益积分池). Retrying with the same idempotency
/// key returns the first answer and donates nothing more.
#[utoipa::path(operation_id = "points_donate", post, path = "/me/points/donate", tag = "points",
    request_body = DonateRequest,
    responses(
        (status = 201, description = "Donated (or the replay of the same request)", body = TransferReceipt),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 409, description = "Not enough points, or the key was used for another request", body = ErrorBody),
        (status = 422, description = "Invalid amount or key", body = ErrorBody)))]
async fn donate(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<DonateRequest>,
) -> AppResult<(StatusCode, HeaderMap, AppJson<TransferReceipt>)> {
    let (posted, receipt) = state
        .db
        .write(move |tx| {
            let posted =
                super::donate_to_pool(tx, user.id, req.amount, &req.idempotency_key, now())?;
            let account = store::account_of_user(tx, user.id)?
                .map(|a| a.id)
                .unwrap_or(0);
            let receipt = store::history_item_of(tx, account, posted.transfer.id)?
                .ok_or_else(|| AppError::Internal("donation not in history".into()))?;
            Ok((posted, receipt))
        })
        .await?;
    let (status, headers) = created(&posted);
    Ok((status, headers, AppJson(receipt)))
}

/// The published points standard (积分管理办法) in force.
#[utoipa::path(get, path = "/points/rules", tag = "points",
    responses(
        (status = 200, description = "The current rules version", body = RulesVersion),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn rules(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> AppResult<AppJson<RulesVersion>> {
    Ok(AppJson(state.db.read(store::current_rules).await?))
}

/// Publish a new version of the rules (the old ones are kept).
#[utoipa::path(put, path = "/admin/points/rules", tag = "points",
    request_body = UpdateRules,
    responses(
        (status = 200, description = "The new version", body = RulesVersion),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global administrator", body = ErrorBody),
        (status = 422, description = "Invalid rules or missing reason", body = ErrorBody)))]
async fn update_rules(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<UpdateRules>,
) -> AppResult<AppJson<RulesVersion>> {
    user.require_global_admin()?;
    validate::earning_rules(&req.rules)?;
    let reason = validate::reason(&req.reason)?;
    let published = state
        .db
        .write(move |tx| {
            let version = store::insert_rules(tx, &req.rules, &reason, user.id, now())?;
            audit::record(
                tx,
                user.id,
                "points.rules.publish",
                &format!("rules:{version}"),
                json!({ "version": version, "reason": reason, "rules": req.rules }),
            )?;
            store::current_rules(tx)
        })
        .await?;
    Ok(AppJson(published))
}

/// Every version of the rules, newest first.
#[utoipa::path(get, path = "/admin/points/rules/versions", tag = "points",
    responses(
        (status = 200, description = "Versions, newest first", body = Vec<RulesVersion>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global administrator", body = ErrorBody)))]
async fn rules_versions(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<RulesVersion>>> {
    user.require_global_admin()?;
    Ok(AppJson(state.db.read(store::rules_versions).await?))
}

/// Everything recorded about a transfer, with its postings.
fn detail(conn: &Connection, id: i64) -> AppResult<TransferDetail> {
    let t = store::transfer(conn, id)?.ok_or(AppError::NOT_FOUND)?;
    let author_name = match t.author_id {
        Some(a) => store::user_name(conn, a)?,
        None => None,
    };
    Ok(TransferDetail {
        id: t.id,
        kind: t.kind,
        amount: t.amount,
        reason: t.reason,
        note: t.note,
        author_id: t.author_id,
        author_name,
        manual: t.manual,
        rule_version: t.rule_version,
        reverses_id: t.reverses_id,
        reversed_by_id: store::undo_of(conn, id)?,
        idempotency_key: t.idempotency_key,
        meta: serde_json::from_str(&t.meta).unwrap_or_default(),
        postings: store::posting_views(conn, id)?,
        created_at: t.created_at,
    })
}

type Created = (StatusCode, HeaderMap, AppJson<TransferDetail>);

/// Runs an administrator's posting and answers with the transfer's detail.
async fn admin_post(
    state: &AppState,
    f: impl FnOnce(&Connection, i64) -> AppResult<Posted> + Send + 'static,
) -> AppResult<Created> {
    let (posted, detail) = state
        .db
        .write(move |tx| {
            let posted = f(tx, now())?;
            let detail = detail(tx, posted.transfer.id)?;
            Ok((posted, detail))
        })
        .await?;
    let (status, headers) = created(&posted);
    Ok((status, headers, AppJson(detail)))
}

/// Award points for service the administrator verified: priced by the current rules
/// (activity, minutes, multiplier), within the caps, with a mandatory reason.
#[utoipa::path(post, path = "/admin/points/award", tag = "points",
    request_body = AwardRequest,
    responses(
        (status = 201, description = "Awarded (or the replay of the same request)", body = TransferDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global administrator", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 409, description = "Cap reached, or the key was used for another request", body = ErrorBody),
        (status = 422, description = "Invalid activity, minutes or reason", body = ErrorBody)))]
async fn award(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<AwardRequest>,
) -> AppResult<Created> {
    user.require_global_admin()?;
    admin_post(&state, move |tx, now| super::award(tx, user.id, &req, now)).await
}

/// A manual correction, positive or negative, with a mandatory reason (flagged manual).
#[utoipa::path(operation_id = "points_adjust", post, path = "/admin/points/adjust", tag = "points",
    request_body = AdjustRequest,
    responses(
        (status = 201, description = "Adjusted (or the replay of the same request)", body = TransferDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global administrator", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 409, description = "Would take the member below zero, or key reused", body = ErrorBody),
        (status = 422, description = "Invalid amount or reason", body = ErrorBody)))]
async fn adjust(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<AdjustRequest>,
) -> AppResult<Created> {
    user.require_global_admin()?;
    admin_post(&state, move |tx, now| super::adjust(tx, user.id, &req, now)).await
}

/// Find points accounts by a person's name or phone; with no text, the system accounts.
#[utoipa::path(get, path = "/admin/points/accounts", tag = "points",
    params(AccountQuery),
    responses(
        (status = 200, description = "Matching accounts (at most 50)", body = Vec<AccountSummary>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global administrator", body = ErrorBody)))]
async fn search_accounts(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<AccountQuery>,
) -> AppResult<AppJson<Vec<AccountSummary>>> {
    user.require_global_admin()?;
    let q = validate::search_text(q.q.as_deref().unwrap_or(""))?;
    let found = state
        .db
        .read(move |c| store::search_accounts(c, q.as_deref()))
        .await?;
    Ok(AppJson(found))
}

/// Any account's history, as its holder sees it.
#[utoipa::path(get, path = "/admin/points/accounts/{id}/history", tag = "points",
    params(("id" = i64, Path, description = "Ledger account id"), HistoryQuery),
    responses(
        (status = 200, description = "One page of history", body = HistoryPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global administrator", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody)))]
async fn account_history(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppQuery(q): AppQuery<HistoryQuery>,
) -> AppResult<AppJson<HistoryPage>> {
    user.require_global_admin()?;
    let page = state
        .db
        .read(move |c| {
            let account = store::account(c, id)?.ok_or(AppError::NOT_FOUND)?;
            history_page(c, Some(account.id), &q)
        })
        .await?;
    Ok(AppJson(page))
}

/// A transfer with its postings, author, rule version and reversal links.
#[utoipa::path(get, path = "/admin/points/transfers/{id}", tag = "points",
    params(("id" = i64, Path, description = "Transfer id")),
    responses(
        (status = 200, description = "The transfer", body = TransferDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global administrator", body = ErrorBody),
        (status = 404, description = "No such transfer", body = ErrorBody)))]
async fn transfer_detail(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<TransferDetail>> {
    user.require_global_admin()?;
    Ok(AppJson(state.db.read(move |c| detail(c, id)).await?))
}

/// Reverse a transfer: move its amount back, pointing at it, with a mandatory reason.
/// Repeating the same reversal returns it; a transfer is given back at most once, by
/// this or any other path. A shop order's payment is given back by refunding the order,
/// a fee offset's by the company rejecting it: reversing those is a 409 saying so.
#[utoipa::path(post, path = "/admin/points/transfers/{id}/reverse", tag = "points",
    params(("id" = i64, Path, description = "Transfer id")),
    request_body = ReverseRequest,
    responses(
        (status = 201, description = "The reversing transfer", body = TransferDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global administrator", body = ErrorBody),
        (status = 404, description = "No such transfer", body = ErrorBody),
        (status = 409, description = "Already given back (reversed or refunded), itself an undo, owned by a shop order or fee offset, or the points are spent", body = ErrorBody),
        (status = 422, description = "Missing reason", body = ErrorBody)))]
async fn reverse(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<ReverseRequest>,
) -> AppResult<Created> {
    user.require_global_admin()?;
    admin_post(&state, move |tx, now| {
        super::reverse(tx, user.id, id, &req.reason, now)
    })
    .await
}

/// The audit query's filters, checked: a day range is Beijing days, `to` included.
fn audit_filter(q: &AuditQuery) -> AppResult<store::AuditFilter> {
    let day = |field: &'static str, raw: &Option<String>| -> AppResult<Option<i64>> {
        match raw.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            None => Ok(None),
            Some(r) => linli_app::clock::parse_date(r)
                .map(Some)
                .ok_or(AppError::Invalid(Invalid {
                    field,
                    problem: Problem::BadDate,
                })),
        }
    };
    let from = day("from", &q.from)?;
    let until = day("to", &q.to)?.map(|d| d + 86_400);
    if let (Some(f), Some(u)) = (from, until) {
        if u <= f {
            return Err(AppError::Invalid(Invalid {
                field: "to",
                problem: Problem::NotBefore { at: f },
            }));
        }
    }
    Ok(store::AuditFilter {
        action_prefix: validate::search_text(q.action.as_deref().unwrap_or(""))?,
        domains: q
            .kind
            .map(|k| k.domains().iter().map(|d| d.to_string()).collect()),
        person: validate::search_text(q.person.as_deref().unwrap_or(""))?,
        from,
        until,
    })
}

/// The audit log, newest first: who did what, when (every transfer and admin action),
/// filtered by kind of action, by person (who acted or was acted on) and by days; each
/// entry's subject named.
#[utoipa::path(get, path = "/admin/audit", tag = "points",
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of the audit log", body = AuditPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a global administrator", body = ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<AuditQuery>,
) -> AppResult<AppJson<AuditPage>> {
    user.require_global_admin()?;
    let limit = page_size(q.limit)?;
    let filter = audit_filter(&q)?;
    let items = state
        .db
        .read(move |c| store::audit_page(c, &filter, q.after, limit))
        .await?;
    let next_cursor = (items.len() as i64 == limit)
        .then(|| items.last().map(|i| i.id))
        .flatten();
    Ok(AppJson(AuditPage { items, next_cursor }))
}
