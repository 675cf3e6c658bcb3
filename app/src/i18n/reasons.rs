//! The words of every refusal, in one place: each reason reads as one of the shared
//! messages (several reasons may share the generic text of their code).

use super::{Msg, Words};
use crate::api::Reason;

impl From<Reason> for Msg {
    fn from(reason: Reason) -> Msg {
        use Reason::*;
        match reason {
            BadCredentials => Msg::ErrBadCredentials,
            PhoneTaken => Msg::ErrPhoneTaken,
            WrongCurrentPassword => Msg::ErrWrongCurrentPassword,
            BadResetCode => Msg::ErrBadResetCode,
            MoveIntoOwnSubtree => Msg::ErrMoveIntoOwnSubtree,
            StorageUnavailable => Msg::ErrStorageUnavailable,
            InsufficientPoints => Msg::ErrInsufficientPoints,
            IdempotencyKeyReused => Msg::ErrIdempotencyKeyReused,
            AlreadyReversed => Msg::ErrAlreadyReversed,
            NotReversible => Msg::ErrNotReversible,
            EarningCapReached => Msg::ErrEarningCapReached,
            NoSuchAccount => Msg::ErrNoSuchAccount,
            NotATeam => Msg::ErrNotATeam,
            LastAdmin => Msg::ErrLastAdmin,
            AlreadyGranted => Msg::ErrAlreadyGranted,
            AlreadyMember => Msg::ErrAlreadyMember,
            JoinAnswered => Msg::ErrJoinAnswered,
            AlreadyUndone => Msg::ErrAlreadyUndone,
            UndoThroughOrder => Msg::ErrUndoThroughOrder,
            UndoThroughOffset => Msg::ErrUndoThroughOffset,
            ProjectState => Msg::ErrProjectState,
            SignupClosed => Msg::ErrSignupClosed,
            AlreadySignedUp => Msg::ErrAlreadySignedUp,
            PastCutoff => Msg::ErrPastCutoff,
            NotOnRoster => Msg::ErrNotOnRoster,
            AttendanceOrder => Msg::ErrAttendanceOrder,
            HoursLocked => Msg::ErrHoursLocked,
            ZeroHours => Msg::ErrZeroHours,
            ZeroMinutes => Msg::ErrZeroMinutes,
            NoServiceHours => Msg::ErrNoServiceHours,
            CardTokenExpired => Msg::ErrCardTokenExpired,
            CardTokenInvalid => Msg::ErrCardTokenInvalid,
            BadCardNumber => Msg::ErrBadCardNumber,
            NoSuchCard => Msg::ErrNoSuchCard,
            CardBlocked => Msg::ErrCardBlocked,
            CardReplaced => Msg::ErrCardReplaced,
            WrongPinFourLeft => Msg::ErrWrongPin4Left,
            WrongPinThreeLeft => Msg::ErrWrongPin3Left,
            WrongPinTwoLeft => Msg::ErrWrongPin2Left,
            WrongPinOneLeft => Msg::ErrWrongPin1Left,
            KioskSignOutNeedsPin => Msg::ErrKioskSignOutNeedsPin,
            KioskUnlockNotAdmin => Msg::ErrKioskUnlockNotAdmin,
            CardLocked => Msg::ErrCardLocked,
            PinNotSet => Msg::ErrPinNotSet,
            WrongPassword => Msg::ErrWrongPassword,
            FamilyInactive => Msg::ErrFamilyInactive,
            UserHasFamily => Msg::ErrUserHasFamily,
            NotWholeYuan => Msg::ErrNotWholeYuan,
            BadMonth => Msg::ErrBadMonth,
            OffsetDecided => Msg::ErrOffsetDecided,
            CompanyExists => Msg::ErrCompanyExists,
            OutOfStock => Msg::ErrOutOfStock,
            OverMonthlyLimit => Msg::ErrOverMonthlyLimit,
            ItemNotOnSale => Msg::ErrItemNotOnSale,
            BarcodeTaken => Msg::ErrBarcodeTaken,
            DonorExists => Msg::ErrDonorExists,
            NotAnImage => Msg::ErrNotAnImage,
            ImageTooLarge => Msg::ErrImageTooLarge,
            StockBelowZero => Msg::ErrStockBelowZero,
            PickupCodeInvalid => Msg::ErrPickupCodeInvalid,
            NoSuchPickup => Msg::ErrNoSuchPickup,
            ReservationCollected => Msg::ErrReservationCollected,
            ReservationCancelled => Msg::ErrReservationCancelled,
            ReservationExpired => Msg::ErrReservationExpired,
            CrossSite => Msg::ErrCrossSite,
            CertificateTampered => Msg::PjTampered,
            RateDay => Msg::ErrRateDay,
            OrderIsSubmitted => Msg::ErrOrderIsSubmitted,
            OrderIsPooled => Msg::ErrOrderIsPooled,
            OrderIsAssigned => Msg::ErrOrderIsAssigned,
            OrderIsRejected => Msg::ErrOrderIsRejected,
            OrderIsAccepted => Msg::ErrOrderIsAccepted,
            OrderIsInProgress => Msg::ErrOrderIsInProgress,
            OrderIsDone => Msg::ErrOrderIsDone,
            OrderIsCancelled => Msg::ErrOrderIsCancelled,
            ServiceInactive => Msg::ErrServiceInactive,
            TeamDoesNotServe => Msg::ErrTeamDoesNotServe,
            AlreadyRated => Msg::ErrAlreadyRated,
            RatingLocked => Msg::ErrRatingLocked,
            AlreadyReplied => Msg::ErrAlreadyReplied,
            NotRatable => Msg::ErrNotRatable,
            TrainingFull => Msg::ErrTrainingFull,
            AlreadyEnrolled => Msg::ErrAlreadyEnrolled,
            TrainingStarted => Msg::ErrTrainingStarted,
            TrainingSessionAhead => Msg::ErrTrainingSessionAhead,
            NotEnrolled => Msg::ErrNotEnrolled,
            TrainingNotCompleted => Msg::ErrTrainingNotCompleted,
            NotAGrid => Msg::ErrNotAGrid,
            NotACommunity => Msg::ErrNotACommunity,
            AlarmResolved => Msg::ErrAlarmResolved,
            ShiftFull => Msg::ErrShiftFull,
            AlreadyOnShift => Msg::ErrAlreadyOnShift,
            HelpFull => Msg::ErrHelpFull,
            HelpDone => Msg::ErrHelpDone,
            AlreadyAnswered => Msg::ErrAlreadyAnswered,
            ShiftBegun => Msg::ErrShiftBegun,
            NotOnShift => Msg::ErrNotOnShift,
            ShiftNotNow => Msg::ErrShiftNotNow,
            NoPatrolTeam => Msg::ErrNoPatrolTeam,
            LogPhotoTaken => Msg::ErrLogPhotoTaken,
            OrderPhotosFull => Msg::ErrOrderPhotosFull,
            HelpPhotoTaken => Msg::ErrHelpPhotoTaken,
            HelpNotDone => Msg::ErrHelpNotDone,
            NoItemWithBarcode => Msg::ErrNotFound,
        }
    }
}

impl From<Reason> for Words {
    fn from(reason: Reason) -> Words {
        Msg::from(reason).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{t, Lang};

    #[test]
    fn every_reason_reads_in_both_languages() {
        for reason in Reason::ALL {
            for lang in [Lang::Zh, Lang::En] {
                assert!(!t(lang, reason).trim().is_empty(), "{reason:?} in {lang:?}");
            }
        }
    }
}
