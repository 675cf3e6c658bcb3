//! The message tables. Chinese is the default, English the second language.
//! Every message is a variant of an enum that holds both texts, so a missing translation
//! is a compile error. `Msg` holds what the first page, the shell and the server need;
//! each area of the app that loads as its own chunk has its own enum in a file of its
//! own (`AdminMsg` in `admin.rs`…), so its texts travel with its code.

use crate::api::bank::{FamilyCategory, OffsetStatus};
use crate::api::cards::CardStatus;
use crate::api::ledger::{AccountKind, AuditKind, TransferKind};
use crate::api::projects::{HoursStatus, ProjectCategory, ProjectStatus, SignupStatus};
use crate::api::{ErrorCode, NodeKind};
use crate::roles::Role;
use crate::validate::{Invalid, Problem};

pub use crate::lang::Lang;

mod account;
mod admin;
mod alarms;
mod exports;
mod kiosk;
mod notices;
mod points;
mod projects;
mod reasons;
mod services;
mod stats;
mod trainings;

pub use account::AccountMsg;
pub use admin::AdminMsg;
pub use alarms::AlarmsMsg;
pub use exports::ExportsMsg;
pub use kiosk::KioskMsg;
pub use notices::NoticesMsg;
pub use points::PointsMsg;
pub use projects::ProjectsMsg;
pub use services::ServicesMsg;
pub use stats::StatsMsg;
pub use trainings::TrainingsMsg;

/// A message's two texts. Every message enum turns into one, and whatever shows a
/// message (`t`, a field's label) takes `impl Into<Words>`, so it shows any area's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    zh: &'static str,
    en: &'static str,
}

impl Words {
    /// The text in a language.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// The text of a message in a language.
pub fn t(lang: Lang, msg: impl Into<Words>) -> &'static str {
    msg.into().get(lang)
}

/// Every message the product shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    AppName,
    // errors
    ErrBadRequest,
    ErrValidation,
    ErrUnauthenticated,
    ErrForbidden,
    ErrNotFound,
    ErrMethodNotAllowed,
    ErrConflict,
    ErrPayloadTooLarge,
    ErrRateLimited,
    ErrInternal,
    ErrBadCredentials,
    ErrPhoneTaken,
    ErrWrongCurrentPassword,
    ErrBadResetCode,
    ErrMoveIntoOwnSubtree,
    // storage
    ErrStorageUnavailable,
    // points ledger
    ErrInsufficientPoints,
    ErrIdempotencyKeyReused,
    ErrAlreadyReversed,
    ErrNotReversible,
    ErrEarningCapReached,
    ErrNoSuchAccount,
    ErrNotATeam,
    ErrLastAdmin,
    ErrAlreadyGranted,
    ErrAlreadyMember,
    ErrJoinAnswered,
    // one undo per transfer
    ErrAlreadyUndone,
    ErrUndoThroughOrder,
    ErrUndoThroughOffset,
    // project board
    ErrProjectState,
    ErrSignupClosed,
    ErrAlreadySignedUp,
    ErrPastCutoff,
    ErrNotOnRoster,
    ErrAttendanceOrder,
    ErrHoursLocked,
    ErrZeroHours,
    ErrZeroMinutes,
    ErrNoServiceHours,
    // points cards
    ErrCardTokenExpired,
    ErrCardTokenInvalid,
    ErrBadCardNumber,
    ErrNoSuchCard,
    ErrCardBlocked,
    ErrCardReplaced,
    ErrWrongPin4Left,
    ErrWrongPin3Left,
    ErrWrongPin2Left,
    ErrWrongPin1Left,
    ErrKioskSignOutNeedsPin,
    ErrKioskUnlockNotAdmin,
    ErrCardLocked,
    ErrPinNotSet,
    ErrWrongPassword,
    // public-welfare bank
    ErrFamilyInactive,
    ErrUserHasFamily,
    ErrNotWholeYuan,
    ErrBadMonth,
    ErrOffsetDecided,
    ErrCompanyExists,
    // points shop
    ErrOutOfStock,
    ErrOverMonthlyLimit,
    ErrItemNotOnSale,
    ErrBarcodeTaken,
    ErrDonorExists,
    ErrNotAnImage,
    ErrImageTooLarge,
    ErrStockBelowZero,
    // reservations from the phone
    ErrPickupCodeInvalid,
    ErrNoSuchPickup,
    ErrReservationCollected,
    ErrReservationCancelled,
    ErrReservationExpired,
    // browser hardening
    ErrCrossSite,
    ErrUnfitBody,
    ReserveAdd,
    ReserveAdded,
    ReserveBasket,
    ReserveOpen,
    ReserveSubmit,
    ReserveHint,
    ReserveSignIn,
    ReserveDone,
    ReserveMax,
    MyReservations,
    NoReservations,
    PickupCode,
    PickupQr,
    PickupBy,
    PickupCollectedAt,
    PickupClosedAt,
    ReservationCancel,
    ReservationCancelConfirm,
    StReserved,
    StCollected,
    StCancelled,
    StExpired,
    // points shop pages
    ShopTitle,
    ShopSearch,
    ShopSearchHint,
    ShopAllCategories,
    ShopSort,
    SortNewest,
    SortPriceAsc,
    SortPriceDesc,
    SortPopular,
    ShopAffordable,
    ShopMyBalance,
    ShopNoItems,
    ShopLoadMore,
    InStock,
    OutOfStock,
    MonthlyLimitText,
    PiecesUnit,
    Sold,
    NotOnSale,
    ItemHowTo,
    HonourRoll,
    HonourIntro,
    NoDonors,
    Donations,
    Quantity,
    LastDonation,
    DonorUnit,
    DonorMerchant,
    DonorPerson,
    KioskNext,
    KioskCamera,
    KioskCameraStop,
    KioskCameraUnsupported,
    KioskCameraDenied,
    KioskCameraBlocked,
    KioskCameraMissing,
    KioskTotal,
    KioskLeft,
    KioskShort,
    KioskOverLimit,
    KioskRetry,
    KioskIdle,
    KioskAddOne,
    KioskRemoveOne,
    OfflineTitle,
    OfflineStillWorks,
    OfflineNeedsNetwork,
    OfflineBanner,
    NewVersion,
    NewVersionReload,
    FieldDescription,
    FieldTags,
    PhotoHint,
    PhotoTooLarge,
    PhotoWrongType,
    Stock,
    FieldDonor,
    FieldItem,
    FieldDate,
    Refund,
    Refunded,
    Completed,
    NavAdminShop,
    NavKiosk,
    // fields
    FieldName,
    FieldPhone,
    FieldPassword,
    FieldKind,
    FieldRole,
    FieldNode,
    FieldSearch,
    FieldAmount,
    FieldReason,
    FieldMinutes,
    FieldActivity,
    FieldMultiplier,
    FieldPin,
    FieldCardNumber,
    FieldMonth,
    FieldUnit,
    FieldPrice,
    FieldQuantity,
    FieldCategory,
    FieldBarcode,
    FieldFullName,
    FieldContact,
    FieldNote,
    FieldRate,
    FieldAddress,
    FieldPreferredTime,
    FieldStars,
    FieldComment,
    FieldVolunteers,
    FieldPerson,
    FieldTime,
    FieldCompany,
    FieldSelection,
    FieldWeekdays,
    FieldUntil,
    AuditKindPeople,
    AuditKindPoints,
    AuditKindProjects,
    AuditKindShop,
    AuditKindServices,
    AuditKindSafety,
    AuditSomeone,
    AuditThemselves,
    FieldThisEntry,
    FieldAction,
    FieldThreshold,
    FieldSubmission,
    FieldAvailableFrom,
    FieldCutoffHours,
    FieldLines,
    FieldPage,
    // public-welfare bank: family categories, offset states, statement columns
    CatHardship,
    CatElderlyAlone,
    CatDisability,
    CatLeftBehindChildren,
    OffsetPending,
    OffsetConfirmed,
    OffsetRejected,
    // UI: navigation and shell
    NavHome,
    NavShop,
    NavProjects,
    NavMe,
    NavAdmin,
    NavAdminOrg,
    NavAdminUsers,
    NavMain,
    SkipToContent,
    LanguageLabel,
    Loading,
    Retry,
    // an area of the app (its own wasm chunk) that could not be fetched
    AreaLoadFailed,
    NetworkError,
    Saved,
    Cancel,
    Save,
    Close,
    LoadMore,
    // UI: pages
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    HomeWelcome,
    HomeTagline,
    HomeGreeting,
    HomeSignedOutIntro,
    HomeQuickLinks,
    HomeShopPreview,
    HomeProjectsPreview,
    HomeSeeAll,
    HomeNoProjects,
    NavAdminDashboard,
    DashBackToDashboard,
    // UI: accounts
    SignIn,
    SignUp,
    Working,
    PasswordHint,
    SignInRequired,
    AdminOnly,
    FieldCurrentPassword,
    FieldNewPassword,
    FieldResetCode,
    ResetCodeIssued,
    ResetCodeHowTo,
    MyTeams,
    NoTeams,
    NoRoles,
    Members,
    NoMembers,
    Colon,
    // roles
    RoleResident,
    RoleTeamLeader,
    RoleReviewer,
    RoleKiosk,
    RoleProperty,
    RoleAdmin,
    RoleGridWorker,
    RolePatrol,
    RoleDispatcher,
    // node kinds
    KindSociety,
    KindBranch,
    KindTeam,
    KindDistrict,
    KindStreet,
    KindCommunity,
    KindGrid,
    PjReview,
    PjFull,
    PjPlacesLeft,
    PjMon,
    PjTue,
    PjWed,
    PjThu,
    PjFri,
    PjSat,
    PjSun,
    PjNoRating,
    PjPlace,
    PjSkills,
    PjOpens,
    PjCloses,
    PjSessions,
    PjProjectsToReview,
    PjHoursToReview,
    PjHoursUnit,
    PjTampered,
    PjTitle,
    PjStarts,
    PjUntil,
    PjStDraft,
    PjStSubmitted,
    PjStPublished,
    PjStRejected,
    PjStClosed,
    PjSuConfirmed,
    PjSuWaitlisted,
    PjSuCancelled,
    PjHsDraft,
    PjHsPending,
    PjHsApproved,
    PjHsRejected,
    // UI: points, cards, the public-welfare bank and their administration
    NavPoints,
    NavProperty,
    NavAdminPoints,
    NavAdminRules,
    NavAdminFamilies,
    NavAdminCards,
    NavAdminAudit,
    TkEarn,
    TkRedeem,
    TkRefund,
    TkDonate,
    TkAllocate,
    TkFeeOffset,
    TkAdjust,
    TkExpire,
    TkReverse,
    // what the server wrote a transfer for (`TransferNote`)
    NoteShopRedeem,
    NoteShopReservation,
    NoteReservationCancelled,
    NoteReservationExpired,
    NoteHoursApproved,
    NoteFeeOffset,
    NoteFeeOffsetRejected,
    NoteFamilyDonation,
    NotePoolDonation,
    NoteExpired,
    AcMember,
    AcFamily,
    AcIssuance,
    AcShop,
    AcFeeOffset,
    AcCharityPool,
    PointsBalance,
    PointsUnit,
    HistoryTitle,
    FilterType,
    FilterAll,
    NoHistory,
    BalanceAfter,
    ManualEntry,
    ReversedTag,
    CardActive,
    CardBlocked,
    CardReplaced,
    FieldPinAgain,
    PoolBalance,
    PointsPerYuan,
    RejectedBecause,
    RejectReason,
    SystemActor,
    RulesTitle,
    RulesCurrent,
    Activities,
    Multipliers,
    Code,
    PointsPerHour,
    Percent,
    DailyCap,
    MonthlyCap,
    Validity,
    ValidityNone,
    Days,
    Versions,
    VersionLabel,
    StdLink,
    ErrRateDay,
    NavAdminCompanies,
    PrintButton,
    HistoryEnd,
    // service orders and ratings
    ErrOrderIsSubmitted,
    ErrOrderIsPooled,
    ErrOrderIsAssigned,
    ErrOrderIsRejected,
    ErrOrderIsAccepted,
    ErrOrderIsInProgress,
    ErrOrderIsDone,
    ErrOrderIsCancelled,
    ErrServiceInactive,
    ErrTeamDoesNotServe,
    ErrAlreadyRated,
    ErrRatingLocked,
    ErrAlreadyReplied,
    ErrNotRatable,
    OrderSubmitted,
    OrderPooled,
    OrderAssigned,
    OrderRejected,
    OrderAccepted,
    OrderInProgress,
    OrderDone,
    OrderCancelled,
    RejectOutOfScope,
    RejectDuplicate,
    RejectMissingInformation,
    RejectOtherChannel,
    RejectOther,
    // service order pages, the bell
    NavServices,
    SvRating,
    SvHours,
    SvNotices,
    SvMarkAllRead,
    SvNoNotices,
    // training courses (培训)
    ErrTrainingFull,
    ErrAlreadyEnrolled,
    ErrTrainingStarted,
    ErrTrainingSessionAhead,
    ErrNotEnrolled,
    ErrTrainingNotCompleted,
    TrSessionsRequired,
    TrTopics,
    TrTrainer,
    TrCapacity,
    TrEnds,
    TrNav,
    // district statistics, open books, exports
    FieldFrom,
    FieldTo,
    StTitle,
    StOpenBooksLink,
    // one call, a hundred answers: alarms, shifts
    ErrNotAGrid,
    ErrNotACommunity,
    ErrAlarmResolved,
    ErrShiftFull,
    ErrAlreadyOnShift,
    AlarmLocation,
    NavAlarm,
    NavDispatch,
    ErrHelpFull,
    ErrHelpDone,
    ErrAlreadyAnswered,
    HelpPlaces,
    // patrol rota, check-in/out and log
    ErrShiftBegun,
    ErrNotOnShift,
    ErrShiftNotNow,
    ErrNoPatrolTeam,
    ErrLogPhotoTaken,
    // service orders, continued: hours, photos, managing the catalogue, dates in words
    ErrOrderPhotosFull,
    SvPhotos,
    WhenToday,
    WhenYesterday,
    // help requests, continued: photo, wider round, rating, hours
    ErrHelpPhotoTaken,
    ErrHelpNotDone,
}

impl From<Msg> for Words {
    fn from(msg: Msg) -> Words {
        use Msg::*;
        let (zh, en) = match msg {
            AppName => ("邻里", "Linli"),
            ErrBadRequest => ("请求格式不正确", "The request is malformed"),
            ErrValidation => ("输入有误，请检查", "Please check what you entered"),
            ErrUnauthenticated => ("请先登录", "Please sign in first"),
            ErrForbidden => ("没有权限执行此操作", "You are not allowed to do this"),
            ErrNotFound => ("找不到该内容", "Not found"),
            ErrMethodNotAllowed => ("不支持该请求方法", "Method not allowed"),
            ErrConflict => ("与现有数据冲突", "This conflicts with existing data"),
            ErrPayloadTooLarge => ("提交的内容太大", "The request is too large"),
            ErrRateLimited => (
                "尝试次数过多，请稍后再试",
                "Too many attempts, please wait and try again",
            ),
            ErrInternal => (
                "服务器出错了，请稍后再试",
                "Something went wrong, please try again later",
            ),
            ErrBadCredentials => ("手机号或密码不正确", "Wrong phone number or password"),
            ErrPhoneTaken => ("该手机号已注册", "This phone number is already registered"),
            ErrWrongCurrentPassword => ("当前密码不正确", "The current password is not right"),
            ErrBadResetCode => (
                "手机号或重置码不正确，或重置码已过期。请向队长或管理员重新领取",
                "Wrong phone number or reset code, or the code has expired. Ask your team leader or administrator for a new one",
            ),
            ErrMoveIntoOwnSubtree => ("不能移动到自己的下级", "A node cannot move under itself"),
            ErrStorageUnavailable => (
                "服务器暂时无法保存数据（存储空间已满或只读），本次操作未生效，请稍后再试",
                "The server cannot save anything right now (its storage is full or read-only); nothing was changed, please try again later",
            ),
            ErrInsufficientPoints => ("积分余额不足", "Not enough points"),
            ErrIdempotencyKeyReused => (
                "该请求编号已用于另一笔不同的操作，请勿重复使用",
                "This idempotency key was already used for a different request",
            ),
            ErrAlreadyReversed => ("该笔积分已被冲正", "This transfer has already been reversed"),
            ErrNotReversible => (
                "冲正或退款记录不能再撤销，请改用手动调整",
                "A reversal or refund cannot itself be undone; make an adjustment instead",
            ),
            ErrEarningCapReached => (
                "已达到本日或本月的积分上限",
                "The daily or monthly points cap has been reached",
            ),
            ErrNoSuchAccount => ("找不到该积分账户", "No such points account"),
            ErrNotATeam => ("只能加入服务队", "People can only join teams"),
            ErrLastAdmin => (
                "不能撤销最后一位总管理员",
                "The last global administrator cannot be removed",
            ),
            ErrAlreadyGranted => ("此人已拥有该角色", "This person already has that role"),
            ErrAlreadyMember => ("你已经是该服务队的队员", "You are already a member of this team"),
            ErrJoinAnswered => (
                "这条入队申请已经处理过了",
                "This request to join has already been answered",
            ),
            ErrAlreadyUndone => (
                "这笔积分已经退还过（退款或冲正），不能重复退还",
                "These points were already given back (refunded or reversed); they cannot be given back twice",
            ),
            ErrUndoThroughOrder => (
                "这笔积分是积分超市订单的付款，请在订单中退款（商品也会退回货架）",
                "These points paid for a shop order; refund the order instead (that also puts the goods back on the shelf)",
            ),
            ErrUndoThroughOffset => (
                "这笔积分属于物业费抵扣申请，只能由物业公司驳回申请来退还",
                "These points belong to a property-fee offset; they go back only when the property company rejects it",
            ),
            ErrProjectState => (
                "项目当前的状态不允许这样做",
                "The project's current state does not allow this",
            ),
            ErrSignupClosed => (
                "该场次现在不能报名（未开放、已截止或已开始）",
                "Sign-up for this session is not open (not yet, closed, or started)",
            ),
            ErrAlreadySignedUp => ("你已报名该场次", "You have already signed up for this session"),
            ErrPastCutoff => (
                "已过取消截止时间，请联系队长",
                "It is past the cancellation cutoff; please contact the team leader",
            ),
            ErrNotOnRoster => (
                "此人没有该场次的确认名额",
                "This person has no confirmed place in this session",
            ),
            ErrAttendanceOrder => (
                "签到签退顺序不对：请先签到，签退后不能再签到",
                "Check in before checking out; a checked-out person cannot check in again",
            ),
            ErrHoursLocked => (
                "服务时长已提交审核或已审核，不能再修改",
                "These hours were already submitted or decided and cannot change",
            ),
            ErrZeroHours => (
                "有记录的服务时长为 0，不能提交或通过：请先修改时长并写明原因",
                "A record shows zero hours and cannot be submitted or approved; correct its hours, with a reason, first",
            ),
            ErrZeroMinutes => (
                "服务时长不能为 0",
                "Service hours cannot be zero",
            ),
            ErrNoServiceHours => (
                "还没有审核通过的服务时长，暂不能开具证明",
                "There are no approved service hours yet, so no certificate can be issued",
            ),
            ErrCardTokenExpired => (
                "二维码已过期，请刷新手机上的二维码后再扫",
                "This QR code has expired; refresh it on the phone and scan again",
            ),
            ErrCardTokenInvalid => (
                "二维码无效，请刷新手机上的二维码或使用积分卡",
                "This QR code is not valid; refresh it on the phone or use the card",
            ),
            ErrBadCardNumber => (
                "卡号不正确，请核对后重试",
                "That card number is not right; please check it",
            ),
            ErrNoSuchCard => ("找不到这张积分卡", "No such points card"),
            ErrCardBlocked => (
                "这张积分卡已挂失停用，请联系管理员",
                "This card is blocked; please contact an administrator",
            ),
            ErrCardReplaced => (
                "这张积分卡已换新，旧卡号不能再使用",
                "This card was replaced; the old number no longer works",
            ),
            ErrWrongPin4Left => (
                "卡片密码不正确，还可以再试四次",
                "Wrong card PIN: four tries left",
            ),
            ErrWrongPin3Left => (
                "卡片密码不正确，还可以再试三次",
                "Wrong card PIN: three tries left",
            ),
            ErrWrongPin2Left => (
                "卡片密码不正确，还可以再试两次",
                "Wrong card PIN: two tries left",
            ),
            ErrWrongPin1Left => (
                "卡片密码不正确，只剩最后一次机会，再错卡片将锁定 15 分钟",
                "Wrong card PIN: one try left before the card locks for 15 minutes",
            ),
            ErrKioskSignOutNeedsPin => (
                "超市终端需要管理员刷卡并输入卡片密码才能退出",
                "The kiosk signs out only with an administrator's card and PIN",
            ),
            ErrKioskUnlockNotAdmin => (
                "这张卡不是管理员的卡，超市终端不能退出",
                "This is not an administrator's card, so the kiosk stays signed in",
            ),
            ErrCardLocked => (
                "卡片密码错误次数过多，已锁定 15 分钟，请稍后再试或出示手机动态二维码",
                "Too many wrong PINs: the card is locked for 15 minutes; try later or show the phone's QR code",
            ),
            ErrPinNotSet => (
                "这张卡还没有设置密码，请先在手机上设置，或出示手机动态二维码",
                "This card has no PIN yet; set one on the phone, or show the phone's QR code",
            ),
            ErrWrongPassword => (
                "账户密码不正确",
                "Wrong account password",
            ),
            ErrFamilyInactive => (
                "该家庭目前不接受捐赠或分配",
                "This family is not receiving points at the moment",
            ),
            ErrUserHasFamily => (
                "此人已关联另一户受助家庭",
                "This person is already linked to another family",
            ),
            ErrNotWholeYuan => (
                "抵扣积分须能按比例折算为整元",
                "The points must convert to whole yuan at the company's rate",
            ),
            ErrBadMonth => ("月份格式应为 YYYY-MM", "The month must be written YYYY-MM"),
            ErrOffsetDecided => (
                "该抵扣申请已处理，不能再更改",
                "This offset has already been decided",
            ),
            ErrCompanyExists => (
                "该节点已登记物业公司",
                "A property company is already registered at this node",
            ),
            ErrOutOfStock => (
                "库存不足，请减少数量或选择其他商品",
                "Not enough in stock; take fewer or choose something else",
            ),
            ErrOverMonthlyLimit => (
                "超过该商品每人每月的兑换限额",
                "That is more than one person may take of this item per month",
            ),
            ErrItemNotOnSale => ("该商品目前不可兑换", "This item is not available now"),
            ErrBarcodeTaken => ("该条码已被其他商品使用", "Another item already has this barcode"),
            ErrDonorExists => ("已有同名的捐赠方", "A donor with this name already exists"),
            // points shop pages
            ShopTitle => ("公益积分超市", "Points shop"),
            ShopSearch => ("搜索商品", "Search goods"),
            ShopSearchHint => ("商品名称、描述或标签", "Name, description or tag"),
            ShopAllCategories => ("全部", "All"),
            ShopSort => ("排序", "Sort"),
            SortNewest => ("最新上架", "Newest"),
            SortPriceAsc => ("积分从低到高", "Price: low to high"),
            SortPriceDesc => ("积分从高到低", "Price: high to low"),
            SortPopular => ("最受欢迎", "Most popular"),
            ShopAffordable => ("只看我兑得起的", "Only what I can afford"),
            ShopMyBalance => ("我的积分", "My points"),
            ShopNoItems => ("没有符合条件的商品。", "No goods match."),
            ShopLoadMore => ("加载更多", "Load more"),
            InStock => ("库存", "In stock"),
            OutOfStock => ("已兑完", "Out of stock"),
            MonthlyLimitText => ("每人每月限兑", "Limit per person per month"),
            PiecesUnit => ("件", "pcs"),
            Sold => ("已兑", "Taken"),
            NotOnSale => ("暂未上架", "Not on sale now"),
            ItemHowTo => ("到社区公益超市，刷积分卡自助兑换。", "Take it at the community points shop with your points card."),
            HonourRoll => ("捐赠光荣榜", "Donors' honour roll"),
            HonourIntro => ("感谢这些单位、商户和爱心人士为公益超市捐赠物资。", "Thanks to the units, merchants and people who gave goods to the shop."),
            NoDonors => ("还没有捐赠记录。", "No donations yet."),
            Donations => ("捐赠次数", "Donations"),
            Quantity => ("数量", "Quantity"),
            LastDonation => ("最近捐赠", "Latest"),
            DonorUnit => ("单位", "Unit"),
            DonorMerchant => ("商户", "Merchant"),
            DonorPerson => ("爱心人士", "Person"),
            KioskNext => ("确定", "OK"),
            KioskCamera => ("用摄像头扫码", "Scan with the camera"),
            KioskCameraStop => ("关闭摄像头", "Stop the camera"),
            KioskCameraUnsupported => ("此浏览器不支持摄像头扫码，请用扫码器或输入卡号。", "This browser cannot scan with the camera; use the scanner or type the number."),
            KioskCameraDenied => ("无法打开摄像头。", "The camera could not be opened."),
            KioskCameraBlocked => ("没有使用摄像头的权限，请在浏览器设置中允许，或用扫码器、输入卡号。", "Camera access was refused; allow it in the browser settings, or use the scanner or type the number."),
            KioskCameraMissing => ("没有找到摄像头，请用扫码器或输入卡号。", "No camera was found; use the scanner or type the number."),
            KioskTotal => ("合计", "Total"),
            KioskLeft => ("兑换后剩余", "Left afterwards"),
            KioskShort => ("积分不足", "Not enough points"),
            KioskOverLimit => ("已达每人每月限兑数量", "The monthly limit per person is reached"),
            KioskRetry => ("网络中断，请重试（不会重复扣分）", "Network lost: try again (you will not be charged twice)"),
            KioskIdle => (
                "一分钟无操作将清空已选商品并回到刷卡页",
                "After a minute without a touch the basket is cleared and the kiosk starts over",
            ),
            KioskAddOne => ("加一件", "Add one"),
            KioskRemoveOne => ("减一件", "Remove one"),
            OfflineTitle => ("当前没有网络", "You are offline"),
            OfflineStillWorks => (
                "没有网络时仍可使用：邻里的页面框架和语言切换；超市终端会保留已提交的兑换，联网后自动提交。",
                "Without a network you can still use Linli's frame and the language switch; the shop kiosk keeps a submitted checkout and sends it when the network is back.",
            ),
            OfflineNeedsNetwork => (
                "登录、积分、商城和项目需要网络。联网后本页会自动刷新。",
                "Signing in, points, the shop and projects need the network. This page reloads by itself when you are back online.",
            ),
            OfflineBanner => ("没有网络：部分功能暂不可用", "Offline: some things are unavailable"),
            NewVersion => ("邻里有新版本，下次打开时自动使用。", "A new version of Linli is ready; it is used from your next visit."),
            NewVersionReload => ("立即更新", "Update now"),
            FieldDescription => ("描述", "Description"),
            FieldTags => ("标签（用逗号分隔）", "Tags (comma separated)"),
            PhotoHint => ("JPEG、PNG 或 WebP；超过 5 MB 的照片会自动缩小", "JPEG, PNG or WebP; photos over 5 MB are made smaller for you"),
            PhotoTooLarge => ("照片太大，无法缩小到 5 MB 以内，请换一张。", "The photo is too large to make smaller than 5 MB; choose another."),
            PhotoWrongType => ("只能上传 JPEG、PNG 或 WebP 图片。", "Only JPEG, PNG or WebP images can be uploaded."),
            Stock => ("库存", "Stock"),
            FieldDonor => ("捐赠方", "Donor"),
            FieldItem => ("商品", "Item"),
            FieldDate => ("日期", "Date"),
            Refund => ("退还", "Refund"),
            Refunded => ("已退还", "Refunded"),
            Completed => ("已完成", "Completed"),
            NavAdminShop => ("超市管理", "Shop admin"),
            NavKiosk => ("自助终端", "Kiosk"),
            ErrNotAnImage => (
                "只能上传 JPEG、PNG 或 WebP 图片，且文件须完整无损",
                "Only whole JPEG, PNG or WebP images can be uploaded",
            ),
            ErrImageTooLarge => ("图片不能超过 5 MB", "Images can be at most 5 MB"),
            ErrStockBelowZero => ("库存不能小于零", "Stock cannot go below zero"),
            ErrPickupCodeInvalid => ("取货码无效，请核对后重试", "That pickup code is not valid; check it and try again"),
            ErrNoSuchPickup => ("没有这个取货码的预约", "No reservation has this pickup code"),
            ErrReservationCollected => ("该预约已取货", "This reservation has already been collected"),
            ErrReservationCancelled => ("该预约已取消，积分已退还", "This reservation was cancelled; the points were returned"),
            ErrReservationExpired => ("该预约已过期未取，积分已退还", "This reservation expired uncollected; the points were returned"),
            ErrCrossSite => ("该请求来自其他网站，已拒绝。请在邻里自己的页面上操作。", "This request came from another website and was refused. Please use Linli's own pages."),
            ErrUnfitBody => ("请求内容的格式不符合要求", "The request's content does not have the expected form"),
            ReserveAdd => ("加入预约单", "Add to reservation"),
            ReserveAdded => ("已加入预约单", "Added to your reservation"),
            ReserveBasket => ("预约单", "Reservation"),
            ReserveOpen => ("去预约", "Reserve"),
            ReserveSubmit => ("确认预约（立即扣除积分）", "Reserve now (points are taken now)"),
            ReserveHint => ("预约时即扣除积分并为您留货。请在 3 天内到无人超市出示取货码取货，逾期自动取消并退还积分。", "Reserving takes the points now and sets the goods aside. Collect them at the shop within 3 days with your pickup code; after that the reservation is cancelled and the points come back."),
            ReserveSignIn => ("登录后可预约商品", "Sign in to reserve goods"),
            ReserveDone => ("预约成功！到超市出示取货码即可取货。", "Reserved! Show the pickup code at the shop to collect."),
            ReserveMax => ("最多可预约", "At most"),
            MyReservations => ("我的预约", "My reservations"),
            NoReservations => ("还没有预约。", "No reservations yet."),
            PickupCode => ("取货码", "Pickup code"),
            PickupQr => ("取货二维码", "Pickup QR code"),
            PickupBy => ("请在此前取货", "Collect by"),
            PickupCollectedAt => ("取货时间", "Collected"),
            PickupClosedAt => ("退还时间", "Refunded"),
            ReservationCancel => ("取消预约", "Cancel reservation"),
            ReservationCancelConfirm => ("确定取消？积分将全部退还。", "Cancel it? All the points will be returned."),
            StReserved => ("待取货", "Awaiting pickup"),
            StCollected => ("已取货", "Collected"),
            StCancelled => ("已取消", "Cancelled"),
            StExpired => ("已过期", "Expired"),
            FieldName => ("名称", "Name"),
            FieldPhone => ("手机号", "Phone"),
            FieldPassword => ("密码", "Password"),
            FieldKind => ("类型", "Kind"),
            FieldRole => ("角色", "Role"),
            FieldNode => ("所属节点", "Node"),
            FieldSearch => ("搜索内容", "Search text"),
            FieldAmount => ("积分数", "Amount"),
            FieldReason => ("原因", "Reason"),
            FieldMinutes => ("服务时长（分钟）", "Minutes of service"),
            FieldActivity => ("服务类型", "Activity"),
            FieldMultiplier => ("系数", "Multiplier"),
            FieldPin => ("卡片密码", "Card PIN"),
            FieldCardNumber => ("卡号", "Card number"),
            FieldMonth => ("月份", "Month"),
            FieldUnit => ("房号", "Flat"),
            FieldPrice => ("价格", "Price"),
            FieldQuantity => ("数量", "Quantity"),
            FieldCategory => ("分类", "Category"),
            FieldBarcode => ("条码", "Barcode"),
            FieldFullName => ("姓名", "Full name"),
            FieldContact => ("联系方式", "Contact"),
            FieldNote => ("备注", "Note"),
            FieldRate => ("抵扣比例（积分/元）", "Rate (points per yuan)"),
            FieldAddress => ("地址", "Address"),
            FieldPreferredTime => ("方便的时间", "Preferred time"),
            FieldStars => ("评分", "Rating"),
            FieldComment => ("评价内容", "Comment"),
            FieldVolunteers => ("志愿者", "Volunteers"),
            FieldPerson => ("人员", "Person"),
            FieldTime => ("时间", "Time"),
            FieldCompany => ("物业公司", "Property company"),
            FieldSelection => ("所选条目", "Selected entries"),
            FieldWeekdays => ("每周哪几天", "Days of the week"),
            FieldUntil => ("截止日期", "Until"),
            FieldThisEntry => ("此项", "This entry"),
            FieldAction => ("操作", "Action"),
            FieldThreshold => ("库存预警线", "Low-stock threshold"),
            FieldSubmission => ("本次提交", "This submission"),
            FieldAvailableFrom => ("开始供应日期", "Available from"),
            FieldCutoffHours => ("开始前不能取消的小时数", "Hours before the start with no cancelling"),
            FieldLines => ("所选商品", "Goods chosen"),
            FieldPage => ("每页条数", "Entries per page"),
            CatHardship => ("困难家庭", "Family in hardship"),
            CatElderlyAlone => ("孤寡老人", "Elderly living alone"),
            CatDisability => ("残疾人家庭", "Family with a disability"),
            CatLeftBehindChildren => ("留守儿童家庭", "Left-behind children"),
            OffsetPending => ("待确认", "Pending"),
            OffsetConfirmed => ("已确认", "Confirmed"),
            OffsetRejected => ("已驳回", "Rejected"),
            NavHome => ("首页", "Home"),
            NavShop => ("商城", "Shop"),
            NavProjects => ("项目", "Projects"),
            NavMe => ("我的", "Me"),
            NavAdmin => ("管理", "Administration"),
            NavAdminOrg => ("组织管理", "Organisations"),
            NavAdminUsers => ("用户管理", "People"),
            NavMain => ("主导航", "Main navigation"),
            SkipToContent => ("跳到正文", "Skip to content"),
            LanguageLabel => ("语言", "Language"),
            Loading => ("加载中…", "Loading…"),
            Retry => ("重试", "Try again"),
            AreaLoadFailed => (
                "这部分页面没能加载，请检查网络后重试。",
                "This part of the app could not be loaded. Please check your connection and try again.",
            ),
            NetworkError => (
                "网络不太好，没能连上服务器。请检查网络后重试。",
                "We could not reach the server. Please check your connection and try again.",
            ),
            Saved => ("已保存", "Saved"),
            Cancel => ("取消", "Cancel"),
            Save => ("保存", "Save"),
            Close => ("关闭", "Close"),
            LoadMore => ("加载更多", "Load more"),
            NotFoundTitle => ("页面不存在", "Page not found"),
            NotFoundBody => (
                "你要找的页面不存在，或者已经移走了。",
                "The page you are looking for does not exist or has moved.",
            ),
            BackHome => ("返回首页", "Back to home"),
            HomeWelcome => ("欢迎来到邻里", "Welcome to Linli"),
            HomeTagline => (
                "社区志愿服务积分平台：服务邻里，积分有礼。",
                "Our community's volunteer points: help your neighbours, earn points.",
            ),
            HomeGreeting => ("你好，", "Hello, "),
            HomeSignedOutIntro => (
                "登录后可以查看积分和积分卡、报名志愿项目、预约服务、在积分超市兑换物品。",
                "Sign in to see your points and card, sign up for projects, order services and spend points in the shop.",
            ),
            HomeQuickLinks => ("常用入口", "Quick links"),
            HomeShopPreview => ("积分超市新品", "New in the points shop"),
            HomeProjectsPreview => ("近期志愿活动", "Volunteer activities coming up"),
            HomeSeeAll => ("查看全部", "See all"),
            HomeNoProjects => ("近期还没有志愿活动。", "No volunteer activities coming up yet."),
            NavAdminDashboard => ("管理工作台", "Admin dashboard"),
            DashBackToDashboard => ("返回管理工作台", "Back to the dashboard"),
            SignIn => ("登录", "Sign in"),
            SignUp => ("注册", "Register"),
            Working => ("请稍候…", "Please wait…"),
            PasswordHint => ("至少 8 个字符", "At least 8 characters"),
            SignInRequired => ("请先登录后再查看此页面。", "Please sign in to see this page."),
            AdminOnly => ("此页面仅限管理员使用。", "This page is for administrators only."),
            FieldCurrentPassword => ("当前密码", "Current password"),
            FieldNewPassword => ("新密码", "New password"),
            FieldResetCode => ("重置码", "Reset code"),
            ResetCodeIssued => ("重置码", "Reset code"),
            ResetCodeHowTo => (
                "请当面或电话告诉本人。本人在登录页点“忘记密码？”，输入手机号、重置码和新密码。有效期至",
                "Tell the person in person or by phone. They choose \"Forgot your password?\" on the sign-in page and enter their phone, this code and a new password. Valid until",
            ),
            MyTeams => ("我的队伍", "My teams"),
            NoTeams => ("还没有加入任何队伍。", "You have not joined a team yet."),
            NoRoles => ("暂时没有其他角色。", "No other roles yet."),
            Members => ("成员", "Members"),
            NoMembers => ("还没有成员。", "No members yet."),
            Colon => ("：", ": "),
            RoleResident => ("居民", "Resident"),
            RoleTeamLeader => ("队长", "Team leader"),
            RoleReviewer => ("审核员", "Reviewer"),
            RoleKiosk => ("超市终端", "Shop kiosk"),
            RoleProperty => ("物业公司", "Property company"),
            RoleAdmin => ("管理员", "Administrator"),
            RoleGridWorker => ("网格员", "Grid worker"),
            RolePatrol => ("巡逻志愿者", "Patrol volunteer"),
            RoleDispatcher => ("调度员", "Dispatcher"),
            KindSociety => ("协会", "Society"),
            KindBranch => ("分会", "Branch"),
            KindTeam => ("服务队", "Team"),
            KindDistrict => ("区", "District"),
            KindStreet => ("街道", "Street"),
            KindCommunity => ("社区", "Community"),
            KindGrid => ("网格", "Grid"),
            PjReview => ("审核", "Review"),
            PjFull => ("已满", "Full"),
            PjPlacesLeft => ("剩余名额", "Places left"),
            PjMon => ("周一", "Mon"),
            PjTue => ("周二", "Tue"),
            PjWed => ("周三", "Wed"),
            PjThu => ("周四", "Thu"),
            PjFri => ("周五", "Fri"),
            PjSat => ("周六", "Sat"),
            PjSun => ("周日", "Sun"),
            PjNoRating => ("暂无评分", "No ratings yet"),
            PjPlace => ("地点", "Place"),
            PjSkills => ("所需技能", "Skills needed"),
            PjOpens => ("报名开始", "Sign-up opens"),
            PjCloses => ("报名截止", "Sign-up closes"),
            PjSessions => ("场次", "Sessions"),
            PjProjectsToReview => ("待审核项目", "Projects to review"),
            PjHoursToReview => ("待审核服务时长", "Hours to review"),
            PjHoursUnit => ("小时", "hours"),
            PjTampered => ("查验未通过：平台签名与内容不符，内容可能被改动！", "Not verified: the platform's signature does not match the content, which may have been changed!"),
            PjTitle => ("项目名称", "Title"),
            PjStarts => ("开始时间", "Starts"),
            PjUntil => ("重复至", "Repeat until"),
            PjStDraft => ("草稿", "Draft"),
            PjStSubmitted => ("待审核", "Submitted"),
            PjStPublished => ("已发布", "Published"),
            PjStRejected => ("已退回", "Rejected"),
            PjStClosed => ("已结束", "Closed"),
            PjSuConfirmed => ("已报名", "Confirmed"),
            PjSuWaitlisted => ("候补中", "Waitlisted"),
            PjSuCancelled => ("已取消", "Cancelled"),
            PjHsDraft => ("未提交", "Not submitted"),
            PjHsPending => ("待审核", "Pending"),
            PjHsApproved => ("已通过", "Approved"),
            PjHsRejected => ("已退回", "Rejected"),
            NavPoints => ("我的积分", "My points"),
            NavProperty => ("物业费抵扣", "Fee offsets"),
            NavAdminPoints => ("积分账户", "Points accounts"),
            NavAdminRules => ("积分规则", "Earning rules"),
            NavAdminFamilies => ("受助家庭", "Families"),
            NavAdminCards => ("打印积分卡", "Print cards"),
            NavAdminAudit => ("操作日志", "Audit log"),
            TkEarn => ("服务积分", "Earned"),
            TkRedeem => ("超市兑换", "Shop purchase"),
            TkRefund => ("兑换退还", "Shop refund"),
            TkDonate => ("捐赠", "Donation"),
            TkAllocate => ("积分池分配", "Allocation"),
            TkFeeOffset => ("物业费抵扣", "Fee offset"),
            TkAdjust => ("人工调整", "Adjustment"),
            TkExpire => ("过期", "Expired"),
            TkReverse => ("冲正", "Reversal"),
            NoteShopRedeem => ("积分超市兑换", "Bought at the community shop"),
            NoteShopReservation => ("积分超市预约兑换", "Reserved at the community shop"),
            NoteReservationCancelled => (
                "预约取消，积分退还",
                "Reservation cancelled, points returned",
            ),
            NoteReservationExpired => (
                "预约逾期未取，积分退还",
                "Reservation not collected in time, points returned",
            ),
            NoteHoursApproved => (
                "服务时长审核通过：{project}（{day}）",
                "Service hours approved: {project} ({day})",
            ),
            NoteFeeOffset => (
                "物业费抵扣 {month}（{company}）",
                "Property fee offset for {month} ({company})",
            ),
            NoteFeeOffsetRejected => (
                "物业费抵扣被驳回：{reason}",
                "Property fee offset rejected: {reason}",
            ),
            NoteFamilyDonation => ("捐赠给受助家庭 {family}", "Donated to the family {family}"),
            NotePoolDonation => ("捐赠至公益积分池", "Donated to the charity pool"),
            NoteExpired => ("积分到期", "Points expired"),
            AcMember => ("成员", "Member"),
            AcFamily => ("受助家庭", "Family"),
            AcIssuance => ("积分发放", "Issuance"),
            AcShop => ("公益超市", "Shop"),
            AcFeeOffset => ("物业费抵扣", "Fee offsets"),
            AcCharityPool => ("公益积分池", "Charity pool"),
            PointsBalance => ("当前积分", "Balance"),
            PointsUnit => ("分", "points"),
            HistoryTitle => ("积分明细", "History"),
            FilterType => ("类型", "Type"),
            FilterAll => ("全部", "All"),
            NoHistory => ("还没有积分记录。", "No points movements yet."),
            BalanceAfter => ("余额", "balance"),
            ManualEntry => ("人工录入", "entered by hand"),
            ReversedTag => ("已冲正", "reversed"),
            CardActive => ("正常", "Active"),
            CardBlocked => ("已挂失", "Blocked"),
            CardReplaced => ("已换卡", "Replaced"),
            FieldPinAgain => ("再次输入密码", "PIN again"),
            PoolBalance => ("积分池现有", "Pool holds"),
            PointsPerYuan => ("积分抵 1 元", "points = ¥1"),
            RejectedBecause => ("驳回原因：", "Rejected because:"),
            RejectReason => ("驳回原因", "Reason for rejecting"),
            SystemActor => ("系统", "System"),
            RulesTitle => ("积分管理办法", "Earning rules"),
            RulesCurrent => ("当前版本", "Current version"),
            Activities => ("服务类型", "Activities"),
            Multipliers => ("加权系数", "Multipliers"),
            Code => ("代码", "Code"),
            PointsPerHour => ("每小时积分", "Points per hour"),
            Percent => ("百分比", "Percent"),
            DailyCap => ("每日上限", "Daily cap"),
            MonthlyCap => ("每月上限", "Monthly cap"),
            Validity => ("有效期", "Validity"),
            ValidityNone => ("长期有效", "Never expire"),
            Days => ("天数", "Days"),
            Versions => ("历史版本", "Versions"),
            VersionLabel => ("版本", "Version"),
            StdLink => ("积分管理办法", "How points are earned"),
            ErrRateDay => (
                "生效日期须是今天或以后的日期，格式为 YYYY-MM-DD",
                "The rate must start today or on a later day, written YYYY-MM-DD",
            ),
            NavAdminCompanies => ("物业公司", "Property companies"),
            PrintButton => ("打印", "Print"),
            AuditKindPeople => ("人员与权限", "People and roles"),
            AuditKindPoints => ("积分", "Points"),
            AuditKindProjects => ("项目与服务时长", "Projects and hours"),
            AuditKindShop => ("商店与库存", "Shop and stock"),
            AuditKindServices => ("上门服务与求助", "Home services and help"),
            AuditKindSafety => ("报警与巡查", "Alarms and patrols"),
            AuditSomeone => ("某项内容", "an entry"),
            AuditThemselves => ("自己", "themselves"),
            HistoryEnd => ("没有更多记录了", "No more entries"),
            ErrOrderIsSubmitted => (
                "该工单正在等待审核，不能执行此操作",
                "This order is waiting for review; that cannot be done now",
            ),
            ErrOrderIsPooled => (
                "该工单在抢单池中等待服务队接单，不能执行此操作",
                "This order is in the open pool waiting for a team; that cannot be done now",
            ),
            ErrOrderIsAssigned => (
                "该工单已派给一支服务队，等待其接单",
                "This order is assigned to a team and waiting for it to accept",
            ),
            ErrOrderIsRejected => (
                "该工单已被驳回，不能再操作",
                "This order was rejected; nothing more can be done",
            ),
            ErrOrderIsAccepted => (
                "该工单已被服务队接单",
                "A team has already accepted this order",
            ),
            ErrOrderIsInProgress => (
                "该工单正在服务中",
                "This order is being served now",
            ),
            ErrOrderIsDone => (
                "该工单已完成，不能再操作",
                "This order is done; nothing more can be done",
            ),
            ErrOrderIsCancelled => (
                "该工单已取消，不能再操作",
                "This order was cancelled; nothing more can be done",
            ),
            ErrServiceInactive => (
                "该服务已下架，暂不接受点单",
                "This service is not offered at the moment",
            ),
            ErrTeamDoesNotServe => (
                "该服务队不提供这一区域的此类服务",
                "That team does not offer this kind of service in this area",
            ),
            ErrAlreadyRated => ("你已经评价过了，可以修改原评价", "You have rated this already; edit your rating instead"),
            ErrRatingLocked => (
                "评价超过 7 天，已不能修改",
                "Ratings can only be edited for 7 days",
            ),
            ErrAlreadyReplied => ("服务队已经回复过该评价", "The team has already replied to this rating"),
            ErrNotRatable => (
                "服务完成后才能评价",
                "You can rate it once the service is done",
            ),
            OrderSubmitted => ("待审核", "Waiting for review"),
            OrderPooled => ("待抢单", "In the open pool"),
            OrderAssigned => ("已派单", "Assigned to a team"),
            OrderRejected => ("已驳回", "Rejected"),
            OrderAccepted => ("已接单", "Accepted"),
            OrderInProgress => ("服务中", "In progress"),
            OrderDone => ("已完成", "Done"),
            OrderCancelled => ("已取消", "Cancelled"),
            RejectOutOfScope => ("不在服务范围内", "Outside what the service covers"),
            RejectDuplicate => ("重复下单", "A duplicate order"),
            RejectMissingInformation => ("信息不全", "Information is missing"),
            RejectOtherChannel => ("请通过其他渠道办理", "Please use another channel"),
            RejectOther => ("其他原因", "Another reason"),
            NavServices => ("便民服务", "Services"),
            SvRating => ("评价", "Rating"),
            SvHours => ("小时", "h"),
            SvNotices => ("通知", "Notifications"),
            SvMarkAllRead => ("全部标为已读", "Mark all read"),
            SvNoNotices => ("暂无通知", "No notifications"),
            ErrTrainingFull => ("该培训名额已满", "This course is full"),
            ErrAlreadyEnrolled => ("你已报名该培训", "You are already enrolled in this course"),
            ErrTrainingStarted => ("该培训已开始，不能再报名", "This course has started; enrolment is closed"),
            ErrTrainingSessionAhead => ("该场次尚未开始，不能记录出勤", "This session has not started; attendance cannot be recorded yet"),
            ErrNotEnrolled => ("此人未报名该培训", "This person is not enrolled in this course"),
            ErrTrainingNotCompleted => ("还没有完成该培训（出勤场次不够）", "The course is not completed yet (not enough sessions attended)"),
            TrSessionsRequired => ("结业所需出勤场次", "Sessions to attend to complete"),
            TrTopics => ("培训内容", "Topics"),
            TrTrainer => ("授课人", "Trainer"),
            TrCapacity => ("名额", "Places"),
            TrEnds => ("结束时间", "Ends"),
            TrNav => ("培训", "Training"),
            FieldFrom => ("起始", "From"),
            FieldTo => ("截止", "To"),
            StTitle => ("统计", "Statistics"),
            StOpenBooksLink => ("公开账本", "Open books"),
            ErrNotAGrid => ("请选择一个网格", "Choose a grid"),
            ErrNotACommunity => ("请选择一个社区", "Choose a community"),
            ErrAlarmResolved => ("该报警已处理完毕", "This alarm has been resolved"),
            ErrShiftFull => ("该班次人数已满", "This shift is full"),
            ErrAlreadyOnShift => ("已在该班次中", "Already on this shift"),
            AlarmLocation => ("位置", "Location"),
            NavAlarm => ("一键报警", "Alarm"),
            NavDispatch => ("调度台", "Dispatch desk"),
            ErrHelpFull => ("人已经够了，谢谢你", "Enough volunteers are coming already; thank you"),
            ErrHelpDone => ("该求助已完成", "This request is already done"),
            ErrAlreadyAnswered => ("你已应答", "You have already answered"),
            HelpPlaces => ("需要人数", "People wanted"),
            ErrShiftBegun => ("该班次已开始", "This shift has begun"),
            ErrNotOnShift => ("不在该班次中", "Not on this shift"),
            ErrShiftNotNow => ("该班次现在不能签到", "This shift cannot be checked in now"),
            ErrLogPhotoTaken => ("这条日志已附照片", "This entry has a photo already"),
            ErrNoPatrolTeam => ("该志愿者不属于任何服务队，时长无人审核", "This volunteer is in no team, so nobody could review the hours"),
            ErrOrderPhotosFull => ("每张工单最多 4 张照片", "An order can carry at most 4 photos"),
            SvPhotos => ("照片", "Photos"),
            WhenToday => ("今天 {time}", "today {time}"),
            WhenYesterday => ("昨天 {time}", "yesterday {time}"),
            ErrHelpPhotoTaken => ("这条求助已附照片", "This request has a photo already"),
            ErrHelpNotDone => ("求助人确认完成后才能记录时长", "Hours can be logged once the resident confirms it was done"),
        };
        Words { zh, en }
    }
}

/// The name of a role.
pub fn role_text(lang: Lang, role: Role) -> &'static str {
    let msg = match role {
        Role::Resident => Msg::RoleResident,
        Role::TeamLeader => Msg::RoleTeamLeader,
        Role::Reviewer => Msg::RoleReviewer,
        Role::Kiosk => Msg::RoleKiosk,
        Role::Property => Msg::RoleProperty,
        Role::Admin => Msg::RoleAdmin,
        Role::GridWorker => Msg::RoleGridWorker,
        Role::Patrol => Msg::RolePatrol,
        Role::Dispatcher => Msg::RoleDispatcher,
    };
    t(lang, msg)
}

/// The name of a project category (脱贫攻坚…).
pub fn project_category_text(lang: Lang, c: ProjectCategory) -> &'static str {
    match lang {
        Lang::Zh => c.zh(),
        Lang::En => c.en(),
    }
}

/// The name of a project's state.
pub fn project_status_text(lang: Lang, st: ProjectStatus) -> &'static str {
    let msg = match st {
        ProjectStatus::Draft => Msg::PjStDraft,
        ProjectStatus::Submitted => Msg::PjStSubmitted,
        ProjectStatus::Published => Msg::PjStPublished,
        ProjectStatus::Rejected => Msg::PjStRejected,
        ProjectStatus::Closed => Msg::PjStClosed,
    };
    t(lang, msg)
}

/// The name of a sign-up's state.
pub fn signup_status_text(lang: Lang, st: SignupStatus) -> &'static str {
    let msg = match st {
        SignupStatus::Confirmed => Msg::PjSuConfirmed,
        SignupStatus::Waitlisted => Msg::PjSuWaitlisted,
        SignupStatus::Cancelled => Msg::PjSuCancelled,
    };
    t(lang, msg)
}

/// The name of an hour record's state.
pub fn hours_status_text(lang: Lang, st: HoursStatus) -> &'static str {
    let msg = match st {
        HoursStatus::Draft => Msg::PjHsDraft,
        HoursStatus::Pending => Msg::PjHsPending,
        HoursStatus::Approved => Msg::PjHsApproved,
        HoursStatus::Rejected => Msg::PjHsRejected,
    };
    t(lang, msg)
}

/// The name of a kind of organisation or territory node.
pub fn kind_text(lang: Lang, kind: NodeKind) -> &'static str {
    let msg = match kind {
        NodeKind::Society => Msg::KindSociety,
        NodeKind::Branch => Msg::KindBranch,
        NodeKind::Team => Msg::KindTeam,
        NodeKind::District => Msg::KindDistrict,
        NodeKind::Street => Msg::KindStreet,
        NodeKind::Community => Msg::KindCommunity,
        NodeKind::Grid => Msg::KindGrid,
    };
    t(lang, msg)
}

/// The name of a family-in-difficulty category (困难家庭…).
pub fn category_text(lang: Lang, c: FamilyCategory) -> &'static str {
    let msg = match c {
        FamilyCategory::Hardship => Msg::CatHardship,
        FamilyCategory::ElderlyAlone => Msg::CatElderlyAlone,
        FamilyCategory::Disability => Msg::CatDisability,
        FamilyCategory::LeftBehindChildren => Msg::CatLeftBehindChildren,
    };
    t(lang, msg)
}

/// The name of a fee offset's state.
pub fn offset_status_text(lang: Lang, s: OffsetStatus) -> &'static str {
    let msg = match s {
        OffsetStatus::Pending => Msg::OffsetPending,
        OffsetStatus::Confirmed => Msg::OffsetConfirmed,
        OffsetStatus::Rejected => Msg::OffsetRejected,
    };
    t(lang, msg)
}

/// The name of a kind of transfer, as history shows it.
pub fn transfer_kind_text(lang: Lang, k: TransferKind) -> &'static str {
    let msg = match k {
        TransferKind::Earn => Msg::TkEarn,
        TransferKind::Redeem => Msg::TkRedeem,
        TransferKind::Refund => Msg::TkRefund,
        TransferKind::Donate => Msg::TkDonate,
        TransferKind::Allocate => Msg::TkAllocate,
        TransferKind::FeeOffset => Msg::TkFeeOffset,
        TransferKind::Adjust => Msg::TkAdjust,
        TransferKind::Expire => Msg::TkExpire,
        TransferKind::Reverse => Msg::TkReverse,
    };
    t(lang, msg)
}

/// The name of a kind of ledger account.
pub fn account_kind_text(lang: Lang, k: AccountKind) -> &'static str {
    let msg = match k {
        AccountKind::Member => Msg::AcMember,
        AccountKind::Family => Msg::AcFamily,
        AccountKind::Issuance => Msg::AcIssuance,
        AccountKind::Shop => Msg::AcShop,
        AccountKind::FeeOffset => Msg::AcFeeOffset,
        AccountKind::CharityPool => Msg::AcCharityPool,
    };
    t(lang, msg)
}

/// The name of a card's state.
pub fn card_status_text(lang: Lang, s: CardStatus) -> &'static str {
    let msg = match s {
        CardStatus::Active => Msg::CardActive,
        CardStatus::Blocked => Msg::CardBlocked,
        CardStatus::Replaced => Msg::CardReplaced,
    };
    t(lang, msg)
}

/// An amount of money in whole yuan: "12 元", "¥12".
pub fn yuan_text(lang: Lang, yuan: i64) -> String {
    match lang {
        Lang::Zh => format!("{yuan} 元"),
        Lang::En => format!("¥{yuan}"),
    }
}

/// The generic text for an API error code.
pub fn error_text(lang: Lang, code: ErrorCode) -> &'static str {
    let msg = match code {
        ErrorCode::BadRequest => Msg::ErrBadRequest,
        ErrorCode::Validation => Msg::ErrValidation,
        ErrorCode::Unauthenticated => Msg::ErrUnauthenticated,
        ErrorCode::Forbidden => Msg::ErrForbidden,
        ErrorCode::NotFound => Msg::ErrNotFound,
        ErrorCode::MethodNotAllowed => Msg::ErrMethodNotAllowed,
        ErrorCode::Conflict => Msg::ErrConflict,
        ErrorCode::PayloadTooLarge => Msg::ErrPayloadTooLarge,
        ErrorCode::RateLimited => Msg::ErrRateLimited,
        ErrorCode::Internal => Msg::ErrInternal,
        ErrorCode::Unavailable => Msg::ErrStorageUnavailable,
    };
    t(lang, msg)
}

/// A field's name in words; a field without one reads as 此项 / This entry.
pub fn field_label(lang: Lang, field: &str) -> String {
    let msg = match field {
        "name" => Some(Msg::FieldName),
        "phone" => Some(Msg::FieldPhone),
        "password" => Some(Msg::FieldPassword),
        "kind" => Some(Msg::FieldKind),
        "role" => Some(Msg::FieldRole),
        "node_id" | "parent_id" => Some(Msg::FieldNode),
        "q" => Some(Msg::FieldSearch),
        "amount" => Some(Msg::FieldAmount),
        "reason" => Some(Msg::FieldReason),
        "minutes" => Some(Msg::FieldMinutes),
        "activity" => Some(Msg::FieldActivity),
        "multiplier" => Some(Msg::FieldMultiplier),
        "pin" => Some(Msg::FieldPin),
        "card_number" | "qr" => Some(Msg::FieldCardNumber),
        "month" => Some(Msg::FieldMonth),
        "unit" => Some(Msg::FieldUnit),
        "price" => Some(Msg::FieldPrice),
        "quantity" | "delta" | "counted" | "monthly_limit" => Some(Msg::FieldQuantity),
        "category" => Some(Msg::FieldCategory),
        "barcode" => Some(Msg::FieldBarcode),
        "points" => Some(Msg::FieldAmount),
        "full_name" => Some(Msg::FieldFullName),
        "contact" => Some(Msg::FieldContact),
        "note" => Some(Msg::FieldNote),
        "points_per_yuan" => Some(Msg::FieldRate),
        "pin_again" => Some(Msg::FieldPinAgain),
        "days" => Some(Msg::Days),
        "daily_cap" => Some(Msg::DailyCap),
        "monthly_cap" => Some(Msg::MonthlyCap),
        "points_per_hour" => Some(Msg::PointsPerHour),
        "percent" => Some(Msg::Percent),
        "code" => Some(Msg::Code),
        "description" => Some(Msg::FieldDescription),
        "address" => Some(Msg::FieldAddress),
        "preferred_time" => Some(Msg::FieldPreferredTime),
        "stars" => Some(Msg::FieldStars),
        "comment" => Some(Msg::FieldComment),
        "volunteer_ids" => Some(Msg::FieldVolunteers),
        "team_id" => Some(Msg::KindTeam),
        "user_id" | "for_user_id" => Some(Msg::FieldPerson),
        "at" => Some(Msg::FieldTime),
        "company_id" => Some(Msg::FieldCompany),
        "ids" => Some(Msg::FieldSelection),
        "title" => Some(Msg::PjTitle),
        "place" => Some(Msg::PjPlace),
        "skills" => Some(Msg::PjSkills),
        "sessions" => Some(Msg::PjSessions),
        "starts_at" => Some(Msg::PjStarts),
        "served_at" => Some(Msg::FieldDate),
        "activities" => Some(Msg::FieldActivity),
        "weekdays" => Some(Msg::FieldWeekdays),
        "available_until" => Some(Msg::FieldUntil),
        "tags" => Some(Msg::FieldTags),
        "donor_id" => Some(Msg::FieldDonor),
        "item_id" => Some(Msg::FieldItem),
        "stock" => Some(Msg::Stock),
        "territory_id" => Some(Msg::FieldNode),
        "lines" => Some(Msg::FieldLines),
        "limit" => Some(Msg::FieldPage),
        "topics" => Some(Msg::TrTopics),
        "trainer" => Some(Msg::TrTrainer),
        "capacity" => Some(Msg::TrCapacity),
        "ends_at" => Some(Msg::TrEnds),
        "sessions_required" => Some(Msg::TrSessionsRequired),
        "from" => Some(Msg::FieldFrom),
        "to" => Some(Msg::FieldTo),
        "text" => Some(Msg::FieldDescription),
        "grid_id" => Some(Msg::KindGrid),
        "location" => Some(Msg::AlarmLocation),
        "key" => Some(Msg::Code),
        "date" => Some(Msg::FieldDate),
        "places" => Some(Msg::HelpPlaces),
        "current_password" => Some(Msg::FieldCurrentPassword),
        "reset_code" => Some(Msg::FieldResetCode),
        "until" => Some(Msg::PjUntil),
        "signup_opens_at" => Some(Msg::PjOpens),
        "signup_closes_at" => Some(Msg::PjCloses),
        "cancel_cutoff_minutes" => Some(Msg::FieldCutoffHours),
        "available_from" => Some(Msg::FieldAvailableFrom),
        "action" => Some(Msg::FieldAction),
        "threshold" => Some(Msg::FieldThreshold),
        "idempotency_key" => Some(Msg::FieldSubmission),
        _ => None,
    };
    // A field without a label is named generically: a raw name never reaches a person.
    t(lang, msg.unwrap_or(Msg::FieldThisEntry)).to_string()
}

/// The name of a group of audit actions, for the log's filter.
pub fn audit_kind_text(lang: Lang, kind: AuditKind) -> &'static str {
    let msg = match kind {
        AuditKind::People => Msg::AuditKindPeople,
        AuditKind::Points => Msg::AuditKindPoints,
        AuditKind::Projects => Msg::AuditKindProjects,
        AuditKind::Shop => Msg::AuditKindShop,
        AuditKind::Services => Msg::AuditKindServices,
        AuditKind::Safety => Msg::AuditKindSafety,
    };
    t(lang, msg)
}

/// Every action the server writes to the audit log, with its sentence: `{who}` acted on
/// `{what}` (the subject's name). "王芳 给 李明 签发了密码重置码" / "Wang Fang issued a
/// password reset code for Li Ming".
pub const AUDIT_SENTENCES: &[(&str, &str, &str)] = &[
    (
        "alarm.raise",
        "{who} 在 {what} 发出了报警",
        "{who} raised an alarm in {what}",
    ),
    (
        "alarm.acknowledge",
        "{who} 响应了 {what} 的报警",
        "{who} acknowledged an alarm in {what}",
    ),
    (
        "alarm.escalate",
        "{who} 升级了 {what} 的报警",
        "{who} escalated an alarm in {what}",
    ),
    (
        "alarm.resolve",
        "{who} 处理完了 {what} 的报警",
        "{who} resolved an alarm in {what}",
    ),
    (
        "bank.allocate",
        "{who} 给 {what} 分配了积分",
        "{who} allocated points to {what}",
    ),
    (
        "bank.company.create",
        "{who} 添加了物业公司 {what}",
        "{who} added the property company {what}",
    ),
    (
        "bank.company.rate",
        "{who} 修改了 {what} 的积分折算率",
        "{who} changed the points rate of {what}",
    ),
    (
        "bank.company.update",
        "{who} 修改了物业公司 {what}",
        "{who} updated the property company {what}",
    ),
    (
        "bank.offset.confirmed",
        "{who} 确认了 {what} 的积分抵物业费",
        "{who} confirmed a property fee offset of {what}",
    ),
    (
        "bank.offset.rejected",
        "{who} 驳回了 {what} 的积分抵物业费",
        "{who} turned down a property fee offset of {what}",
    ),
    (
        "bank.family.card",
        "{who} 给 {what} 发了卡",
        "{who} issued a card to {what}",
    ),
    (
        "bank.family.register",
        "{who} 登记了家庭 {what}",
        "{who} registered the family {what}",
    ),
    (
        "bank.family.update",
        "{who} 修改了家庭 {what} 的信息",
        "{who} updated the family {what}",
    ),
    (
        "card.pin.set",
        "{who} 设置了 {what} 的卡密码",
        "{who} set a card PIN for {what}",
    ),
    (
        "help.post",
        "{who} 发布了一条求助",
        "{who} posted a help request",
    ),
    (
        "help.answer",
        "{who} 回应了 {what} 的求助",
        "{who} answered a help request from {what}",
    ),
    (
        "help.done",
        "{who} 完成了 {what} 的求助",
        "{who} marked a help request from {what} done",
    ),
    (
        "help.hours",
        "{who} 记录了 {what} 求助的服务时长",
        "{who} recorded hours for a help request from {what}",
    ),
    (
        "help.photo",
        "{who} 给 {what} 的求助添加了照片",
        "{who} added a photo to a help request from {what}",
    ),
    (
        "help.widen",
        "{who} 扩大了 {what} 求助的范围",
        "{who} widened a help request from {what}",
    ),
    (
        "hours.submit",
        "{who} 提交了 {what} 的服务时长",
        "{who} submitted service hours for {what}",
    ),
    (
        "hours.edit",
        "{who} 修改了 {what} 的服务时长",
        "{who} edited service hours of {what}",
    ),
    (
        "hours.approve",
        "{who} 批准了 {what} 的服务时长",
        "{who} approved service hours of {what}",
    ),
    (
        "hours.reject",
        "{who} 退回了 {what} 的服务时长",
        "{who} sent back service hours of {what}",
    ),
    (
        "join.accept",
        "{who} 同意了加入 {what} 的一份申请",
        "{who} accepted a request to join {what}",
    ),
    (
        "join.ask",
        "{who} 申请加入 {what}",
        "{who} asked to join {what}",
    ),
    (
        "join.decline",
        "{who} 婉拒了加入 {what} 的一份申请",
        "{who} declined a request to join {what}",
    ),
    (
        "kiosk.sign_out",
        "{who} 退出了自助终端",
        "{who} signed out of the kiosk",
    ),
    (
        "member.add",
        "{who} 给 {what} 添加了成员",
        "{who} added a member to {what}",
    ),
    (
        "member.remove",
        "{who} 从 {what} 移除了成员",
        "{who} removed a member from {what}",
    ),
    ("node.create", "{who} 创建了 {what}", "{who} created {what}"),
    ("node.move", "{who} 移动了 {what}", "{who} moved {what}"),
    (
        "node.rename",
        "{who} 重命名了 {what}",
        "{who} renamed {what}",
    ),
    (
        "order.place_for",
        "{who} 为 {what} 下了服务订单",
        "{who} placed a service order for {what}",
    ),
    (
        "order.photo",
        "{who} 给 {what} 的服务订单添加了照片",
        "{who} added a photo to the service order for {what}",
    ),
    (
        "password.change",
        "{who} 修改了自己的密码",
        "{who} changed their password",
    ),
    (
        "password.reset",
        "{who} 用重置码重设了密码",
        "{who} reset their password with a code",
    ),
    (
        "password.reset_code",
        "{who} 给 {what} 签发了密码重置码",
        "{who} issued a password reset code for {what}",
    ),
    (
        "patrol.log",
        "{who} 记录了巡查日志",
        "{who} logged a patrol",
    ),
    (
        "patrol.log_photo",
        "{who} 给巡查日志添加了照片",
        "{who} added a photo to a patrol log",
    ),
    (
        "points.rules.publish",
        "{who} 发布了新的积分规则",
        "{who} published new points rules",
    ),
    (
        "points.earn",
        "{who} 给 {what} 发放了服务积分",
        "{who} paid earned points to {what}",
    ),
    (
        "points.redeem",
        "{who} 为 {what} 用积分兑换了商品",
        "{who} rang up goods bought with points by {what}",
    ),
    (
        "points.refund",
        "{who} 给 {what} 退回了积分",
        "{who} refunded points to {what}",
    ),
    (
        "points.donate",
        "{who} 捐出了 {what} 的积分",
        "{who} donated points of {what}",
    ),
    (
        "points.allocate",
        "{who} 给 {what} 划拨了积分",
        "{who} allocated points to {what}",
    ),
    (
        "points.fee_offset",
        "{who} 用 {what} 的积分抵扣了物业费",
        "{who} offset a property fee with points of {what}",
    ),
    (
        "points.adjust",
        "{who} 调整了 {what} 的积分",
        "{who} adjusted the points of {what}",
    ),
    (
        "points.expire",
        "{who} 作废了 {what} 的过期积分",
        "{who} expired old points of {what}",
    ),
    (
        "points.reverse",
        "{who} 冲正了 {what} 的一笔积分",
        "{who} reversed a points transfer of {what}",
    ),
    (
        "project.create",
        "{who} 创建了项目 {what}",
        "{who} created the project {what}",
    ),
    (
        "project.update",
        "{who} 修改了项目 {what}",
        "{who} updated the project {what}",
    ),
    (
        "project.sessions.add",
        "{who} 给项目 {what} 添加了场次",
        "{who} added sessions to the project {what}",
    ),
    ("rating.hide", "{who} 隐藏了一条评价", "{who} hid a rating"),
    (
        "role.grant",
        "{who} 给 {what} 授予了角色",
        "{who} granted a role to {what}",
    ),
    (
        "role.revoke",
        "{who} 撤销了 {what} 的角色",
        "{who} revoked a role of {what}",
    ),
    (
        "service.create",
        "{who} 创建了服务 {what}",
        "{who} created the service {what}",
    ),
    (
        "service.update",
        "{who} 修改了服务 {what}",
        "{who} updated the service {what}",
    ),
    (
        "shift.create",
        "{who} 在 {what} 排了巡查班次",
        "{who} scheduled a patrol shift in {what}",
    ),
    (
        "shift.sign_up",
        "{who} 报名了 {what} 的巡查班次",
        "{who} signed up for a patrol shift in {what}",
    ),
    (
        "shift.withdraw",
        "{who} 退出了 {what} 的巡查班次",
        "{who} withdrew from a patrol shift in {what}",
    ),
    (
        "shop.donor.create",
        "{who} 添加了捐赠方 {what}",
        "{who} added the donor {what}",
    ),
    (
        "shop.item.bulk",
        "{who} 批量修改了商品",
        "{who} edited goods in bulk",
    ),
    (
        "shop.item.create",
        "{who} 上架了商品 {what}",
        "{who} added the goods {what}",
    ),
    (
        "shop.item.deactivate",
        "{who} 更改了商品 {what} 的上架状态",
        "{who} changed whether {what} is on sale",
    ),
    (
        "shop.item.photo",
        "{who} 给商品 {what} 添加了照片",
        "{who} added a photo of {what}",
    ),
    (
        "shop.order.refund",
        "{who} 给 {what} 的兑换单退了款",
        "{who} refunded an order of {what}",
    ),
    (
        "shop.stock.adjust",
        "{who} 调整了 {what} 的库存",
        "{who} adjusted the stock of {what}",
    ),
    (
        "shop.stock.count",
        "{who} 完成了一次盘点",
        "{who} counted the stock",
    ),
    (
        "shop.stock.in",
        "{who} 给 {what} 入了库",
        "{who} received stock of {what}",
    ),
    (
        "training.create",
        "{who} 创建了培训 {what}",
        "{who} created the training {what}",
    ),
    (
        "training.attendance",
        "{who} 记录了培训 {what} 的出勤",
        "{who} recorded attendance at the training {what}",
    ),
    (
        "training.certificate",
        "{who} 颁发了培训 {what} 的证书",
        "{who} issued a certificate for the training {what}",
    ),
];

/// An audit entry as a sentence: who did what to whom, with names. `who` None is the
/// system; `what` None (a subject gone or unnamed) reads as a generic word. An action
/// without its own sentence still reads as one, never as its code.
pub fn audit_sentence(lang: Lang, action: &str, who: Option<&str>, what: Option<&str>) -> String {
    let who = who.unwrap_or_else(|| t(lang, Msg::SystemActor));
    // Someone acting on their own account or points: "刘芳 为 自己 …", not their name twice.
    let what = match what {
        Some(w) if w == who => t(lang, Msg::AuditThemselves),
        Some(w) => w,
        None => t(lang, Msg::AuditSomeone),
    };
    let template = AUDIT_SENTENCES
        .iter()
        .find(|(a, _, _)| *a == action)
        .map(|(_, zh, en)| match lang {
            Lang::Zh => *zh,
            Lang::En => *en,
        })
        .unwrap_or(match lang {
            Lang::Zh => "{who} 修改了 {what}",
            Lang::En => "{who} made a change to {what}",
        });
    template.replace("{who}", who).replace("{what}", what)
}

/// "2026年12月3日 14:00" / "3 Dec 2026 at 14:00" (or without the year): a moment in a
/// refusal, in Beijing time. Here rather than in `when` (which names `i18n`).
pub fn moment_words(lang: Lang, at: i64, with_year: bool) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = crate::clock::local_date(at);
    let (h, min, _) = crate::clock::local_clock(at);
    let month = MONTHS[m as usize - 1];
    match (lang, with_year) {
        (Lang::Zh, true) => format!("{y}年{m}月{d}日 {h:02}:{min:02}"),
        (Lang::Zh, false) => format!("{m}月{d}日 {h:02}:{min:02}"),
        (Lang::En, true) => format!("{d} {month} {y} at {h:02}:{min:02}"),
        (Lang::En, false) => format!("{d} {month} at {h:02}:{min:02}"),
    }
}

/// A sentence saying what is wrong with a field, e.g. "密码至少需要 8 个字符".
pub fn problem_text(lang: Lang, invalid: &Invalid) -> String {
    let f = field_label(lang, invalid.field);
    match (lang, invalid.problem) {
        (Lang::Zh, Problem::Required) => format!("请填写{f}"),
        (Lang::En, Problem::Required) => format!("{f} is required"),
        (Lang::Zh, Problem::TooShort { min }) => format!("{f}至少需要 {min} 个字符"),
        (Lang::En, Problem::TooShort { min }) => format!("{f} needs at least {min} characters"),
        (Lang::Zh, Problem::TooLong { max }) => format!("{f}最多 {max} 个字符"),
        (Lang::En, Problem::TooLong { max }) => format!("{f} can have at most {max} characters"),
        (Lang::Zh, Problem::InvalidPhone) => "请输入 11 位手机号".to_string(),
        (Lang::En, Problem::InvalidPhone) => "Enter an 11-digit mobile number".to_string(),
        (Lang::Zh, Problem::WrongTree) => "类型与所在的树不符".to_string(),
        (Lang::En, Problem::WrongTree) => "That kind does not belong in this tree".to_string(),
        (Lang::Zh, Problem::KindNotAllowedHere) => "该类型不能放在这里".to_string(),
        (Lang::En, Problem::KindNotAllowedHere) => "That kind cannot be placed here".to_string(),
        (Lang::Zh, Problem::OutOfRange { min, max }) => format!("{f}应在 {min} 到 {max} 之间"),
        (Lang::En, Problem::OutOfRange { min, max }) => {
            format!("{f} must be between {min} and {max}")
        }
        (Lang::Zh, Problem::UnknownOption) => format!("{f}不是可选的值"),
        (Lang::En, Problem::UnknownOption) => format!("{f} is not one of the choices"),
        (Lang::Zh, Problem::Duplicate) => format!("{f}重复"),
        (Lang::En, Problem::Duplicate) => format!("{f} is used twice"),
        (Lang::Zh, Problem::NotGrantable) => "每个人都是居民，无需授予该角色".to_string(),
        (Lang::En, Problem::NotGrantable) => {
            "Everyone is a resident; that role is not granted".to_string()
        }
        (Lang::Zh, Problem::BadDate) => format!("{f}的格式不正确"),
        (Lang::En, Problem::BadDate) => format!("{f} is not a valid date"),
        (Lang::Zh, Problem::BadResetCode) => "重置码是 8 位数字".to_string(),
        (Lang::En, Problem::BadResetCode) => "A reset code is 8 digits".to_string(),
        (Lang::Zh, Problem::NotBefore { at }) => {
            format!("{f}不能早于 {}", moment_words(lang, at, true))
        }
        (Lang::En, Problem::NotBefore { at }) => {
            format!("{f} cannot be before {}", moment_words(lang, at, true))
        }
        (Lang::Zh, Problem::NotAfter { at }) => {
            format!("{f}不能晚于 {}", moment_words(lang, at, true))
        }
        (Lang::En, Problem::NotAfter { at }) => {
            format!("{f} cannot be after {}", moment_words(lang, at, true))
        }
        (Lang::Zh, Problem::After { at }) => format!("{f}应晚于 {}", moment_words(lang, at, true)),
        (Lang::En, Problem::After { at }) => {
            format!("{f} must be after {}", moment_words(lang, at, true))
        }
        (Lang::Zh, Problem::CheckInOpens { at }) => {
            format!("签到从 {} 开始", moment_words(lang, at, false))
        }
        (Lang::En, Problem::CheckInOpens { at }) => {
            format!("Check-in opens on {}", moment_words(lang, at, false))
        }
        (Lang::Zh, Problem::RoleNotForNode) => "该角色不能授予在这个节点上".to_string(),
        (Lang::En, Problem::RoleNotForNode) => {
            "That role cannot be granted at this node".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default_language() {
        assert_eq!(Lang::default(), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr-FR"), Lang::Zh);
    }

    #[test]
    fn english_is_chosen_only_when_it_comes_first() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("zh-CN,en;q=0.5"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr, en;q=0.5"), Lang::En);
    }

    #[test]
    fn language_codes_round_trip_on_the_wire() {
        assert_eq!(serde_json::to_string(&Lang::Zh).unwrap(), "\"zh-CN\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
        assert_eq!(Lang::from_code(Lang::En.code()), Some(Lang::En));
    }

    #[test]
    fn every_role_and_node_kind_has_a_name_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            for r in Role::ALL {
                assert!(!role_text(lang, r).is_empty());
            }
        }
        assert_eq!(role_text(Lang::Zh, Role::TeamLeader), "队长");
        assert_eq!(kind_text(Lang::En, NodeKind::Grid), "Grid");
    }

    /// Every field a check can name (collected from the sources) is named in words, so no
    /// raw field name reaches a person.
    #[test]
    fn every_checked_field_has_a_label_in_both_languages() {
        let fields = [
            "activities",
            "activity",
            "address",
            "amount",
            "at",
            "available_until",
            "barcode",
            "card_number",
            "category",
            "code",
            "comment",
            "company_id",
            "contact",
            "counted",
            "daily_cap",
            "days",
            "delta",
            "description",
            "donor_id",
            "for_user_id",
            "full_name",
            "ids",
            "item_id",
            "kind",
            "limit",
            "lines",
            "minutes",
            "month",
            "monthly_cap",
            "monthly_limit",
            "multiplier",
            "name",
            "node_id",
            "note",
            "password",
            "percent",
            "phone",
            "pin",
            "pin_again",
            "place",
            "points",
            "points_per_hour",
            "preferred_time",
            "price",
            "q",
            "quantity",
            "reason",
            "role",
            "served_at",
            "sessions",
            "skills",
            "starts_at",
            "stars",
            "stock",
            "tags",
            "team_id",
            "territory_id",
            "title",
            "unit",
            "user_id",
            "volunteer_ids",
            "weekdays",
            "text",
            "grid_id",
            "location",
            "key",
            "date",
            "places",
        ];
        for f in fields {
            for lang in [Lang::Zh, Lang::En] {
                let label = field_label(lang, f);
                assert_ne!(label, f, "{f} has no label");
                assert!(!label.contains('_'), "{f}: {label}");
            }
        }
    }

    #[test]
    fn problems_read_as_sentences_in_both_languages() {
        let bad = Invalid {
            field: "password",
            problem: Problem::TooShort { min: 8 },
        };
        assert_eq!(problem_text(Lang::Zh, &bad), "密码至少需要 8 个字符");
        assert_eq!(
            problem_text(Lang::En, &bad),
            "Password needs at least 8 characters"
        );
    }
}
