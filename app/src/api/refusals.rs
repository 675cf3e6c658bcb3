//! Why the server refused a request: a fact, named once. It travels as `error.reason`, so a
//! client branches on it (not on the HTTP status); its words are in `i18n`, in both languages.

use serde::{Deserialize, Serialize};

use super::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    BadCredentials,
    PhoneTaken,
    WrongCurrentPassword,
    BadResetCode,
    MoveIntoOwnSubtree,
    StorageUnavailable,
    InsufficientPoints,
    IdempotencyKeyReused,
    AlreadyReversed,
    NotReversible,
    EarningCapReached,
    NoSuchAccount,
    NotATeam,
    LastAdmin,
    AlreadyGranted,
    AlreadyMember,
    JoinAnswered,
    AlreadyUndone,
    UndoThroughOrder,
    UndoThroughOffset,
    ProjectState,
    SignupClosed,
    AlreadySignedUp,
    PastCutoff,
    NotOnRoster,
    AttendanceOrder,
    HoursLocked,
    ZeroHours,
    ZeroMinutes,
    NoServiceHours,
    CardTokenExpired,
    CardTokenInvalid,
    BadCardNumber,
    NoSuchCard,
    CardBlocked,
    CardReplaced,
    WrongPinFourLeft,
    WrongPinThreeLeft,
    WrongPinTwoLeft,
    WrongPinOneLeft,
    KioskSignOutNeedsPin,
    KioskUnlockNotAdmin,
    CardLocked,
    PinNotSet,
    WrongPassword,
    FamilyInactive,
    UserHasFamily,
    NotWholeYuan,
    BadMonth,
    OffsetDecided,
    CompanyExists,
    OutOfStock,
    OverMonthlyLimit,
    ItemNotOnSale,
    BarcodeTaken,
    DonorExists,
    NotAnImage,
    ImageTooLarge,
    StockBelowZero,
    PickupCodeInvalid,
    NoSuchPickup,
    ReservationCollected,
    ReservationCancelled,
    ReservationExpired,
    CrossSite,
    CertificateTampered,
    RateDay,
    OrderIsSubmitted,
    OrderIsPooled,
    OrderIsAssigned,
    OrderIsRejected,
    OrderIsAccepted,
    OrderIsInProgress,
    OrderIsDone,
    OrderIsCancelled,
    ServiceInactive,
    TeamDoesNotServe,
    AlreadyRated,
    RatingLocked,
    AlreadyReplied,
    NotRatable,
    TrainingFull,
    AlreadyEnrolled,
    TrainingStarted,
    TrainingSessionAhead,
    NotEnrolled,
    TrainingNotCompleted,
    NotAGrid,
    NotACommunity,
    AlarmResolved,
    ShiftFull,
    AlreadyOnShift,
    HelpFull,
    HelpDone,
    AlreadyAnswered,
    ShiftBegun,
    NotOnShift,
    ShiftNotNow,
    NoPatrolTeam,
    LogPhotoTaken,
    OrderPhotosFull,
    HelpPhotoTaken,
    HelpNotDone,
    NoItemWithBarcode,
}

impl Reason {
    pub const ALL: [Reason; 104] = [
        Reason::BadCredentials,
        Reason::PhoneTaken,
        Reason::WrongCurrentPassword,
        Reason::BadResetCode,
        Reason::MoveIntoOwnSubtree,
        Reason::StorageUnavailable,
        Reason::InsufficientPoints,
        Reason::IdempotencyKeyReused,
        Reason::AlreadyReversed,
        Reason::NotReversible,
        Reason::EarningCapReached,
        Reason::NoSuchAccount,
        Reason::NotATeam,
        Reason::LastAdmin,
        Reason::AlreadyGranted,
        Reason::AlreadyMember,
        Reason::JoinAnswered,
        Reason::AlreadyUndone,
        Reason::UndoThroughOrder,
        Reason::UndoThroughOffset,
        Reason::ProjectState,
        Reason::SignupClosed,
        Reason::AlreadySignedUp,
        Reason::PastCutoff,
        Reason::NotOnRoster,
        Reason::AttendanceOrder,
        Reason::HoursLocked,
        Reason::ZeroHours,
        Reason::ZeroMinutes,
        Reason::NoServiceHours,
        Reason::CardTokenExpired,
        Reason::CardTokenInvalid,
        Reason::BadCardNumber,
        Reason::NoSuchCard,
        Reason::CardBlocked,
        Reason::CardReplaced,
        Reason::WrongPinFourLeft,
        Reason::WrongPinThreeLeft,
        Reason::WrongPinTwoLeft,
        Reason::WrongPinOneLeft,
        Reason::KioskSignOutNeedsPin,
        Reason::KioskUnlockNotAdmin,
        Reason::CardLocked,
        Reason::PinNotSet,
        Reason::WrongPassword,
        Reason::FamilyInactive,
        Reason::UserHasFamily,
        Reason::NotWholeYuan,
        Reason::BadMonth,
        Reason::OffsetDecided,
        Reason::CompanyExists,
        Reason::OutOfStock,
        Reason::OverMonthlyLimit,
        Reason::ItemNotOnSale,
        Reason::BarcodeTaken,
        Reason::DonorExists,
        Reason::NotAnImage,
        Reason::ImageTooLarge,
        Reason::StockBelowZero,
        Reason::PickupCodeInvalid,
        Reason::NoSuchPickup,
        Reason::ReservationCollected,
        Reason::ReservationCancelled,
        Reason::ReservationExpired,
        Reason::CrossSite,
        Reason::CertificateTampered,
        Reason::RateDay,
        Reason::OrderIsSubmitted,
        Reason::OrderIsPooled,
        Reason::OrderIsAssigned,
        Reason::OrderIsRejected,
        Reason::OrderIsAccepted,
        Reason::OrderIsInProgress,
        Reason::OrderIsDone,
        Reason::OrderIsCancelled,
        Reason::ServiceInactive,
        Reason::TeamDoesNotServe,
        Reason::AlreadyRated,
        Reason::RatingLocked,
        Reason::AlreadyReplied,
        Reason::NotRatable,
        Reason::TrainingFull,
        Reason::AlreadyEnrolled,
        Reason::TrainingStarted,
        Reason::TrainingSessionAhead,
        Reason::NotEnrolled,
        Reason::TrainingNotCompleted,
        Reason::NotAGrid,
        Reason::NotACommunity,
        Reason::AlarmResolved,
        Reason::ShiftFull,
        Reason::AlreadyOnShift,
        Reason::HelpFull,
        Reason::HelpDone,
        Reason::AlreadyAnswered,
        Reason::ShiftBegun,
        Reason::NotOnShift,
        Reason::ShiftNotNow,
        Reason::NoPatrolTeam,
        Reason::LogPhotoTaken,
        Reason::OrderPhotosFull,
        Reason::HelpPhotoTaken,
        Reason::HelpNotDone,
        Reason::NoItemWithBarcode,
    ];

    /// The HTTP-facing code: what kind of refusal it is.
    pub fn code(self) -> ErrorCode {
        use Reason as R;
        match self {
            R::WrongCurrentPassword
            | R::MoveIntoOwnSubtree
            | R::NotATeam
            | R::ZeroMinutes
            | R::CardTokenExpired
            | R::CardTokenInvalid
            | R::BadCardNumber
            | R::WrongPinFourLeft
            | R::WrongPinThreeLeft
            | R::WrongPinTwoLeft
            | R::WrongPinOneLeft
            | R::NotWholeYuan
            | R::BadMonth
            | R::NotAnImage
            | R::PickupCodeInvalid
            | R::RateDay
            | R::TeamDoesNotServe
            | R::NotAGrid
            | R::NotACommunity => ErrorCode::Validation,
            R::BadCredentials | R::BadResetCode => ErrorCode::Unauthenticated,
            R::KioskSignOutNeedsPin | R::KioskUnlockNotAdmin | R::WrongPassword | R::CrossSite => {
                ErrorCode::Forbidden
            }
            R::NoSuchAccount | R::NoSuchCard | R::NoSuchPickup | R::NoItemWithBarcode => {
                ErrorCode::NotFound
            }
            R::ImageTooLarge => ErrorCode::PayloadTooLarge,
            R::CardLocked => ErrorCode::RateLimited,
            R::StorageUnavailable => ErrorCode::Unavailable,
            // The request was fine, the state of things forbids it now.
            _ => ErrorCode::Conflict,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ALL` is what the tests and the OpenAPI check walk: it must hold every variant.
    #[test]
    fn all_holds_every_reason_once() {
        let src = include_str!("refusals.rs");
        let body = &src[src.find("pub enum Reason {").unwrap()..];
        let body = &body[..body.find('}').unwrap()];
        let declared = body
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count();
        let mut wire: Vec<String> = Reason::ALL
            .iter()
            .map(|r| serde_json::to_string(r).unwrap())
            .collect();
        wire.sort();
        wire.dedup();
        assert_eq!(wire.len(), declared);
        assert_eq!(Reason::ALL.len(), declared);
    }
}
