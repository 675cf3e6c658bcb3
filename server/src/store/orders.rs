//! SQL of service orders: the service catalogue, orders and their timeline. Rules live in
//! `crate::orders`.

use linli_app::api::orders::{Order, OrderEvent, OrderState, RejectReason};
use linli_app::api::projects::ProjectCategory;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::AppResult;
use crate::store::org::enum_col;
use crate::store::shop::PhotoRow;

// ---- catalogue -----------------------------------------------------------------------------

/// A service as stored, with its team's and area's names and paths.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    pub id: i64,
    pub team_id: i64,
    pub team_name: String,
    pub team_path: String,
    pub category: ProjectCategory,
    pub title: String,
    pub description: String,
    pub prepare: String,
    pub serves_id: i64,
    pub serves_name: String,
    pub serves_path: String,
    pub active: bool,
}

const SERVICE_COLS: &str = "s.id, s.team_id, t.name, t.path, s.category, s.title, s.description,
    s.prepare, s.serves_id, a.name, a.path, s.active
    FROM services s JOIN nodes t ON t.id = s.team_id JOIN nodes a ON a.id = s.serves_id";

fn service_row(r: &Row) -> rusqlite::Result<ServiceRow> {
    Ok(ServiceRow {
        id: r.get(0)?,
        team_id: r.get(1)?,
        team_name: r.get(2)?,
        team_path: r.get(3)?,
        category: enum_col(r, 4, ProjectCategory::parse)?,
        title: r.get(5)?,
        description: r.get(6)?,
        prepare: r.get(7)?,
        serves_id: r.get(8)?,
        serves_name: r.get(9)?,
        serves_path: r.get(10)?,
        active: r.get(11)?,
    })
}

/// The fields a service is written with.
pub struct ServiceFields<'a> {
    pub team_id: i64,
    pub category: ProjectCategory,
    pub title: &'a str,
    pub description: &'a str,
    pub prepare: &'a str,
    pub serves_id: i64,
    pub active: bool,
}

pub fn insert_service(conn: &Connection, f: &ServiceFields, by: i64, now: i64) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO services (team_id, category, title, description, prepare, serves_id, active,
             created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        f.team_id,
        f.category.as_str(),
        f.title,
        f.description,
        f.prepare,
        f.serves_id,
        f.active,
        by,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn update_service(conn: &Connection, id: i64, f: &ServiceFields, now: i64) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE services SET category = ?2, title = ?3, description = ?4, prepare = ?5,
             serves_id = ?6, active = ?7, updated_at = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        f.category.as_str(),
        f.title,
        f.description,
        f.prepare,
        f.serves_id,
        f.active,
        now
    ])?;
    Ok(())
}

pub fn service(conn: &Connection, id: i64) -> AppResult<Option<ServiceRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {SERVICE_COLS} WHERE s.id = ?1"))?
        .query_row([id], service_row)
        .optional()?)
}

/// Services matching a search; `area_path`: only those whose area holds this path.
pub struct ServiceFilter<'a> {
    pub text: Option<&'a str>,
    pub category: Option<ProjectCategory>,
    pub team_id: Option<i64>,
    pub area_path: Option<&'a str>,
    pub active_only: bool,
}

pub fn services(conn: &Connection, f: &ServiceFilter) -> AppResult<Vec<ServiceRow>> {
    let like = f.text.map(|t| {
        let escaped = t
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SERVICE_COLS}
         WHERE (?1 IS NULL OR s.title LIKE ?1 ESCAPE '\\' OR s.description LIKE ?1 ESCAPE '\\')
           AND (?2 IS NULL OR s.category = ?2)
           AND (?3 IS NULL OR s.team_id = ?3)
           AND (?4 IS NULL OR substr(?4, 1, length(a.path)) = a.path)
           AND (?5 = 0 OR s.active = 1)
         ORDER BY s.id LIMIT 500"
    ))?;
    let rows = stmt.query_map(
        params![
            like,
            f.category.map(|c| c.as_str()),
            f.team_id,
            f.area_path,
            f.active_only
        ],
        service_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Teams with an active service of `category` whose area holds `territory_path`: the
/// teams that may take such an order from the pool. (team id, team path).
pub fn teams_serving(
    conn: &Connection,
    category: ProjectCategory,
    territory_path: &str,
) -> AppResult<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT s.team_id, t.path FROM services s
         JOIN nodes t ON t.id = s.team_id JOIN nodes a ON a.id = s.serves_id
         WHERE s.active = 1 AND s.category = ?1 AND substr(?2, 1, length(a.path)) = a.path
         ORDER BY s.team_id",
    )?;
    let rows = stmt.query_map(params![category.as_str(), territory_path], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- orders --------------------------------------------------------------------------------

/// An order as stored: the order as the API shows it (its lists left empty for the
/// caller to fill) with the paths and times its rules need. Reads and writes of the
/// order's fields go through to `order`.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow {
    pub order: Order,
    pub service_team_path: String,
    pub territory_path: String,
    pub team_path: Option<String>,
    pub state_at: i64,
}

impl std::ops::Deref for OrderRow {
    type Target = Order;
    fn deref(&self) -> &Order {
        &self.order
    }
}

impl std::ops::DerefMut for OrderRow {
    fn deref_mut(&mut self) -> &mut Order {
        &mut self.order
    }
}

const ORDER_COLS: &str = "o.id, o.service_id, s.title, s.category, st.path, o.served_id,
    o.served_name, o.placed_by, pu.name, o.territory_id, tn.name, tn.path, o.address,
    o.preferred_time, o.phone, o.need, o.state, o.team_id, tm.name, tm.path, o.reject_reason,
    o.reject_text, o.report, o.volunteers, o.submitted_at, o.reviewed_at, o.accepted_at,
    o.started_at, o.done_at, o.closed_at, o.state_at
    FROM orders o JOIN services s ON s.id = o.service_id JOIN nodes st ON st.id = s.team_id
    JOIN users pu ON pu.id = o.placed_by JOIN nodes tn ON tn.id = o.territory_id
    LEFT JOIN nodes tm ON tm.id = o.team_id";

fn order_row(r: &Row) -> rusqlite::Result<OrderRow> {
    let volunteers: String = r.get(23)?;
    let reason: Option<String> = r.get(20)?;
    let (served_id, placed_by): (Option<i64>, i64) = (r.get(5)?, r.get(7)?);
    let order = Order {
        id: r.get(0)?,
        service_id: r.get(1)?,
        service_title: r.get(2)?,
        category: enum_col(r, 3, ProjectCategory::parse)?,
        served_id,
        served_name: r.get(6)?,
        placed_by,
        placed_by_name: r.get(8)?,
        proxy: served_id != Some(placed_by),
        territory_id: r.get(9)?,
        territory_name: r.get(10)?,
        address: r.get(12)?,
        preferred_time: r.get(13)?,
        phone: r.get(14)?,
        need: r.get(15)?,
        state: enum_col(r, 16, OrderState::parse)?,
        team_id: r.get(17)?,
        team_name: r.get(18)?,
        reject_reason: reason.as_deref().and_then(RejectReason::parse),
        reject_text: r.get(21)?,
        report: r.get(22)?,
        volunteers: serde_json::from_str(&volunteers).unwrap_or_default(),
        submitted_at: r.get(24)?,
        reviewed_at: r.get(25)?,
        accepted_at: r.get(26)?,
        started_at: r.get(27)?,
        done_at: r.get(28)?,
        closed_at: r.get(29)?,
        allowed: Vec::new(),
        events: Vec::new(),
        photos: Vec::new(),
        hours: Vec::new(),
    };
    Ok(OrderRow {
        order,
        service_team_path: r.get(4)?,
        territory_path: r.get(11)?,
        team_path: r.get(19)?,
        state_at: r.get(30)?,
    })
}

/// What a new order is written with.
pub struct NewOrder<'a> {
    pub service_id: i64,
    pub served_id: Option<i64>,
    pub served_name: &'a str,
    pub placed_by: i64,
    pub territory_id: i64,
    pub address: &'a str,
    pub preferred_time: &'a str,
    pub phone: &'a str,
    pub need: &'a str,
}

pub fn insert_order(conn: &Connection, o: &NewOrder, now: i64) -> AppResult<i64> {
    conn.prepare_cached(
        "INSERT INTO orders (service_id, served_id, served_name, placed_by, territory_id,
             address, preferred_time, phone, need, submitted_at, state_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        o.service_id,
        o.served_id,
        o.served_name,
        o.placed_by,
        o.territory_id,
        o.address,
        o.preferred_time,
        o.phone,
        o.need,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn order(conn: &Connection, id: i64) -> AppResult<Option<OrderRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {ORDER_COLS} WHERE o.id = ?1"))?
        .query_row([id], order_row)
        .optional()?)
}

/// Writes an order's changing fields back (state, team, decisions, step times).
pub fn save_order(conn: &Connection, o: &OrderRow) -> AppResult<()> {
    let volunteers = serde_json::to_string(&o.volunteers).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached(
        "UPDATE orders SET state = ?2, team_id = ?3, reject_reason = ?4, reject_text = ?5,
             report = ?6, volunteers = ?7, reviewed_at = ?8, accepted_at = ?9, started_at = ?10,
             done_at = ?11, closed_at = ?12, state_at = ?13
         WHERE id = ?1",
    )?
    .execute(params![
        o.id,
        o.state.as_str(),
        o.team_id,
        o.reject_reason.map(|r| r.as_str()),
        o.reject_text,
        o.report,
        volunteers,
        o.reviewed_at,
        o.accepted_at,
        o.started_at,
        o.done_at,
        o.closed_at,
        o.state_at
    ])?;
    Ok(())
}

pub fn add_event(
    conn: &Connection,
    order_id: i64,
    actor_id: Option<i64>,
    action: &str,
    state: OrderState,
    note: &str,
    now: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO order_events (order_id, actor_id, action, state, note, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        order_id,
        actor_id,
        action,
        state.as_str(),
        note,
        now
    ])?;
    Ok(())
}

/// An order's timeline, oldest first.
pub fn events(conn: &Connection, order_id: i64) -> AppResult<Vec<OrderEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.at, e.actor_id, COALESCE(u.name, ''), e.action, e.state, e.note
         FROM order_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.order_id = ?1 ORDER BY e.id",
    )?;
    let rows = stmt.query_map([order_id], |r| {
        Ok(OrderEvent {
            at: r.get(0)?,
            actor_id: r.get(1)?,
            actor_name: r.get(2)?,
            action: r.get(3)?,
            state: enum_col(r, 4, OrderState::parse)?,
            note: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Orders a person is served by or placed, newest first.
pub fn orders_of(conn: &Connection, user_id: i64) -> AppResult<Vec<OrderRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ORDER_COLS} WHERE o.served_id = ?1 OR o.placed_by = ?1
         ORDER BY o.id DESC LIMIT 200"
    ))?;
    let rows = stmt.query_map([user_id], order_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Orders in a state, longest waiting first (the caller filters by reach).
pub fn orders_in(conn: &Connection, state: OrderState) -> AppResult<Vec<OrderRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ORDER_COLS} WHERE o.state = ?1 ORDER BY o.state_at, o.id LIMIT 1000"
    ))?;
    let rows = stmt.query_map([state.as_str()], order_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Orders held by one team that are not closed, oldest first.
pub fn orders_of_team(conn: &Connection, team_id: i64) -> AppResult<Vec<OrderRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ORDER_COLS} WHERE o.team_id = ?1 ORDER BY o.id DESC LIMIT 500"
    ))?;
    let rows = stmt.query_map([team_id], order_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Step times of the orders under a node: by team (org tree) or by place (territory).
/// (submitted, reviewed, accepted, done, state, had a team).
pub struct Timing {
    pub submitted_at: i64,
    pub reviewed_at: Option<i64>,
    pub accepted_at: Option<i64>,
    pub done_at: Option<i64>,
    pub state: OrderState,
}

pub fn timings_under(conn: &Connection, path: &str, by_team: bool) -> AppResult<Vec<Timing>> {
    let sql = if by_team {
        "SELECT o.submitted_at, o.reviewed_at, o.accepted_at, o.done_at, o.state
         FROM orders o JOIN nodes n ON n.id = o.team_id
         WHERE substr(n.path, 1, length(?1)) = ?1"
    } else {
        "SELECT o.submitted_at, o.reviewed_at, o.accepted_at, o.done_at, o.state
         FROM orders o JOIN nodes n ON n.id = o.territory_id
         WHERE substr(n.path, 1, length(?1)) = ?1"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([path], |r| {
        Ok(Timing {
            submitted_at: r.get(0)?,
            reviewed_at: r.get(1)?,
            accepted_at: r.get(2)?,
            done_at: r.get(3)?,
            state: enum_col(r, 4, OrderState::parse)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every team node (for the assessment table): (id, name, path).
pub fn teams(conn: &Connection) -> AppResult<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, path FROM nodes WHERE tree = 'org' AND kind = 'team' ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every community node: (id, path).
pub fn communities(conn: &Connection) -> AppResult<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, path FROM nodes WHERE tree = 'territory' AND kind = 'community' ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Where orders were placed and whose services they were: distinct (area path, path of
/// the service's team).
pub fn order_places(conn: &Connection) -> AppResult<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT a.path, t.path FROM orders o JOIN nodes a ON a.id = o.territory_id
         JOIN services s ON s.id = o.service_id JOIN nodes t ON t.id = s.team_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- photos --------------------------------------------------------------------------------

/// Adds a photo (the same picture twice is one photo).
pub fn insert_photo(
    conn: &Connection,
    order_id: i64,
    hash: &str,
    (width, height): (u32, u32),
    by: i64,
    now: i64,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO order_photos (order_id, hash, width, height, uploaded_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (order_id, hash) DO NOTHING",
    )?
    .execute(params![order_id, hash, width, height, by, now])?;
    Ok(())
}

/// An order's photos in the shape of the shop's (`item_id` holds the order id).
pub fn photos(conn: &Connection, order_id: i64) -> AppResult<Vec<PhotoRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, order_id, hash, width, height FROM order_photos WHERE order_id = ?1
         ORDER BY id",
    )?;
    let rows = stmt.query_map([order_id], crate::store::shop::photo_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
