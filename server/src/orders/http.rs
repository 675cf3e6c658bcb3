//! The service-order API: the catalogue, placing and following orders, review,
//! dispatch and completion. Handlers check the session and call `orders`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use linli_app::api::orders::{
    ApproveOrder, CompleteOrder, CreateService, HandBackOrder, Order, OrderSummary, PlaceOrder,
    RejectOrder, Service, ServiceQuery, StaffOrder, TakeOrder, UpdateService,
};
use linli_app::api::ErrorBody;
use utoipa_axum::{router::OpenApiRouter, router::UtoipaMethodRouterExt, routes};

use crate::auth::CurrentUser;
use crate::error::{AppJson, AppPath, AppQuery, AppResult};
use crate::shop::photos;
use crate::store::now;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_services, create_service))
        .routes(routes!(get_service, update_service))
        .routes(routes!(place_order))
        .routes(routes!(my_service_orders))
        .routes(routes!(order_review_queue))
        .routes(routes!(order_pool))
        .routes(routes!(get_order))
        .routes(routes!(approve_order))
        .routes(routes!(reject_order))
        .routes(routes!(cancel_order))
        .routes(routes!(take_order))
        .routes(routes!(staff_order))
        .routes(routes!(start_order))
        .routes(routes!(hand_back_order))
        .routes(routes!(complete_order))
        .routes(routes!(add_order_photo).layer(DefaultBodyLimit::max(photos::MAX_PHOTO_BYTES)))
}

// ---- catalogue -----------------------------------------------------------------------------

/// The service catalogue, public: active services by words, category or the area they
/// reach; with `team_id` a team's whole list, inactive ones too.
#[utoipa::path(get, path = "/services", tag = "orders",
    params(ServiceQuery),
    responses(
        (status = 200, description = "Services", body = Vec<Service>),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 404, description = "No such territory node", body = ErrorBody),
        (status = 422, description = "Not a territory node", body = ErrorBody)))]
async fn list_services(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<ServiceQuery>,
) -> AppResult<AppJson<Vec<Service>>> {
    let list = state.db.read(move |c| super::catalogue(c, &q)).await?;
    Ok(AppJson(list))
}

/// Add a service to a team's catalogue (its leader, or an admin over the team).
#[utoipa::path(post, path = "/services", tag = "orders",
    request_body = CreateService,
    responses(
        (status = 201, description = "The service", body = Service),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader of this team", body = ErrorBody),
        (status = 404, description = "No such team or area", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
async fn create_service(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<CreateService>,
) -> AppResult<(StatusCode, AppJson<Service>)> {
    let s = state
        .db
        .write(move |tx| super::create_service(tx, &user, &req, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(s)))
}

/// One service, public.
#[utoipa::path(get, path = "/services/{id}", tag = "orders",
    params(("id" = i64, Path, description = "Service id")),
    responses(
        (status = 200, description = "The service", body = Service),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such service", body = ErrorBody)))]
async fn get_service(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Service>> {
    let s = state.db.read(move |c| super::service(c, id)).await?;
    Ok(AppJson(s))
}

/// Edit or deactivate a service (its team's leader, or an admin over the team).
#[utoipa::path(patch, path = "/services/{id}", tag = "orders",
    params(("id" = i64, Path, description = "Service id")),
    request_body = UpdateService,
    responses(
        (status = 200, description = "The service", body = Service),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a leader of its team", body = ErrorBody),
        (status = 404, description = "No such service", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
async fn update_service(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<UpdateService>,
) -> AppResult<AppJson<Service>> {
    let s = state
        .db
        .write(move |tx| super::update_service(tx, &user, id, &req, now()))
        .await?;
    Ok(AppJson(s))
}

// ---- orders --------------------------------------------------------------------------------

/// Order a service: for oneself, or (a team leader or grid worker) on behalf of someone
/// without a phone, named by account or by name.
#[utoipa::path(post, path = "/orders", tag = "orders",
    request_body = PlaceOrder,
    responses(
        (status = 201, description = "The order, waiting for review", body = Order),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Only team leaders order for others", body = ErrorBody),
        (status = 404, description = "No such service or area", body = ErrorBody),
        (status = 409, description = "The service is not offered now", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody)))]
async fn place_order(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<PlaceOrder>,
) -> AppResult<(StatusCode, AppJson<Order>)> {
    let o = state
        .db
        .write(move |tx| super::place(tx, &user, &req, now()))
        .await?;
    state.notices.committed();
    Ok((StatusCode::CREATED, AppJson(o)))
}

/// Orders I am served by or placed, newest first.
#[utoipa::path(get, path = "/me/orders", tag = "orders",
    responses(
        (status = 200, description = "My orders", body = Vec<OrderSummary>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn my_service_orders(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<OrderSummary>>> {
    let list = state.db.read(move |c| super::mine(c, &user, now())).await?;
    Ok(AppJson(list))
}

/// The review queue: orders waiting for review where my reviewer grant reaches, longest
/// waiting first, with how long each has waited.
#[utoipa::path(get, path = "/orders/review", tag = "orders",
    responses(
        (status = 200, description = "Orders to review", body = Vec<OrderSummary>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a reviewer", body = ErrorBody)))]
async fn order_review_queue(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<OrderSummary>>> {
    let list = state
        .db
        .read(move |c| super::review_queue(c, &user, now()))
        .await?;
    Ok(AppJson(list))
}

/// Orders my teams can take now: assigned to a team I lead, or in the open pool of an
/// area where one of my teams offers the service.
#[utoipa::path(get, path = "/orders/pool", tag = "orders",
    responses(
        (status = 200, description = "Orders to take", body = Vec<OrderSummary>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a team leader", body = ErrorBody)))]
async fn order_pool(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<AppJson<Vec<OrderSummary>>> {
    let list = state.db.read(move |c| super::pool(c, &user, now())).await?;
    Ok(AppJson(list))
}

/// An order with its timeline and the actions I may take (404 unless I have a part in it).
#[utoipa::path(get, path = "/orders/{id}", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "The order", body = Order),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such order", body = ErrorBody)))]
async fn get_order(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Order>> {
    let o = state.db.read(move |c| super::detail(c, &user, id)).await?;
    Ok(AppJson(o))
}

/// An order action's handler and its document: the answers every action shares, with a
/// JSON body (and 422 for a bad one) or without.
macro_rules! order_action {
    ($(#[$doc:meta])* $name:ident, $path:literal, $body:ty, |$tx:ident, $user:ident, $id:ident, $req:ident| $call:expr) => {
        $(#[$doc])*
        #[utoipa::path(post, path = $path, tag = "orders",
            params(("id" = i64, Path, description = "Order id")),
            request_body = $body,
            responses(
                (status = 200, description = "The order after the action", body = Order),
                (status = 401, description = "Not signed in", body = ErrorBody),
                (status = 403, description = "Not for this role or node", body = ErrorBody),
                (status = 404, description = "No such order", body = ErrorBody),
                (status = 409, description = "Not in this state (the message names it)", body = ErrorBody),
                (status = 422, description = "Invalid field", body = ErrorBody)))]
        async fn $name(
            State(state): State<AppState>,
            $user: CurrentUser,
            AppPath($id): AppPath<i64>,
            AppJson($req): AppJson<$body>,
        ) -> AppResult<AppJson<Order>> {
            run_action(&state, move |$tx| $call).await
        }
    };
    ($(#[$doc:meta])* $name:ident, $path:literal, |$tx:ident, $user:ident, $id:ident| $call:expr) => {
        $(#[$doc])*
        #[utoipa::path(post, path = $path, tag = "orders",
            params(("id" = i64, Path, description = "Order id")),
            responses(
                (status = 200, description = "The order after the action", body = Order),
                (status = 401, description = "Not signed in", body = ErrorBody),
                (status = 403, description = "Not for this role or node", body = ErrorBody),
                (status = 404, description = "No such order", body = ErrorBody),
                (status = 409, description = "Not in this state (the message names it)", body = ErrorBody)))]
        async fn $name(
            State(state): State<AppState>,
            $user: CurrentUser,
            AppPath($id): AppPath<i64>,
        ) -> AppResult<AppJson<Order>> {
            run_action(&state, move |$tx| $call).await
        }
    };
}

/// Writes an action and wakes the notification streams once it is committed.
async fn run_action<F>(state: &AppState, f: F) -> AppResult<AppJson<Order>>
where
    F: FnOnce(&rusqlite::Transaction) -> AppResult<Order> + Send + 'static,
{
    let o = state.db.write(f).await?;
    state.notices.committed();
    Ok(AppJson(o))
}

order_action!(
    /// Approve into the open pool, or (with `team_id`) to a team that offers this service
    /// in the area; a pooled order can be assigned later (a reviewer over the area or team).
    approve_order, "/orders/{id}/approve", ApproveOrder,
    |tx, user, id, req| super::approve(tx, &user, id, &req, now())
);
order_action!(
    /// Reject with a reason from the list and optional words (a reviewer).
    reject_order, "/orders/{id}/reject", RejectOrder,
    |tx, user, id, req| super::reject(tx, &user, id, &req, now())
);
order_action!(
    /// Accept an order assigned to my team, or take one from the pool (抢单: the first
    /// take wins; later ones get 409 naming the state).
    take_order, "/orders/{id}/take", TakeOrder,
    |tx, user, id, req| super::take(tx, &user, id, req.team_id, now())
);
order_action!(
    /// Name the team's volunteers who go (the team's leader).
    staff_order, "/orders/{id}/staff", StaffOrder,
    |tx, user, id, req| super::staff(tx, &user, id, &req.volunteer_ids, now())
);
order_action!(
    /// Give the order back to the pool with a reason (the team's leader).
    hand_back_order, "/orders/{id}/hand-back", HandBackOrder,
    |tx, user, id, req| super::hand_back(tx, &user, id, &req.reason, now())
);
order_action!(
    /// Mark the order done with a short report, logging the hours named volunteers of the
    /// team served; they wait for a reviewer like a session's hours (the team's leader).
    complete_order, "/orders/{id}/complete", CompleteOrder,
    |tx, user, id, req| super::complete(tx, &user, id, &req, now())
);

order_action!(
    /// Withdraw an order before a team accepts it (the person served or who placed it).
    cancel_order, "/orders/{id}/cancel",
    |tx, user, id| super::cancel(tx, &user, id, now())
);
order_action!(
    /// The service has started (the team's leader).
    start_order, "/orders/{id}/start",
    |tx, user, id| super::start(tx, &user, id, now())
);

/// Add a photo to an open order (whoever placed it or is served by it; at most 4): the
/// raw bytes of a JPEG, PNG or WebP of at most 5 MB, judged by content and stored as the
/// shop's photos are (240 px and 800 px JPEGs under `/shop/photos/`).
#[utoipa::path(post, path = "/orders/{id}/photos", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    request_body(content = String, content_type = "application/octet-stream",
        description = "The image file's bytes"),
    responses(
        (status = 201, description = "The order with its photos", body = Order),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not who placed it or is served", body = ErrorBody),
        (status = 404, description = "No such order", body = ErrorBody),
        (status = 409, description = "Closed, or 4 photos already", body = ErrorBody),
        (status = 413, description = "Over 5 MB", body = ErrorBody),
        (status = 422, description = "Not a whole JPEG, PNG or WebP image", body = ErrorBody)))]
async fn add_order_photo(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<(StatusCode, AppJson<Order>)> {
    let who = user.clone();
    state
        .db
        .read(move |c| super::may_add_photo(c, &who, id).map(|_| ()))
        .await?;
    let p = photos::receive(&state.config.db, body).await?;
    let o = state
        .db
        .write(move |tx| super::add_photo(tx, &user, id, &p, now()))
        .await?;
    Ok((StatusCode::CREATED, AppJson(o)))
}
