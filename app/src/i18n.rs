//! The one message table. Chinese is the default, English the second language.
//! Every message is a `Msg` variant, so a missing translation is a compile error.

use serde::{Deserialize, Serialize};

use crate::api::bank::{FamilyCategory, OffsetStatus};
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
