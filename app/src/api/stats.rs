//! District statistics (`GET /stats/nodes/{id}`), the open books (`GET /open-books`, no
//! sign-in) and the CSV exports (`GET /exports/{kind}`).

use serde::{Deserialize, Serialize};

use super::{NodeKind, Tree};

/// A node's figures over a range of local months (default: the last twelve).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RangeQuery {
    /// First month, `YYYY-MM` (local).
    #[serde(default)]
    pub from: Option<String>,
    /// Last month, `YYYY-MM` (local), at most ten years after `from`.
    #[serde(default)]
    pub to: Option<String>,
}

/// Every figure of a node. Organisations, teams and registered volunteers are counts at
/// the end of the period; active volunteers are those of its last month; the rest are
/// sums over the period. Minutes, not hours, so nothing is rounded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// Organisation nodes that are not teams (the node itself included).
    pub organisations: i64,
    pub teams: i64,
    /// People who have joined a team, counted at their first team.
    pub volunteers: i64,
    /// People with approved service hours in the month, counted at the first team served.
    pub active_volunteers: i64,
    /// Published projects, in the month they were created.
    pub projects: i64,
    /// Sessions of published projects, in the month they start.
    pub sessions: i64,
    /// Service orders a team accepted.
    pub orders_taken: i64,
    pub orders_done: i64,
    /// People served by a completed order for the first time.
    pub people_served: i64,
    /// Approved hours of service projects.
    pub service_minutes: i64,
    /// Approved hours of training projects.
    pub training_minutes: i64,
    /// Points given to members (earned and adjusted, net of reversals).
    pub points_issued: i64,
    /// Spent in the shop, net of refunds.
    pub points_spent: i64,
    pub points_donated: i64,
    /// Put against property fees, net of rejections.
    pub points_offset: i64,
    pub points_expired: i64,
    /// Shop checkouts, net of refunds.
    pub redemptions: i64,
    /// Ratings of the teams' work and the sum of their stars (average = stars / ratings).
    pub ratings: i64,
    pub rating_stars: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthFigures {
    /// `YYYY-MM`, local.
    pub month: String,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeRef {
    pub id: i64,
    pub tree: Tree,
    pub kind: NodeKind,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildFigures {
    pub node: NodeRef,
    pub totals: Figures,
}

/// A node's statistics: the period's totals, month by month, and each child's totals
/// (a node's figures are its own plus its children's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeStats {
    pub node: NodeRef,
    pub from: String,
    pub to: String,
    pub totals: Figures,
    pub months: Vec<MonthFigures>,
    pub children: Vec<ChildFigures>,
}

/// Where the points went in a month (or in all), from the transfers themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsFlow {
    /// Given to members and families (earned, adjusted), net of corrections.
    pub issued: i64,
    /// Spent in the shop, net of refunds.
    pub spent: i64,
    /// Given by members and families to the charity pool.
    pub donated: i64,
    /// Given from the charity pool to families (or donations given back).
    pub allocated: i64,
    /// Put against property fees, net of rejections.
    pub offset: i64,
    pub expired: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BooksMonth {
    pub month: String,
    pub flow: PointsFlow,
}

/// The check that no point appeared or vanished: what members and families hold by the
/// flows (issued − spent − donated + allocated − offset − expired) against the sum of
/// their balances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conservation {
    pub held_by_flows: i64,
    pub held_by_balances: i64,
    /// Every account's balance summed: zero in double-entry books.
    pub all_balances: i64,
    pub holds: bool,
}

/// A donor of shop stock named on the honour roll (units and merchants; private people
/// are only counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HonourDonor {
    pub name: String,
    /// `unit` or `merchant`.
    pub kind: String,
    /// Points value of the goods when received.
    pub value: i64,
    pub units: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockDonated {
    pub value: i64,
    pub units: i64,
    pub donors: i64,
}

/// The public books (公开账本): nothing in it names or counts a resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenBooks {
    pub months: Vec<BooksMonth>,
    pub totals: PointsFlow,
    /// Held now by members and families together.
    pub held: i64,
    /// In the charity pool, waiting to be given.
    pub charity_pool: i64,
    pub conservation: Conservation,
    pub honour_roll: Vec<HonourDonor>,
    /// Stock given by private people, who are not named.
    pub private_donations: StockDonated,
    pub stock_donated: StockDonated,
}

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Members,
    Hours,
    Transfers,
    Orders,
    Ratings,
    StockEvents,
}

impl ExportKind {
    pub const ALL: [ExportKind; 6] = [
        ExportKind::Members,
        ExportKind::Hours,
        ExportKind::Transfers,
        ExportKind::Orders,
        ExportKind::Ratings,
        ExportKind::StockEvents,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportKind::Members => "members",
            ExportKind::Hours => "hours",
            ExportKind::Transfers => "transfers",
            ExportKind::Orders => "orders",
            ExportKind::Ratings => "ratings",
            ExportKind::StockEvents => "stock_events",
        }
    }
}

/// An export's filter: a node (its subtree) and a range of local days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExportQuery {
    pub node_id: i64,
    /// First day, `YYYY-MM-DD` (local); default: the beginning.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (local); default: today.
    #[serde(default)]
    pub to: Option<String>,
}
