//! Service orders (群众点单, S4): the catalogue of services teams offer, orders placed by
//! residents (or on their behalf), their review, dispatch and completion, ratings and
//! the notifications every status change sends. Times are Unix seconds.

use serde::{Deserialize, Serialize};

use super::projects::ProjectCategory;

/// Where an order is in its life. The rules for moving between these live in
/// `crate::orders`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// 待审核: placed, waiting for a reviewer.
    Submitted,
    /// 待抢单: approved into the open pool; any team serving the area may take it.
    Pooled,
    /// 已派单: approved and assigned to one team, waiting for its leader.
    Assigned,
    /// 已驳回
    Rejected,
    /// 已接单: a team has it.
    Accepted,
    /// 服务中
    InProgress,
    /// 已完成
    Done,
    /// 已取消: withdrawn by the resident before a team accepted it.
    Cancelled,
}

impl OrderState {
    pub const ALL: [OrderState; 8] = [
        OrderState::Submitted,
        OrderState::Pooled,
        OrderState::Assigned,
        OrderState::Rejected,
        OrderState::Accepted,
        OrderState::InProgress,
        OrderState::Done,
        OrderState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Submitted => "submitted",
            OrderState::Pooled => "pooled",
            OrderState::Assigned => "assigned",
            OrderState::Rejected => "rejected",
            OrderState::Accepted => "accepted",
            OrderState::InProgress => "in_progress",
            OrderState::Done => "done",
            OrderState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<OrderState> {
        OrderState::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What someone does to an order; each is one endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderAction {
    /// Reviewer: approve into the open pool.
    Approve,
    /// Reviewer: approve (or move a pooled order) to one team.
    Assign,
    /// Reviewer: refuse with a reason.
    Reject,
    /// The person served or who placed it: withdraw before a team accepts.
    Cancel,
    /// A team leader: accept an order assigned to the team, or take one from the pool.
    Take,
    /// The team's leader: name the volunteers who go.
    Staff,
    /// The team's leader: the service has started.
    Start,
    /// The team's leader: give the order back to the pool with a reason.
    HandBack,
    /// The team's leader: done, with a short report.
    Complete,
}

impl OrderAction {
    pub const ALL: [OrderAction; 9] = [
        OrderAction::Approve,
        OrderAction::Assign,
        OrderAction::Reject,
        OrderAction::Cancel,
        OrderAction::Take,
        OrderAction::Staff,
        OrderAction::Start,
        OrderAction::HandBack,
        OrderAction::Complete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderAction::Approve => "approve",
            OrderAction::Assign => "assign",
            OrderAction::Reject => "reject",
            OrderAction::Cancel => "cancel",
            OrderAction::Take => "take",
            OrderAction::Staff => "staff",
            OrderAction::Start => "start",
            OrderAction::HandBack => "hand_back",
            OrderAction::Complete => "complete",
        }
    }
}

/// Why a reviewer refused an order (with free text beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// 不在服务范围内
    OutOfScope,
    /// 重复下单
    Duplicate,
    /// 信息不全
    MissingInformation,
    /// 应通过其他渠道办理
    OtherChannel,
    /// 其他
    Other,
}

impl RejectReason {
    pub const ALL: [RejectReason; 5] = [
        RejectReason::OutOfScope,
        RejectReason::Duplicate,
        RejectReason::MissingInformation,
        RejectReason::OtherChannel,
        RejectReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::OutOfScope => "out_of_scope",
            RejectReason::Duplicate => "duplicate",
            RejectReason::MissingInformation => "missing_information",
            RejectReason::OtherChannel => "other_channel",
            RejectReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<RejectReason> {
        RejectReason::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

// ---- catalogue -----------------------------------------------------------------------------

/// A service a team offers to an area (免费义诊, 法律援助 …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    pub id: i64,
    pub team_id: i64,
    pub team_name: String,
    pub category: ProjectCategory,
    pub title: String,
    pub description: String,
    /// What the resident should have ready (documents, a table to sit at …).
    pub prepare: String,
    /// The territory node served, and everything below it.
    pub serves_id: i64,
    pub serves_name: String,
    pub active: bool,
    /// Average stars of the team's rated orders for this service, and how many.
    pub rating: Option<f64>,
    pub ratings: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateService {
    pub team_id: i64,
    pub category: ProjectCategory,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub prepare: String,
    pub serves_id: i64,
}

/// Changes to a service; absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateService {
    #[serde(default)]
    pub category: Option<ProjectCategory>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub prepare: Option<String>,
    #[serde(default)]
    pub serves_id: Option<i64>,
    #[serde(default)]
    pub active: Option<bool>,
}

/// `GET /services`: active services by text, category or the area they serve; with
/// `team_id`, all of that team's services, inactive ones too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ServiceQuery {
    /// Words in the title or description.
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub category: Option<ProjectCategory>,
    #[serde(default)]
    pub team_id: Option<i64>,
    /// A territory node: services that reach it (serve it or an area above it).
    #[serde(default)]
    pub territory_id: Option<i64>,
}

// ---- orders --------------------------------------------------------------------------------

/// `POST /orders`. A team leader or grid worker ordering for someone else (the elderly
/// without a phone) names them with `for_user_id` or, without an account, `for_name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceOrder {
    pub service_id: i64,
    /// What is needed, in a few sentences.
    pub need: String,
    /// The grid (or community) where the service is needed.
    pub territory_id: i64,
    pub address: String,
    /// When suits, in the resident's words ("周六上午").
    #[serde(default)]
    pub preferred_time: String,
    pub phone: String,
    #[serde(default)]
    pub for_user_id: Option<i64>,
    #[serde(default)]
    pub for_name: Option<String>,
}

/// One step on an order's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderEvent {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    /// `placed` or an action's name.
    pub action: String,
    /// The state after this step.
    pub state: OrderState,
    pub note: String,
}

/// An order as its people see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    pub id: i64,
    pub service_id: i64,
    pub service_title: String,
    pub category: ProjectCategory,
    pub state: OrderState,
    /// The person served, when they have an account.
    pub served_id: Option<i64>,
    pub served_name: String,
    pub placed_by: i64,
    pub placed_by_name: String,
    /// Placed by someone else on the served person's behalf.
    pub proxy: bool,
    pub territory_id: i64,
    pub territory_name: String,
    pub address: String,
    pub preferred_time: String,
    /// Shown whole only to the people handling the order; masked to others.
    pub phone: String,
    pub need: String,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub reject_reason: Option<RejectReason>,
    pub reject_text: Option<String>,
    pub report: Option<String>,
    pub volunteers: Vec<i64>,
    pub submitted_at: i64,
    pub reviewed_at: Option<i64>,
    pub accepted_at: Option<i64>,
    pub started_at: Option<i64>,
    pub done_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// What the caller may do next (for showing only the allowed buttons).
    pub allowed: Vec<OrderAction>,
    pub events: Vec<OrderEvent>,
    /// Photos the placer added (stored and served like the shop's).
    pub photos: Vec<super::shop::Photo>,
    /// Volunteer hours logged on completion, with their review state.
    pub hours: Vec<super::projects::HourRecord>,
}

/// An order in a list (my orders, the review queue, the pool).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderSummary {
    pub id: i64,
    pub service_title: String,
    pub category: ProjectCategory,
    pub state: OrderState,
    pub served_name: String,
    pub territory_id: i64,
    pub territory_name: String,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub submitted_at: i64,
    /// Seconds since it entered its current state (how long the queue has kept it).
    pub waited_secs: i64,
}

/// `POST /orders/{id}/approve`: into the pool, or to one team.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApproveOrder {
    #[serde(default)]
    pub team_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectOrder {
    pub reason: RejectReason,
    #[serde(default)]
    pub text: String,
}

/// `POST /orders/{id}/take`: which of the caller's teams takes it (needed only when the
/// caller leads more than one team that could).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TakeOrder {
    #[serde(default)]
    pub team_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffOrder {
    pub volunteer_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandBackOrder {
    pub reason: String,
}

/// `POST /orders/{id}/complete`: the report, and the hours each named volunteer served
/// (members of the team), which go to a reviewer like a session's hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteOrder {
    pub report: String,
    #[serde(default)]
    pub hours: Vec<VolunteerHours>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerHours {
    pub user_id: i64,
    /// 1 to 1440.
    pub minutes: i64,
}

// ---- ratings -------------------------------------------------------------------------------

/// What a rating is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RatingSubject {
    Order,
    Session,
    ShopItem,
    /// A training course, rated by a trainee who attended.
    Training,
    /// A help request, rated by the resident who asked once it was done.
    Help,
}

impl RatingSubject {
    pub fn as_str(self) -> &'static str {
        match self {
            RatingSubject::Order => "order",
            RatingSubject::Session => "session",
            RatingSubject::ShopItem => "shop_item",
            RatingSubject::Training => "training",
            RatingSubject::Help => "help",
        }
    }

    pub fn parse(s: &str) -> Option<RatingSubject> {
        [
            RatingSubject::Order,
            RatingSubject::Session,
            RatingSubject::ShopItem,
            RatingSubject::Training,
            RatingSubject::Help,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// `POST`/`PATCH` a rating: 1–5 stars and an optional comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateRequest {
    pub stars: i64,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyRequest {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HideRequest {
    pub reason: String,
}

/// A rating as shown on a team, service, project or item page. A hidden comment is
/// blank (the original stays in the audit log); text is plain text, never markup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    pub id: i64,
    pub subject: RatingSubject,
    pub subject_id: i64,
    pub team_id: Option<i64>,
    pub rater_id: i64,
    pub rater_name: String,
    pub stars: i64,
    pub comment: String,
    pub hidden: bool,
    pub reply: Option<String>,
    pub replied_at: Option<i64>,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

/// Scores of a team or a node: average stars with their count, completion rate and the
/// median time (seconds) from placing to review, to acceptance and to completion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scores {
    pub node_id: i64,
    pub name: String,
    pub rating: Option<f64>,
    pub ratings: i64,
    pub orders: i64,
    pub done: i64,
    /// Done among the orders a team accepted (or, for a node, that were approved).
    pub completion_rate: Option<f64>,
    pub median_review_secs: Option<i64>,
    pub median_accept_secs: Option<i64>,
    pub median_complete_secs: Option<i64>,
}

// ---- notifications -------------------------------------------------------------------------

/// A notification, stored as a kind and parameters and worded in the reader's language
/// when read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: i64,
    /// `order_state` (params: order, service, state), `order_new` and `order_review`
    /// (params: order, service), `promoted` (params: title, starts_at), `rating_reply`
    /// (params: order).
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub params: serde_json::Value,
    pub text: String,
    pub order_id: Option<i64>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: i64,
}

/// `POST /notifications/read`: these ids, or (empty) everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    #[serde(default)]
    pub ids: Vec<i64>,
}

/// `GET /notifications`: only those with an id above `after` (polling: pass the newest
/// id seen).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct NoticeQuery {
    #[serde(default)]
    pub after: Option<i64>,
}

/// What the assessment table ranks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssessmentLevel {
    /// The volunteer teams in the reviewer's reach.
    #[default]
    Teams,
    /// The communities where orders in the reviewer's reach were served.
    Communities,
}

/// `GET /assessment`: teams (default) or communities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AssessmentQuery {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub level: Option<AssessmentLevel>,
}

/// `GET /ratings`: the ratings of one subject, or of one team's orders and sessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RatingQuery {
    #[serde(default)]
    pub subject: Option<RatingSubject>,
    #[serde(default)]
    pub subject_id: Option<i64>,
    #[serde(default)]
    pub team_id: Option<i64>,
}
