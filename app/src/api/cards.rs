//! Points cards: a member's own card, its PIN and live QR token, the verification the
//! kiosk and team leaders use, and the administrators' block, unblock, reissue and print
//! list. The QR text format is in `crate::cards`.

use serde::{Deserialize, Serialize};

/// Where a card stands. Only an active card is accepted; a replaced number never comes
/// back, a blocked card can be unblocked by an administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    Active,
    Blocked,
    Replaced,
}

impl CardStatus {
    pub const ALL: [CardStatus; 3] = [
        CardStatus::Active,
        CardStatus::Blocked,
        CardStatus::Replaced,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CardStatus::Active => "active",
            CardStatus::Blocked => "blocked",
            CardStatus::Replaced => "replaced",
        }
    }

    pub fn parse(s: &str) -> Option<CardStatus> {
        CardStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// `GET /me/card`: my current card (issued on first look).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyCard {
    /// 12 digits; show it grouped with `cards::format_number`.
    pub number: String,
    pub status: CardStatus,
    /// Whether a PIN is set (the printed card works only with one).
    pub has_pin: bool,
    /// Set while too many wrong PINs keep the printed card locked (Unix seconds).
    pub locked_until: Option<i64>,
    /// The printed card's QR text (`linli:card:<number>`).
    pub static_qr: String,
    pub issued_at: i64,
}

/// `PUT /me/card/pin`. Setting the first PIN needs only the session; changing an
/// existing one also needs the account password (so a borrowed, unlocked phone cannot).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPinRequest {
    /// 4–6 digits.
    pub pin: String,
    /// The account password; required when a PIN is already set.
    #[serde(default)]
    pub password: Option<String>,
}

/// `POST /me/card/token`: the phone's live QR code. Show `qr`, and fetch a new one every
/// `refresh_in` seconds; it is refused after `expires_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardToken {
    pub qr: String,
    pub expires_at: i64,
    pub refresh_in: i64,
}

/// `POST /cards/verify`: a scanned QR text (live token, printed card or typed number), or
/// a card number typed in; a printed card or number needs the PIN.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyCardRequest {
    #[serde(default)]
    pub qr: Option<String>,
    #[serde(default)]
    pub card_number: Option<String>,
    #[serde(default)]
    pub pin: Option<String>,
}

/// How a card was proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardProof {
    /// The phone's live signed token.
    Token,
    /// A printed card or typed number with the right PIN.
    Pin,
}

/// The person behind a verified card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardHolder {
    pub user_id: i64,
    pub name: String,
    /// Masked: 138****0001.
    pub phone: String,
    pub balance: i64,
    pub card_number: String,
    pub proof: CardProof,
}

/// `POST /me/card/block`: report my card lost or photographed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockMyCard {
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /admin/cards/{user_id}/block|unblock|reissue`: why (kept in the audit log).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardActionRequest {
    pub reason: String,
}

/// A card as administrators see it (print sheet, reissue answer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminCard {
    pub user_id: i64,
    pub name: String,
    /// Masked: 138****0001.
    pub phone: String,
    pub number: String,
    pub status: CardStatus,
    /// The QR text to print on the card.
    pub static_qr: String,
    pub issued_at: i64,
}

/// One of a person's cards, past or present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardRecord {
    pub number: String,
    pub status: CardStatus,
    /// Why the status last changed ("" for a new card).
    pub status_reason: String,
    pub issued_at: i64,
    pub status_changed_at: Option<i64>,
}

/// `GET /admin/cards`: the cards of a team's members, or of people matching a text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CardsQuery {
    /// A team (organisation node): its members' cards.
    #[serde(default)]
    pub team_id: Option<i64>,
    /// Part of a name or phone number (global administrators).
    #[serde(default)]
    pub q: Option<String>,
}
