//! The public-welfare bank (公益银行): families in difficulty, donations to them or to
//! the charity pool, allocations from the pool, and property-fee offsets with the
//! property companies' monthly statements. Points are whole; yuan are whole.

use serde::{Deserialize, Serialize};

/// The kind of difficulty a registered family is in: the only thing residents see of it,
/// with the first character of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FamilyCategory {
    /// 困难家庭
    Hardship,
    /// 孤寡老人
    ElderlyAlone,
    /// 残疾人家庭
    Disability,
    /// 留守儿童家庭
    LeftBehindChildren,
}

impl FamilyCategory {
    pub const ALL: [FamilyCategory; 4] = [
        FamilyCategory::Hardship,
        FamilyCategory::ElderlyAlone,
        FamilyCategory::Disability,
        FamilyCategory::LeftBehindChildren,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FamilyCategory::Hardship => "hardship",
            FamilyCategory::ElderlyAlone => "elderly_alone",
            FamilyCategory::Disability => "disability",
            FamilyCategory::LeftBehindChildren => "left_behind_children",
        }
    }

    pub fn parse(s: &str) -> Option<FamilyCategory> {
        FamilyCategory::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A family as residents see it: "困难家庭 · 王**".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicFamily {
    pub id: i64,
    pub category: FamilyCategory,
    /// First character and two stars, e.g. 王**.
    pub masked_name: String,
}

/// `GET /bank`: the charity pool and the families one can give to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankOverview {
    pub pool_balance: i64,
    pub families: Vec<PublicFamily>,
}

/// A family as the administrators and case workers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Family {
    pub id: i64,
    pub full_name: String,
    pub category: FamilyCategory,
    pub contact: String,
    pub note: String,
    /// The person who signs in and spends for the family (in the shop), if any.
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    /// Hidden from residents' lists and refused as a donation target when false.
    pub active: bool,
    /// The family's ledger account and its balance.
    pub account_id: i64,
    pub balance: i64,
    pub created_at: i64,
}

/// `POST /admin/bank/families`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateFamily {
    pub full_name: String,
    pub category: FamilyCategory,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub note: String,
    /// Link a person who spends for the family.
    #[serde(default)]
    pub user_id: Option<i64>,
}

/// `PATCH /admin/bank/families/{id}`: only the fields given change. `unlink_user`
/// removes the linked person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateFamily {
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub category: Option<FamilyCategory>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub user_id: Option<i64>,
    #[serde(default)]
    pub unlink_user: bool,
    #[serde(default)]
    pub active: Option<bool>,
}

/// `GET /me/family`: the family I spend for, if an administrator linked me to one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyFamily {
    pub id: i64,
    pub full_name: String,
    pub category: FamilyCategory,
    pub account_id: i64,
    pub balance: i64,
}

/// `POST /admin/bank/families/{id}/card`: a card for the family, with its PIN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueFamilyCard {
    /// 4–6 digits.
    pub pin: String,
}

/// A family's points card: it spends the family's points at the kiosk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyCard {
    pub family_id: i64,
    /// Who holds the card: the person linked to the family, or a holder made for it.
    pub user_id: i64,
    pub holder_name: String,
    pub number: String,
    /// The family's points.
    pub balance: i64,
}

/// `POST /me/bank/donate`: give points to a family, or to the charity pool when
/// `family_id` is absent. Same key namespace as `/me/points/donate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankDonateRequest {
    #[serde(default)]
    pub family_id: Option<i64>,
    pub amount: i64,
    pub idempotency_key: String,
}

/// `POST /admin/bank/allocations`: a case worker gives pool points to a family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllocateRequest {
    pub family_id: i64,
    pub amount: i64,
    pub reason: String,
    pub idempotency_key: String,
}

/// The answer to an allocation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Allocation {
    pub transfer_id: i64,
    pub family_id: i64,
    pub amount: i64,
    pub pool_balance: i64,
    pub family_balance: i64,
}

// ---- property-fee offsets -------------------------------------------------------------

/// A property company: its organisation node (where its staff hold the `property` role)
/// and the rate the administrators set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PropertyCompany {
    pub id: i64,
    pub name: String,
    pub node_id: i64,
    /// Points that offset one yuan of property fee.
    pub points_per_yuan: i64,
}

/// One version of a company's rate: from `effective_from` on, offsets use it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyRate {
    pub points_per_yuan: i64,
    pub effective_from: i64,
    pub set_at: i64,
    pub set_by_name: Option<String>,
}

/// `POST /admin/bank/companies/{id}/rates`: a new rate, from today or a later day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCompanyRate {
    pub points_per_yuan: i64,
    /// `YYYY-MM-DD` (Beijing); none or today: from now on.
    #[serde(default)]
    pub effective_from: Option<String>,
}

/// Someone who may confirm offsets for a company: a `property` grant at its node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyStaff {
    pub user_id: i64,
    pub name: String,
    pub phone: String,
    pub grant_id: i64,
}

/// `POST /admin/bank/companies`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCompany {
    pub name: String,
    pub node_id: i64,
    pub points_per_yuan: i64,
}

/// `PATCH /admin/bank/companies/{id}`: a new rate applies to new requests only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCompany {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub points_per_yuan: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OffsetStatus {
    /// Points already set aside; the property company has not answered.
    Pending,
    /// The company took the points off the month's fee.
    Confirmed,
    /// The company refused; the points went back to the resident.
    Rejected,
}

impl OffsetStatus {
    pub const ALL: [OffsetStatus; 3] = [
        OffsetStatus::Pending,
        OffsetStatus::Confirmed,
        OffsetStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OffsetStatus::Pending => "pending",
            OffsetStatus::Confirmed => "confirmed",
            OffsetStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<OffsetStatus> {
        OffsetStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// `POST /me/bank/fee-offsets`: offset `points` against a month's property fee. The
/// points leave the balance at once (so they cannot be spent twice) and come back if the
/// company rejects. `points` must convert to whole yuan at the company's rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeeOffsetRequest {
    pub company_id: i64,
    /// `YYYY-MM`.
    pub month: String,
    /// The flat the fee is for, e.g. 3栋2单元501.
    pub unit: String,
    pub points: i64,
    pub idempotency_key: String,
}

/// A fee offset. Residents see their own in full; property companies see the name
/// masked (王**) and the phone masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeeOffset {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub month: String,
    pub unit: String,
    pub user_id: i64,
    pub resident: String,
    pub phone: String,
    pub points: i64,
    pub yuan: i64,
    /// The rate when requested.
    pub points_per_yuan: i64,
    pub status: OffsetStatus,
    /// Why it was rejected.
    pub decision_reason: Option<String>,
    pub requested_at: i64,
    pub decided_at: Option<i64>,
    /// The transfer that set the points aside, and the one that gave them back.
    pub transfer_id: i64,
    pub refund_transfer_id: Option<i64>,
}

/// `POST /property/fee-offsets/{id}/reject`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectOffset {
    pub reason: String,
}

/// Filters of a property company's offsets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OffsetQuery {
    pub company_id: i64,
    /// `YYYY-MM`.
    #[serde(default)]
    pub month: Option<String>,
    #[serde(default)]
    pub status: Option<OffsetStatus>,
}

/// `GET /property/statements/{month}?company_id=`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct StatementQuery {
    pub company_id: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_names() {
        for c in FamilyCategory::ALL {
            assert_eq!(FamilyCategory::parse(c.as_str()), Some(c));
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
        }
        for s in OffsetStatus::ALL {
            assert_eq!(OffsetStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
    }
}
