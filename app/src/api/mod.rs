//! The JSON API's types, shared by the server and the browser. Paths live under `/api/v1`.

pub mod alarms;
pub mod bank;
pub mod cards;
pub mod dashboard;
pub mod ledger;
pub mod orders;
pub mod projects;
pub mod refusals;
pub mod shop;
pub mod stats;
pub mod trainings;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::roles::Role;

pub use refusals::Reason;

/// Every error the API sends has this shape:
/// `{"error": {"code", "message", "field"?, "reason"?}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `validation`, `forbidden`.
    pub code: ErrorCode,
    /// Human-readable text in the caller's language (Accept-Language).
    pub message: String,
    /// The input field at fault, for validation errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Why the server refused, when it is a specific refusal (`insufficient_points`,
    /// `card_blocked`…): what a client branches on. `message` is its wording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    Validation,
    Unauthenticated,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    RateLimited,
    Internal,
    /// The server cannot store anything now (disk full, read-only); try again later.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}

// ---- accounts -------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    pub name: String,
    /// Mainland mobile number, 11 digits starting with 1.
    pub phone: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub phone: String,
    pub password: String,
}

/// A role granted to a person at a node of the organisation tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    pub id: i64,
    pub role: Role,
    pub node_id: i64,
    pub node_name: String,
}

/// A team (organisation node) a person belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamRef {
    pub node_id: i64,
    pub name: String,
}

/// A person as shown on their own page or to an administrator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub lang: Lang,
    pub roles: Vec<RoleGrant>,
    pub teams: Vec<TeamRef>,
    /// Unix seconds.
    pub created_at: i64,
}

/// A new password for oneself: the current one proves it is really them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub password: String,
}

/// A forgotten password replaced with the one-time code a team leader or admin gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetPasswordRequest {
    pub phone: String,
    pub reset_code: String,
    pub password: String,
}

/// A one-time reset code, shown once to the leader or admin who issued it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetCode {
    pub code: String,
    /// Unix seconds.
    pub expires_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMe {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: i64,
    pub name: String,
    /// Masked (138****0001) unless the caller administers people.
    pub phone: String,
}

/// One page of a keyset-paginated list: pass `next_cursor` back as `after`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsersPage {
    pub items: Vec<UserSummary>,
    pub next_cursor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantRoleRequest {
    pub role: Role,
    pub node_id: i64,
}

// ---- organisation and territory trees ------------------------------------------------

/// The two trees: organisations ("1+3+N") and territory (district → grid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tree {
    Org,
    Territory,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    // organisation tree
    Society,
    Branch,
    Team,
    // territory tree
    District,
    Street,
    Community,
    Grid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Node {
    pub id: i64,
    pub tree: Tree,
    pub parent_id: Option<i64>,
    pub kind: NodeKind,
    pub name: String,
    /// Materialised path of ids, e.g. `/1/4/9/`.
    pub path: String,
    /// Members directly in this node (teams).
    pub member_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateNode {
    pub tree: Tree,
    pub parent_id: Option<i64>,
    pub kind: NodeKind,
    pub name: String,
}

/// Rename and/or move a node. Moving under its own subtree is refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateNode {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub parent_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddMember {
    pub user_id: i64,
}

/// Where a resident's request to join a team stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JoinState {
    Pending,
    Accepted,
    Declined,
}

/// A resident asks a volunteer team to take them in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewJoinRequest {
    pub node_id: i64,
}

/// A request to join a team, as the resident and the team's leaders see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinRequest {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub node_id: i64,
    pub team_name: String,
    pub state: JoinState,
    /// Why it was declined; empty when no reason was given.
    pub reason: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds; set once accepted or declined.
    pub decided_at: Option<i64>,
}

/// A leader declines a join request, optionally saying why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclineJoin {
    #[serde(default)]
    pub reason: String,
}
