//! `GET /admin/dashboard`: what an administrator acts on first, in one response so a
//! phone on a slow network makes one request instead of four.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DashboardQuery {
    /// Items with at most this many left are low (default 5).
    #[serde(default)]
    pub threshold: Option<i64>,
}

/// An active item running low: just what the alert shows and links to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LowStockLine {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub price: i64,
    pub stock: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminDashboard {
    /// Today, `YYYY-MM-DD` in the community's calendar.
    pub day: String,
    pub low_stock_threshold: i64,
    /// Active items at or below the threshold, out of stock first, then fewest left.
    pub low_stock: Vec<LowStockLine>,
    /// Today's checkouts that stand (refunded ones excluded).
    pub orders_today: i64,
    pub items_out_today: i64,
    pub points_redeemed_today: i64,
    pub refunded_today: i64,
    /// Hour records waiting for a decision that this administrator may decide.
    pub hours_to_review: i64,
    /// Projects submitted for review that this administrator may approve.
    pub projects_to_review: i64,
}
