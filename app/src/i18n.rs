//! The one message table. Chinese is the default, English the second language.
//! Every message is a `Msg` variant, so a missing translation is a compile error.

use serde::{Deserialize, Serialize};

use crate::api::bank::{FamilyCategory, OffsetStatus};
use crate::api::cards::CardStatus;
use crate::api::ledger::{AccountKind, TransferKind};
use crate::api::{ErrorCode, NodeKind};
use crate::roles::Role;
use crate::validate::{Invalid, Problem};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's name in itself, for the language switch ("中文", "English").
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }

    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// Picks the language from an Accept-Language header: English only when English
    /// comes before any Chinese; Chinese otherwise (the default).
    pub fn from_accept_language(header: &str) -> Lang {
        for part in header.split(',') {
            let tag = part
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("zh") {
                return Lang::Zh;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Zh
    }
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
    ErrMoveIntoOwnSubtree,
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
    // project board
    ErrProjectState,
    ErrSignupClosed,
    ErrAlreadySignedUp,
    ErrPastCutoff,
    ErrNotOnRoster,
    ErrAttendanceOrder,
    ErrHoursLocked,
    // points cards
    ErrCardTokenExpired,
    ErrCardTokenInvalid,
    ErrBadCardNumber,
    ErrNoSuchCard,
    ErrCardBlocked,
    ErrCardReplaced,
    ErrWrongPin,
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
    ErrAlreadyRefunded,
    ErrNotAnImage,
    ErrImageTooLarge,
    ErrStockBelowZero,
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
    // public-welfare bank: family categories, offset states, statement columns
    CatHardship,
    CatElderlyAlone,
    CatDisability,
    CatLeftBehindChildren,
    OffsetPending,
    OffsetConfirmed,
    OffsetRejected,
    StmtId,
    StmtMonth,
    StmtUnit,
    StmtResident,
    StmtPhone,
    StmtPoints,
    StmtYuan,
    StmtStatus,
    StmtRequestedAt,
    StmtDecidedAt,
    StmtTotalConfirmed,
    StmtTotalPending,
    StmtTotalRejected,
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
    NetworkError,
    Saved,
    Cancel,
    Save,
    Close,
    Search,
    LoadMore,
    NoMore,
    // UI: pages
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    ComingSoon,
    ShopComingSoon,
    ProjectsComingSoon,
    HomeWelcome,
    HomeTagline,
    HomeGreeting,
    HomeSignedOutIntro,
    HomeQuickLinks,
    // UI: accounts
    SignIn,
    SignUp,
    SignOut,
    SignInTitle,
    SignUpTitle,
    NoAccountYet,
    HaveAccount,
    Working,
    PasswordHint,
    PhoneHint,
    SignInRequired,
    AdminOnly,
    ProfileTitle,
    MyTeams,
    MyRoles,
    NoTeams,
    NoRoles,
    AdminTools,
    // UI: administration
    OrgTree,
    TerritoryTree,
    EmptyTree,
    PickNodeHint,
    MembersCount,
    Rename,
    MoveTo,
    MoveNoTargets,
    AddChild,
    AddRoot,
    Create,
    Members,
    NoMembers,
    Remove,
    AddPeople,
    SearchPeopleHint,
    NoPeopleFound,
    AddAsMember,
    GrantRole,
    Revoke,
    ConfirmRevoke,
    RoleLabel,
    ChosenPerson,
    ViewPerson,
    UsersTitle,
    NoUsers,
    PersonTeams,
    PersonRoles,
    RoleAt,
    Colon,
    // roles
    RoleResident,
    RoleTeamLeader,
    RoleReviewer,
    RoleKiosk,
    RoleProperty,
    RoleAdmin,
    // node kinds
    KindSociety,
    KindBranch,
    KindTeam,
    KindDistrict,
    KindStreet,
    KindCommunity,
    KindGrid,
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
    AcMember,
    AcFamily,
    AcIssuance,
    AcShop,
    AcFeeOffset,
    AcCharityPool,
    PointsBalance,
    PointsUnit,
    ExpiringSoon,
    ExpiryPlan,
    NothingExpiring,
    HistoryTitle,
    FilterType,
    FilterAll,
    NoHistory,
    BalanceAfter,
    ManualEntry,
    ReversedTag,
    LotsTitle,
    LotRemaining,
    LotExpires,
    NeverExpires,
    NoLots,
    DaysLeft,
    ShowCard,
    DonatePoints,
    OffsetFee,
    CardTitle,
    CardLiveHint,
    CardQrLabel,
    RefreshIn,
    SecondsUnit,
    CardActive,
    CardBlocked,
    CardReplaced,
    CardBlockedHint,
    PinTitle,
    PinHint,
    PinNotSet,
    PinIsSet,
    PinLockedUntil,
    SetPin,
    ChangePin,
    FieldPinAgain,
    FieldAccountPassword,
    PinMismatch,
    PinSaved,
    LostCard,
    LostCardHint,
    BlockCard,
    BlockConfirm,
    CardBlockedDone,
    DonateTitle,
    DonateIntro,
    DonateTo,
    CharityPool,
    PoolBalance,
    PrivacyNote,
    DonateSubmit,
    DonatedThanks,
    YourBalance,
    BackToPoints,
    OffsetTitle,
    OffsetIntro,
    Company,
    PointsPerYuan,
    WillOffset,
    NotWholeYuanHint,
    OffsetSubmit,
    OffsetSent,
    MyOffsets,
    NoOffsets,
    NoCompanies,
    RejectedBecause,
    PropertyTitle,
    NoPropertyCompany,
    FilterStatus,
    FilterMonth,
    StatementLink,
    NoCompanyOffsets,
    ConfirmOffset,
    RejectOffset,
    RejectReason,
    OffsetConfirmedDone,
    OffsetRejectedDone,
    AccountsTitle,
    AccountSearchHint,
    NoAccounts,
    AwardTitle,
    AwardSubmit,
    AwardDone,
    AdjustTitle,
    AdjustHint,
    AdjustSubmit,
    AdjustDone,
    NoMultiplier,
    TransferTitle,
    Postings,
    Author,
    SystemActor,
    RuleVersion,
    IdemKey,
    ReversedBy,
    Reverses,
    ReverseTitle,
    ReverseHint,
    ReverseSubmit,
    ReverseDone,
    AccountLabel,
    RulesTitle,
    RulesCurrent,
    Activities,
    Multipliers,
    Code,
    PointsPerHour,
    Percent,
    DailyCap,
    MonthlyCap,
    CapHint,
    Validity,
    ValidityYearEnd,
    ValidityDays,
    ValidityNone,
    Days,
    AddRow,
    RemoveRow,
    PublishRules,
    RulesPublished,
    Versions,
    VersionLabel,
    FamiliesTitle,
    RegisterFamily,
    FamilyRegistered,
    Inactive,
    AllocateTitle,
    AllocateSubmit,
    AllocateDone,
    NoFamilies,
    PrintTitle,
    PrintHint,
    PrintTeam,
    PrintButton,
    NoCards,
    CardFooter,
    AuditTitle,
    AuditFilterHint,
    AuditWho,
    AuditWhen,
    AuditWhat,
    NoAudit,
    HistoryEnd,
    AuditSubject,
    PrintedCardTitle,
    CardAdminBlock,
    CardAdminUnblock,
    CardAdminReissue,
    CardActionConfirm,
}

/// The text of a message in a language.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
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
        ErrMoveIntoOwnSubtree => ("不能移动到自己的下级", "A node cannot move under itself"),
        ErrInsufficientPoints => ("积分余额不足", "Not enough points"),
        ErrIdempotencyKeyReused => (
            "该请求编号已用于另一笔不同的操作，请勿重复使用",
            "This idempotency key was already used for a different request",
        ),
        ErrAlreadyReversed => ("该笔积分已被冲正", "This transfer has already been reversed"),
        ErrNotReversible => (
            "冲正记录不能再冲正，请改用手动调整",
            "A reversal cannot be reversed; make an adjustment instead",
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
        ErrWrongPin => ("卡片密码不正确", "Wrong card PIN"),
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
        ErrAlreadyRefunded => ("该订单已退还", "This order has already been refunded"),
        ErrNotAnImage => (
            "只能上传 JPEG、PNG 或 WebP 图片，且文件须完整无损",
            "Only whole JPEG, PNG or WebP images can be uploaded",
        ),
        ErrImageTooLarge => ("图片不能超过 5 MB", "Images can be at most 5 MB"),
        ErrStockBelowZero => ("库存不能小于零", "Stock cannot go below zero"),
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
        CatHardship => ("困难家庭", "Family in hardship"),
        CatElderlyAlone => ("孤寡老人", "Elderly living alone"),
        CatDisability => ("残疾人家庭", "Family with a disability"),
        CatLeftBehindChildren => ("留守儿童家庭", "Left-behind children"),
        OffsetPending => ("待确认", "Pending"),
        OffsetConfirmed => ("已确认", "Confirmed"),
        OffsetRejected => ("已驳回", "Rejected"),
        StmtId => ("编号", "No."),
        StmtMonth => ("月份", "Month"),
        StmtUnit => ("房号", "Flat"),
        StmtResident => ("住户", "Resident"),
        StmtPhone => ("电话", "Phone"),
        StmtPoints => ("积分", "Points"),
        StmtYuan => ("抵扣金额（元）", "Yuan"),
        StmtStatus => ("状态", "Status"),
        StmtRequestedAt => ("申请时间", "Requested"),
        StmtDecidedAt => ("处理时间", "Decided"),
        StmtTotalConfirmed => ("合计（已确认）", "Total confirmed"),
        StmtTotalPending => ("合计（待确认）", "Total pending"),
        StmtTotalRejected => ("合计（已驳回）", "Total rejected"),
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
        NetworkError => (
            "网络不太好，没能连上服务器。请检查网络后重试。",
            "We could not reach the server. Please check your connection and try again.",
        ),
        Saved => ("已保存", "Saved"),
        Cancel => ("取消", "Cancel"),
        Save => ("保存", "Save"),
        Close => ("关闭", "Close"),
        Search => ("搜索", "Search"),
        LoadMore => ("加载更多", "Load more"),
        NoMore => ("没有更多了", "That is everyone"),
        NotFoundTitle => ("页面不存在", "Page not found"),
        NotFoundBody => (
            "你要找的页面不存在，或者已经移走了。",
            "The page you are looking for does not exist or has moved.",
        ),
        BackHome => ("返回首页", "Back to home"),
        ComingSoon => ("即将上线", "Coming soon"),
        ShopComingSoon => (
            "公益积分超市正在筹备中，很快就能用志愿积分兑换洗衣液、书包、香皂等生活用品。",
            "The points shop is on its way: soon you can exchange volunteer points for everyday goods.",
        ),
        ProjectsComingSoon => (
            "志愿项目即将上线：义诊、法律援助、清洁家园……敬请期待。",
            "Volunteer projects are coming soon: free clinics, legal aid, clean-ups and more.",
        ),
        HomeWelcome => ("欢迎来到邻里", "Welcome to Linli"),
        HomeTagline => (
            "社区志愿服务积分平台：服务邻里，积分有礼。",
            "Our community's volunteer points: help your neighbours, earn points.",
        ),
        HomeGreeting => ("你好，", "Hello, "),
        HomeSignedOutIntro => (
            "登录后可以查看你的队伍和角色，以后还能查看积分、报名项目。",
            "Sign in to see your teams and roles; points and projects are coming soon.",
        ),
        HomeQuickLinks => ("常用入口", "Quick links"),
        SignIn => ("登录", "Sign in"),
        SignUp => ("注册", "Register"),
        SignOut => ("退出登录", "Sign out"),
        SignInTitle => ("登录邻里", "Sign in to Linli"),
        SignUpTitle => ("注册新账号", "Create an account"),
        NoAccountYet => ("还没有账号？", "No account yet?"),
        HaveAccount => ("已有账号？", "Already registered?"),
        Working => ("请稍候…", "Please wait…"),
        PasswordHint => ("至少 8 个字符", "At least 8 characters"),
        PhoneHint => ("11 位手机号", "11-digit mobile number"),
        SignInRequired => ("请先登录后再查看此页面。", "Please sign in to see this page."),
        AdminOnly => ("此页面仅限管理员使用。", "This page is for administrators only."),
        ProfileTitle => ("我的", "My account"),
        MyTeams => ("我的队伍", "My teams"),
        MyRoles => ("我的角色", "My roles"),
        NoTeams => ("还没有加入任何队伍。", "You have not joined a team yet."),
        NoRoles => ("暂时没有其他角色。", "No other roles yet."),
        AdminTools => ("管理工具", "Administration"),
        OrgTree => ("组织架构", "Organisations"),
        TerritoryTree => ("区域划分", "Territory"),
        EmptyTree => ("这里还没有任何节点。", "There is nothing here yet."),
        PickNodeHint => (
            "点选一个节点，即可重命名、移动、添加下级、管理成员和角色。",
            "Choose a node to rename it, move it, add below it, or manage its people.",
        ),
        MembersCount => ("人", "members"),
        Rename => ("重命名", "Rename"),
        MoveTo => ("移动到", "Move under"),
        MoveNoTargets => ("没有可以移动到的位置。", "There is nowhere to move this to."),
        AddChild => ("添加下级", "Add below"),
        AddRoot => ("添加顶级节点", "Add a top node"),
        Create => ("创建", "Create"),
        Members => ("成员", "Members"),
        NoMembers => ("还没有成员。", "No members yet."),
        Remove => ("移除", "Remove"),
        AddPeople => ("添加人员", "Add people"),
        SearchPeopleHint => ("输入姓名或手机号", "Name or phone number"),
        NoPeopleFound => ("没有找到匹配的人。", "Nobody matches."),
        AddAsMember => ("加为成员", "Add as member"),
        GrantRole => ("授予角色", "Grant role"),
        Revoke => ("撤销", "Revoke"),
        ConfirmRevoke => ("确认撤销", "Yes, revoke"),
        RoleLabel => ("角色", "Role"),
        ChosenPerson => ("已选择：", "Chosen: "),
        ViewPerson => ("查看", "View"),
        UsersTitle => ("用户管理", "People"),
        NoUsers => ("没有找到用户。", "No people found."),
        PersonTeams => ("所在队伍", "Teams"),
        PersonRoles => ("角色", "Roles"),
        RoleAt => ("于", "at"),
        Colon => ("：", ": "),
        RoleResident => ("居民", "Resident"),
        RoleTeamLeader => ("队长", "Team leader"),
        RoleReviewer => ("审核员", "Reviewer"),
        RoleKiosk => ("超市终端", "Shop kiosk"),
        RoleProperty => ("物业公司", "Property company"),
        RoleAdmin => ("管理员", "Administrator"),
        KindSociety => ("协会", "Society"),
        KindBranch => ("分会", "Branch"),
        KindTeam => ("服务队", "Team"),
        KindDistrict => ("区", "District"),
        KindStreet => ("街道", "Street"),
        KindCommunity => ("社区", "Community"),
        KindGrid => ("网格", "Grid"),
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
        AcMember => ("成员", "Member"),
        AcFamily => ("受助家庭", "Family"),
        AcIssuance => ("积分发放", "Issuance"),
        AcShop => ("公益超市", "Shop"),
        AcFeeOffset => ("物业费抵扣", "Fee offsets"),
        AcCharityPool => ("公益积分池", "Charity pool"),
        PointsBalance => ("当前积分", "Balance"),
        PointsUnit => ("分", "points"),
        ExpiringSoon => ("30 天内将过期", "Expiring within 30 days"),
        ExpiryPlan => ("到期安排", "When points expire"),
        NothingExpiring => ("暂无即将过期的积分。", "Nothing is due to expire."),
        HistoryTitle => ("积分明细", "History"),
        FilterType => ("类型", "Type"),
        FilterAll => ("全部", "All"),
        NoHistory => ("还没有积分记录。", "No points movements yet."),
        BalanceAfter => ("余额", "balance"),
        ManualEntry => ("人工录入", "entered by hand"),
        ReversedTag => ("已冲正", "reversed"),
        LotsTitle => ("积分批次与有效期", "Lots and expiry"),
        LotRemaining => ("剩余", "Left"),
        LotExpires => ("有效至", "valid until"),
        NeverExpires => ("长期有效", "never expires"),
        NoLots => ("还没有积分批次。", "No lots yet."),
        DaysLeft => ("天后", "days left"),
        ShowCard => ("出示积分卡", "Show my card"),
        DonatePoints => ("捐赠积分", "Donate points"),
        OffsetFee => ("抵扣物业费", "Offset my property fee"),
        CardTitle => ("我的积分卡", "My points card"),
        CardLiveHint => ("在超市或签到时出示此二维码。二维码每 30 秒自动更新，截图无效。", "Show this code at the shop or at check-in. It changes every 30 seconds, so a screenshot will not work."),
        CardQrLabel => ("积分卡动态二维码", "Live points-card QR code"),
        RefreshIn => ("自动刷新：", "Refreshes in"),
        SecondsUnit => ("秒", "s"),
        CardActive => ("正常", "Active"),
        CardBlocked => ("已挂失", "Blocked"),
        CardReplaced => ("已换卡", "Replaced"),
        CardBlockedHint => ("这张卡已挂失停用，二维码不再显示。请联系社区管理员解除挂失或补办新卡，积分不会丢失。", "This card is blocked and its code is hidden. Ask a community administrator to unblock or reissue it; your points are safe."),
        PinTitle => ("卡片密码", "Card PIN"),
        PinHint => ("打印的实体积分卡需要配合 4–6 位数字密码使用。", "The printed card only works with a 4–6 digit PIN."),
        PinNotSet => ("还没有设置密码。", "No PIN set yet."),
        PinIsSet => ("已设置密码。", "A PIN is set."),
        PinLockedUntil => ("密码错误次数过多，已锁定至", "Too many wrong PINs: locked until"),
        SetPin => ("设置密码", "Set PIN"),
        ChangePin => ("修改密码", "Change PIN"),
        FieldPinAgain => ("再次输入密码", "PIN again"),
        FieldAccountPassword => ("登录密码（修改时需要）", "Account password (to change the PIN)"),
        PinMismatch => ("两次输入的密码不一致", "The two PINs differ"),
        PinSaved => ("密码已保存。", "PIN saved."),
        LostCard => ("卡片丢失或被拍照？", "Card lost or photographed?"),
        LostCardHint => ("挂失后，实体卡和手机二维码都会立即停用；补办新卡后积分和记录都会保留。", "Blocking stops the printed card and the phone code at once; a new card keeps your points and history."),
        BlockCard => ("挂失此卡", "Block this card"),
        BlockConfirm => ("确认挂失", "Yes, block it"),
        CardBlockedDone => ("已挂失。", "Card blocked."),
        DonateTitle => ("捐赠积分", "Donate points"),
        DonateIntro => ("捐出的积分进入公益积分池，或直接送给社区登记的困难家庭，他们可以在公益超市兑换生活用品。", "Donated points go to the charity pool or straight to a family in difficulty, who can spend them in the points shop."),
        DonateTo => ("捐给", "Give to"),
        CharityPool => ("公益积分池", "Charity pool"),
        PoolBalance => ("积分池现有", "Pool holds"),
        PrivacyNote => ("为保护隐私，只显示家庭类别和姓氏。", "For privacy only the category and the first character of the name are shown."),
        DonateSubmit => ("确认捐赠", "Donate"),
        DonatedThanks => ("捐赠成功，感谢你的爱心！", "Donated. Thank you!"),
        YourBalance => ("你的积分", "Your points"),
        BackToPoints => ("返回我的积分", "Back to my points"),
        OffsetTitle => ("物业费抵扣", "Property-fee offset"),
        OffsetIntro => ("用积分抵扣物业费。提交后积分会先冻结扣除，物业确认后生效；如被驳回，积分全部退回。", "Use points against your property fee. The points are set aside at once and count when the company confirms; if it rejects, they all come back."),
        Company => ("物业公司", "Property company"),
        PointsPerYuan => ("积分抵 1 元", "points = ¥1"),
        WillOffset => ("可抵扣", "Offsets"),
        NotWholeYuanHint => ("积分须是抵扣比例的整数倍", "Points must be a whole multiple of the rate"),
        OffsetSubmit => ("提交抵扣申请", "Request the offset"),
        OffsetSent => ("已提交，等待物业确认。", "Sent; waiting for the property company."),
        MyOffsets => ("我的抵扣申请", "My offset requests"),
        NoOffsets => ("还没有抵扣申请。", "No offset requests yet."),
        NoCompanies => ("社区还没有登记物业公司。", "No property company is registered yet."),
        RejectedBecause => ("驳回原因：", "Rejected because:"),
        PropertyTitle => ("物业费抵扣确认", "Fee offsets to confirm"),
        NoPropertyCompany => ("你还没有关联的物业公司。", "You do not act for a property company."),
        FilterStatus => ("状态", "Status"),
        FilterMonth => ("月份", "Month"),
        StatementLink => ("下载本月对账单（CSV）", "Download the month's statement (CSV)"),
        NoCompanyOffsets => ("没有符合条件的抵扣申请。", "No offsets match."),
        ConfirmOffset => ("确认抵扣", "Confirm"),
        RejectOffset => ("驳回", "Reject"),
        RejectReason => ("驳回原因", "Reason for rejecting"),
        OffsetConfirmedDone => ("已确认。", "Confirmed."),
        OffsetRejectedDone => ("已驳回，积分已退回住户。", "Rejected; the points went back to the resident."),
        AccountsTitle => ("积分账户", "Points accounts"),
        AccountSearchHint => ("姓名或手机号，留空列出系统账户", "Name or phone; empty lists system accounts"),
        NoAccounts => ("没有找到账户。", "No accounts found."),
        AwardTitle => ("按核实的服务发放积分", "Award for verified service"),
        AwardSubmit => ("发放积分", "Award"),
        AwardDone => ("已发放积分。", "Points awarded."),
        AdjustTitle => ("手动调整", "Manual adjustment"),
        AdjustHint => ("正数增加、负数扣减，必须填写原因。", "Positive adds, negative deducts; a reason is required."),
        AdjustSubmit => ("确认调整", "Adjust"),
        AdjustDone => ("已调整。", "Adjusted."),
        NoMultiplier => ("无", "None"),
        TransferTitle => ("交易详情", "Transfer"),
        Postings => ("记账分录", "Postings"),
        Author => ("操作人", "By"),
        SystemActor => ("系统", "System"),
        RuleVersion => ("规则版本", "Rules version"),
        IdemKey => ("请求编号", "Idempotency key"),
        ReversedBy => ("已被冲正：", "Reversed by:"),
        Reverses => ("冲正的是：", "Reverses:"),
        ReverseTitle => ("冲正这笔交易", "Reverse this transfer"),
        ReverseHint => ("冲正会按原金额反向记一笔，原记录保留，必须填写原因。", "A reversal moves the same amount back; the original stays on record. A reason is required."),
        ReverseSubmit => ("确认冲正", "Reverse"),
        ReverseDone => ("已冲正。", "Reversed."),
        AccountLabel => ("账户", "Account"),
        RulesTitle => ("积分管理办法", "Earning rules"),
        RulesCurrent => ("当前版本", "Current version"),
        Activities => ("服务类型", "Activities"),
        Multipliers => ("加权系数", "Multipliers"),
        Code => ("代码", "Code"),
        PointsPerHour => ("每小时积分", "Points per hour"),
        Percent => ("百分比", "Percent"),
        DailyCap => ("每日上限", "Daily cap"),
        MonthlyCap => ("每月上限", "Monthly cap"),
        CapHint => ("留空表示不限", "Leave empty for no cap"),
        Validity => ("有效期", "Validity"),
        ValidityYearEnd => ("至获得当年年底", "Until the end of the year earned"),
        ValidityDays => ("获得后若干天", "A number of days"),
        ValidityNone => ("长期有效", "Never expire"),
        Days => ("天数", "Days"),
        AddRow => ("添加一行", "Add a row"),
        RemoveRow => ("删除", "Remove"),
        PublishRules => ("发布新版本", "Publish a new version"),
        RulesPublished => ("已发布新版本。", "New version published."),
        Versions => ("历史版本", "Versions"),
        VersionLabel => ("版本", "Version"),
        FamiliesTitle => ("受助家庭", "Families in difficulty"),
        RegisterFamily => ("登记家庭", "Register a family"),
        FamilyRegistered => ("已登记。", "Registered."),
        Inactive => ("已停用", "Inactive"),
        AllocateTitle => ("从积分池分配", "Allocate from the pool"),
        AllocateSubmit => ("分配", "Allocate"),
        AllocateDone => ("已分配。", "Allocated."),
        NoFamilies => ("还没有登记的家庭。", "No families registered yet."),
        PrintTitle => ("打印积分卡", "Print points cards"),
        PrintHint => ("按姓名、手机号或卡号查找，或选择服务队，然后打印（每张 A4 纸 8 张卡）。", "Find people by name, phone or card number, or pick a team, then print (8 cards per A4 sheet)."),
        PrintTeam => ("服务队", "Team"),
        PrintButton => ("打印", "Print"),
        NoCards => ("没有找到积分卡。", "No cards found."),
        CardFooter => ("凭卡和密码在公益超市使用", "Use with your PIN at the points shop"),
        AuditTitle => ("操作日志", "Audit log"),
        AuditFilterHint => ("按操作筛选，如 points.", "Filter by action, e.g. points."),
        AuditWho => ("操作人", "Who"),
        AuditWhen => ("时间", "When"),
        AuditWhat => ("操作", "What"),
        NoAudit => ("没有日志记录。", "No entries."),
        HistoryEnd => ("没有更多记录了", "No more entries"),
        AuditSubject => ("对象", "Subject"),
        PrintedCardTitle => ("志愿服务积分卡", "Volunteer points card"),
        CardAdminBlock => ("挂失", "Block"),
        CardAdminUnblock => ("解除挂失", "Unblock"),
        CardAdminReissue => ("补办新卡", "Reissue"),
        CardActionConfirm => ("确定", "Confirm"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
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
    };
    t(lang, msg)
}

fn field_label(lang: Lang, field: &str) -> String {
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
        _ => None,
    };
    msg.map(|m| t(lang, m).to_string())
        .unwrap_or_else(|| field.to_string())
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
