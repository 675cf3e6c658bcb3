//! Points ledger: balances, history, lots and expiry, earning rules, admin corrections.
//! Amounts are whole points (integers); times are Unix seconds.

use serde::{Deserialize, Serialize};

/// Who holds a ledger account. Members and families can never go below zero; the
/// issuance account is where points come from (and return to on expiry), so it runs
/// negative by design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Member,
    Family,
    Issuance,
    Shop,
    FeeOffset,
    CharityPool,
}

impl AccountKind {
    pub const ALL: [AccountKind; 6] = [
        AccountKind::Member,
        AccountKind::Family,
        AccountKind::Issuance,
        AccountKind::Shop,
        AccountKind::FeeOffset,
        AccountKind::CharityPool,
    ];

    /// The name stored in the database and used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Member => "member",
            AccountKind::Family => "family",
            AccountKind::Issuance => "issuance",
            AccountKind::Shop => "shop",
            AccountKind::FeeOffset => "fee_offset",
            AccountKind::CharityPool => "charity_pool",
        }
    }

    pub fn parse(s: &str) -> Option<AccountKind> {
        AccountKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Accounts that hold people's points: they have lots, expire, and never go negative.
    pub fn is_holder(self) -> bool {
        matches!(self, AccountKind::Member | AccountKind::Family)
    }
}

/// What a transfer is for. Every movement of points has exactly one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    /// Issuance → member, for verified service hours.
    Earn,
    /// Member or family → shop, at checkout.
    Redeem,
    /// Shop → member or family, when a checkout is refunded.
    Refund,
    /// Member → charity pool or a family.
    Donate,
    /// Charity pool → family.
    Allocate,
    /// Member → property-fee offset account.
    FeeOffset,
    /// A manual correction by an administrator, either direction.
    Adjust,
    /// Member or family → issuance, when a lot reaches its expiry.
    Expire,
    /// Undoes an earlier transfer by moving the same amount back.
    Reverse,
}

impl TransferKind {
    pub const ALL: [TransferKind; 9] = [
        TransferKind::Earn,
        TransferKind::Redeem,
        TransferKind::Refund,
        TransferKind::Donate,
        TransferKind::Allocate,
        TransferKind::FeeOffset,
        TransferKind::Adjust,
        TransferKind::Expire,
        TransferKind::Reverse,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TransferKind::Earn => "earn",
            TransferKind::Redeem => "redeem",
            TransferKind::Refund => "refund",
            TransferKind::Donate => "donate",
            TransferKind::Allocate => "allocate",
            TransferKind::FeeOffset => "fee_offset",
            TransferKind::Adjust => "adjust",
            TransferKind::Expire => "expire",
            TransferKind::Reverse => "reverse",
        }
    }

    pub fn parse(s: &str) -> Option<TransferKind> {
        TransferKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Points that will expire together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expiring {
    pub amount: i64,
    pub expires_at: i64,
}

/// `GET /me/points`: the balance and what will expire, soonest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsSummary {
    pub balance: i64,
    /// Points expiring within the next 30 days.
    pub expiring_soon: i64,
    /// Upcoming expiry dates with the points that lapse on each (at most 12).
    pub expiring: Vec<Expiring>,
}

/// What the server wrote a transfer for, as a kind and its facts: worded in the reader's
/// language where shown (`ledger::transfer_reason_text`). None where a person wrote the
/// reason (adjustments, awards, allocations, reversals) and on lines from before notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransferNote {
    /// Goods paid for at the shop's kiosk.
    ShopRedeem,
    /// Goods reserved on the phone, paid at once.
    ShopReservation,
    /// A reservation the member cancelled: its points back.
    ReservationCancelled,
    /// A reservation not picked up in time: its points back.
    ReservationExpired,
    /// Service hours a reviewer approved: the project (or service) and when it was served.
    HoursApproved { project: String, served_at: i64 },
    /// Points set aside for a property fee: the billing month (`YYYY-MM`) and the company.
    FeeOffset { month: String, company: String },
    /// The property company rejected an offset, saying why.
    FeeOffsetRejected { reason: String },
    /// A gift to a family in difficulty, by its masked name.
    FamilyDonation { family: String },
    /// A gift to the charity pool.
    PoolDonation,
    /// What was left of a lot when it reached its expiry.
    Expired,
}

/// One line of a member's history: a transfer seen from their account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryItem {
    pub transfer_id: i64,
    pub kind: TransferKind,
    /// Signed change of this account: positive in, negative out.
    pub amount: i64,
    pub balance_after: i64,
    /// What a person wrote; with a `note`, its Chinese wording when written (show the note).
    pub reason: String,
    /// What the server wrote it for, to word in the reader's language.
    #[serde(default)]
    pub note: Option<TransferNote>,
    /// What it was for, by name: the project (or service, patrol grid, help request) of
    /// approved hours, or the goods of a shop order as "name × quantity". Empty when the
    /// reason says it all.
    #[serde(default)]
    pub about: Vec<String>,
    /// The other side of the transfer.
    pub counterparty: AccountKind,
    /// Entered by hand by an administrator rather than from an approved record.
    pub manual: bool,
    /// For a reversal: the transfer it undoes.
    pub reverses_id: Option<i64>,
    /// Set when this transfer has been given back: the reversal, or the refund of the
    /// order it paid for.
    pub reversed_by_id: Option<i64>,
    pub created_at: i64,
}

/// One page of history, newest first: pass `next_cursor` back as `after`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryPage {
    pub items: Vec<HistoryItem>,
    pub next_cursor: Option<i64>,
}

/// Filters and keyset cursor for a history page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct HistoryQuery {
    /// Only transfers of this type.
    #[serde(default, rename = "type")]
    pub kind: Option<TransferKind>,
    /// The `next_cursor` of the previous page.
    #[serde(default)]
    pub after: Option<i64>,
    /// Page size, 1–100 (default 20).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Points earned together, what is left of them and when that lapses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lot {
    pub id: i64,
    /// The transfer that credited these points.
    pub transfer_id: i64,
    pub amount: i64,
    pub remaining: i64,
    /// None: never expires.
    pub expires_at: Option<i64>,
    pub created_at: i64,
}

/// `POST /me/points/donate`: give points to the charity pool (公益积分池).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonateRequest {
    pub amount: i64,
    /// Chosen by the client, reused on retry: the donation is made at most once.
    pub idempotency_key: String,
}

/// A transfer as the member who made it sees it (the answer to a donation). Retrying
/// with the same idempotency key returns this same body.
pub type TransferReceipt = HistoryItem;

// ---- earning rules (积分管理办法) ------------------------------------------------------

/// Points per verified hour for one kind of activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityRate {
    /// Stable code, e.g. `patrol`.
    pub code: String,
    pub name: String,
    pub points_per_hour: i64,
}

/// A weighting applied on top of the hourly rate, e.g. night patrol ×2 (`percent` 200).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Multiplier {
    pub code: String,
    pub name: String,
    pub percent: i64,
}

/// How long earned points stay valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Validity {
    /// Until the end of the calendar year they were earned in (China time).
    YearEnd,
    /// For this many days after they were earned.
    Days { days: i64 },
    /// Forever.
    None,
}

/// The published points standard. Each edit makes a new version; old ones are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EarningRules {
    pub activities: Vec<ActivityRate>,
    pub multipliers: Vec<Multiplier>,
    /// Most points one member may earn per day (China time); None: no cap.
    pub daily_cap: Option<i64>,
    /// Most points one member may earn per calendar month; None: no cap.
    pub monthly_cap: Option<i64>,
    pub validity: Validity,
}

/// One version of the rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RulesVersion {
    pub version: i64,
    pub rules: EarningRules,
    pub reason: String,
    pub author_id: Option<i64>,
    pub created_at: i64,
}

/// `GET /points/standard`: the published points standard (积分管理办法), for anyone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedStandard {
    /// The version in force first, then the earlier ones, newest first.
    pub versions: Vec<StandardVersion>,
}

/// One version of the standard and when it was in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StandardVersion {
    pub version: i64,
    pub rules: EarningRules,
    /// Why it was published.
    pub reason: String,
    pub in_force_from: i64,
    /// When the next version replaced it; None: in force now.
    pub in_force_until: Option<i64>,
}

/// `PUT /admin/points/rules`: publish a new version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateRules {
    pub rules: EarningRules,
    pub reason: String,
}

// ---- administration --------------------------------------------------------------------

/// `POST /admin/points/award`: points for service the administrator has verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardRequest {
    pub user_id: i64,
    /// An activity code of the current rules.
    pub activity: String,
    /// Verified service time in minutes.
    pub minutes: i64,
    /// A multiplier code of the current rules, e.g. `night`.
    #[serde(default)]
    pub multiplier: Option<String>,
    /// When the service happened (for the daily and monthly caps); default now.
    #[serde(default)]
    pub served_at: Option<i64>,
    pub reason: String,
    pub idempotency_key: String,
}

/// `POST /admin/points/adjust`: a manual correction, positive or negative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdjustRequest {
    pub user_id: i64,
    /// Non-zero: positive credits the member, negative debits.
    pub amount: i64,
    pub reason: String,
    pub idempotency_key: String,
}

/// `POST /admin/points/transfers/{id}/reverse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReverseRequest {
    pub reason: String,
}

/// One side of a transfer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostingView {
    pub account_id: i64,
    pub account_kind: AccountKind,
    pub account_name: String,
    pub amount: i64,
    pub balance_after: i64,
}

/// A transfer with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferDetail {
    pub id: i64,
    pub kind: TransferKind,
    /// The amount moved (always positive).
    pub amount: i64,
    /// What a person wrote; with a `note`, its Chinese wording when written (show the note).
    pub reason: String,
    /// What the server wrote it for, to word in the reader's language.
    #[serde(default)]
    pub note: Option<TransferNote>,
    /// Who entered it; None for the system (expiry job).
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub manual: bool,
    /// The earning-rules version that priced an earn.
    pub rule_version: Option<i64>,
    pub reverses_id: Option<i64>,
    /// The transfer that gave this one back (a reversal or a refund), if any.
    pub reversed_by_id: Option<i64>,
    pub idempotency_key: String,
    /// Type-specific facts (activity, minutes, service record…).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub meta: serde_json::Value,
    pub postings: Vec<PostingView>,
    pub created_at: i64,
}

/// An account found by the administrator's search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSummary {
    pub id: i64,
    pub kind: AccountKind,
    pub user_id: Option<i64>,
    pub name: String,
    pub phone: Option<String>,
    pub balance: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AccountQuery {
    /// Part of a name or phone number; empty lists the system accounts first.
    #[serde(default)]
    pub q: Option<String>,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub subject: String,
    /// What the subject is called, resolved by the server: a person's or a family's name,
    /// the goods, a project's or training's title, a node's name, the member a transfer
    /// touches. None when it no longer exists or has no name.
    #[serde(default)]
    pub subject_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: serde_json::Value,
    pub at: i64,
}

/// A group of audit actions, for filtering the log by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// Accounts, passwords, roles, teams, cards and the organisation tree.
    People,
    /// Points transfers, rules and the points bank.
    Points,
    /// Projects, service hours and trainings.
    Projects,
    /// The shop, its stock and the kiosk.
    Shop,
    /// Home services, orders, ratings and help requests.
    Services,
    /// Alarms and patrols.
    Safety,
}

impl AuditKind {
    pub const ALL: [AuditKind; 6] = [
        AuditKind::People,
        AuditKind::Points,
        AuditKind::Projects,
        AuditKind::Shop,
        AuditKind::Services,
        AuditKind::Safety,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::People => "people",
            AuditKind::Points => "points",
            AuditKind::Projects => "projects",
            AuditKind::Shop => "shop",
            AuditKind::Services => "services",
            AuditKind::Safety => "safety",
        }
    }

    pub fn parse(s: &str) -> Option<AuditKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The first word of the actions in the group (`points` of `points.earn`).
    pub fn domains(self) -> &'static [&'static str] {
        match self {
            AuditKind::People => &["password", "role", "member", "join", "card", "node"],
            AuditKind::Points => &["points", "bank"],
            AuditKind::Projects => &["project", "hours", "training"],
            AuditKind::Shop => &["shop", "kiosk"],
            AuditKind::Services => &["service", "order", "rating", "help"],
            AuditKind::Safety => &["alarm", "patrol", "shift"],
        }
    }

    /// The group an action belongs to, by its first word.
    pub fn of(action: &str) -> Option<AuditKind> {
        let domain = action.split('.').next().unwrap_or("");
        Self::ALL
            .into_iter()
            .find(|k| k.domains().contains(&domain))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub next_cursor: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// Only actions starting with this, e.g. `points.`.
    #[serde(default)]
    pub action: Option<String>,
    /// Only actions of this group.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub kind: Option<AuditKind>,
    /// Only entries where someone whose name contains this (or whose phone is this) acted
    /// or was acted on (a transfer counts for the member it touches).
    #[serde(default)]
    pub person: Option<String>,
    /// Only entries on or after this local day, `YYYY-MM-DD`.
    #[serde(default)]
    pub from: Option<String>,
    /// Only entries on or before this local day, `YYYY-MM-DD`.
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub after: Option<i64>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in TransferKind::ALL {
            assert_eq!(TransferKind::parse(k.as_str()), Some(k));
            let wire = serde_json::to_string(&k).unwrap();
            assert_eq!(wire, format!("\"{}\"", k.as_str()));
        }
        for k in AccountKind::ALL {
            assert_eq!(AccountKind::parse(k.as_str()), Some(k));
            let wire = serde_json::to_string(&k).unwrap();
            assert_eq!(wire, format!("\"{}\"", k.as_str()));
        }
    }

    #[test]
    fn validity_is_tagged_by_kind_on_the_wire() {
        let v: Validity = serde_json::from_str(r#"{"kind":"days","days":90}"#).unwrap();
        assert_eq!(v, Validity::Days { days: 90 });
        assert_eq!(
            serde_json::to_string(&Validity::YearEnd).unwrap(),
            r#"{"kind":"year_end"}"#
        );
    }

    #[test]
    fn history_filter_is_called_type_in_the_query() {
        let q: HistoryQuery = serde_json::from_str(r#"{"type":"earn","limit":5}"#).unwrap();
        assert_eq!(q.kind, Some(TransferKind::Earn));
    }
}
