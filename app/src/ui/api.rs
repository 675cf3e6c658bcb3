//! The one typed client for `/api/v1`, over gloo-net. Every request carries the UI language
//! in Accept-Language, so the server's error messages come back ready to show.

use std::cell::Cell;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{de::DeserializeOwned, Serialize};

use crate::api::{
    AddMember, ChangePasswordRequest, CreateNode, ErrorBody, ErrorCode, ErrorDetail,
    GrantRoleRequest, LoginRequest, Node, Profile, Reason, RegisterRequest, ResetCode,
    ResetPasswordRequest, RoleGrant, Tree, UpdateMe, UpdateNode, UserSummary, UsersPage,
};
use crate::i18n::{error_text, t, Lang, Msg};

const BASE: &str = "/api/v1";

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::Zh) };
}

/// Sets the language sent with every following request.
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// Why a request failed: the server said no (with a message to show), or it was not
/// reached at all (offline, timed out) and may simply be retried.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    Server { status: u16, detail: ErrorDetail },
    Network,
}

impl ApiError {
    /// What to tell the person, in their language.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            ApiError::Server { detail, .. } if !detail.message.is_empty() => detail.message.clone(),
            ApiError::Server { detail, .. } => error_text(lang, detail.code).to_string(),
            ApiError::Network => t(lang, Msg::NetworkError).to_string(),
        }
    }

    /// Why the server refused, when it named a reason: what a page branches on.
    pub fn reason(&self) -> Option<Reason> {
        match self {
            ApiError::Server { detail, .. } => detail.reason,
            ApiError::Network => None,
        }
    }

    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, ApiError::Server { status: 401, .. })
    }

    /// The form field the server blamed, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Server { detail, .. } => detail.field.as_deref(),
            ApiError::Network => None,
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

fn with_lang(b: RequestBuilder) -> RequestBuilder {
    let lang = LANG.with(|l| l.get());
    b.header("Accept-Language", lang.code())
}

async fn run(req: Result<Request, gloo_net::Error>) -> ApiResult<Response> {
    let req = req.map_err(|_| ApiError::Network)?;
    let resp = req.send().await.map_err(|_| ApiError::Network)?;
    if resp.ok() {
        return Ok(resp);
    }
    let status = resp.status();
    let detail = match resp.json::<ErrorBody>().await {
        Ok(body) => body.error,
        Err(_) => {
            // Not our error shape: a proxy page or a dropped connection mid-answer.
            let code = match status {
                401 => ErrorCode::Unauthenticated,
                403 => ErrorCode::Forbidden,
                404 => ErrorCode::NotFound,
                429 => ErrorCode::RateLimited,
                502..=504 => return Err(ApiError::Network),
                _ => ErrorCode::Internal,
            };
            ErrorDetail {
                code,
                message: String::new(),
                field: None,
                reason: None,
            }
        }
    };
    Err(ApiError::Server { status, detail })
}

async fn json<T: DeserializeOwned>(req: Result<Request, gloo_net::Error>) -> ApiResult<T> {
    let resp = run(req).await?;
    resp.json::<T>().await.map_err(|_| ApiError::Network)
}

async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    json(with_lang(Request::get(&url(path))).build()).await
}

async fn send<B: Serialize, T: DeserializeOwned>(b: RequestBuilder, body: &B) -> ApiResult<T> {
    json(with_lang(b).json(body)).await
}

async fn send_empty<B: Serialize>(b: RequestBuilder, body: Option<&B>) -> ApiResult<()> {
    let b = with_lang(b);
    let req = match body {
        Some(body) => b.json(body),
        None => b.build(),
    };
    run(req).await.map(|_| ())
}

// ---- accounts ------------------------------------------------------------------------

pub async fn me() -> ApiResult<Profile> {
    get("/me").await
}

/// Who is signed in, if anyone (a 200 either way).
pub async fn session() -> ApiResult<Option<Profile>> {
    get("/auth/session").await
}

pub async fn register(req: RegisterRequest) -> ApiResult<Profile> {
    send(Request::post(&url("/auth/register")), &req).await
}

pub async fn login(req: LoginRequest) -> ApiResult<Profile> {
    send(Request::post(&url("/auth/login")), &req).await
}

pub async fn logout() -> ApiResult<()> {
    send_empty::<()>(Request::post(&url("/auth/logout")), None).await
}

pub async fn update_me(req: UpdateMe) -> ApiResult<Profile> {
    send(Request::patch(&url("/me")), &req).await
}

pub async fn change_password(req: ChangePasswordRequest) -> ApiResult<()> {
    send_empty(Request::post(&url("/me/password")), Some(&req)).await
}

pub async fn reset_password(req: ResetPasswordRequest) -> ApiResult<Profile> {
    send(Request::post(&url("/auth/reset")), &req).await
}

pub async fn issue_reset_code(user: i64) -> ApiResult<ResetCode> {
    json(with_lang(Request::post(&url(&format!("/users/{user}/reset-code")))).build()).await
}

pub async fn users(q: &str, after: Option<i64>, limit: u32) -> ApiResult<UsersPage> {
    let after = after.map(|a| a.to_string());
    let limit = limit.to_string();
    let mut params: Vec<(&str, &str)> = vec![("limit", &limit)];
    if !q.trim().is_empty() {
        params.push(("q", q.trim()));
    }
    if let Some(a) = after.as_deref() {
        params.push(("after", a));
    }
    json(with_lang(Request::get(&url("/users")).query(params)).build()).await
}

pub async fn user(id: i64) -> ApiResult<Profile> {
    get(&format!("/users/{id}")).await
}

pub async fn grant_role(user_id: i64, req: GrantRoleRequest) -> ApiResult<RoleGrant> {
    send(
        Request::post(&url(&format!("/users/{user_id}/roles"))),
        &req,
    )
    .await
}

pub async fn revoke_role(user_id: i64, grant_id: i64) -> ApiResult<()> {
    send_empty::<()>(
        Request::delete(&url(&format!("/users/{user_id}/roles/{grant_id}"))),
        None,
    )
    .await
}

// ---- trees ---------------------------------------------------------------------------

pub async fn nodes(tree: Tree) -> ApiResult<Vec<Node>> {
    let name = match tree {
        Tree::Org => "org",
        Tree::Territory => "territory",
    };
    get(&format!("/nodes?tree={name}")).await
}

pub async fn create_node(req: CreateNode) -> ApiResult<Node> {
    send(Request::post(&url("/nodes")), &req).await
}

pub async fn update_node(id: i64, req: UpdateNode) -> ApiResult<Node> {
    send(Request::patch(&url(&format!("/nodes/{id}"))), &req).await
}

pub async fn members(node_id: i64) -> ApiResult<Vec<UserSummary>> {
    get(&format!("/nodes/{node_id}/members")).await
}

pub async fn add_member(node_id: i64, user_id: i64) -> ApiResult<()> {
    send_empty(
        Request::post(&url(&format!("/nodes/{node_id}/members"))),
        Some(&AddMember { user_id }),
    )
    .await
}

pub async fn remove_member(node_id: i64, user_id: i64) -> ApiResult<()> {
    send_empty::<()>(
        Request::delete(&url(&format!("/nodes/{node_id}/members/{user_id}"))),
        None,
    )
    .await
}

// ---- project board ---------------------------------------------------------------------

use crate::api::projects::{
    AddSessions, AttendanceRequest, BoardQuery, Certificate, CreateProject, EditHours, HourRecord,
    HoursDecision, HoursStatus, MyHours, Notification, Project, ProjectStatus, ProjectSummary,
    RejectProject, Roster, RosterEntry, Signup, UpdateProject, VolunteerRecord,
};

/// Just what the home page shows of a project (a small type keeps the main module small).
#[derive(Clone, serde::Deserialize)]
pub struct PreviewProject {
    pub id: i64,
    pub title: String,
    pub team: PreviewTeam,
    pub next_starts_at: Option<i64>,
}

#[derive(Clone, serde::Deserialize)]
pub struct PreviewTeam {
    pub name: String,
}

/// Projects with places left, for the home page.
pub async fn project_preview() -> ApiResult<Vec<PreviewProject>> {
    get("/projects?has_places=true").await
}

pub async fn board(q: &BoardQuery) -> ApiResult<Vec<ProjectSummary>> {
    let mut params: Vec<(&str, String)> = Vec::new();
    if let Some(c) = q.category {
        params.push(("category", c.as_str().to_string()));
    }
    if let Some(f) = q.from {
        params.push(("from", f.to_string()));
    }
    if let Some(t) = q.to {
        params.push(("to", t.to_string()));
    }
    if let Some(t) = q.territory_id {
        params.push(("territory_id", t.to_string()));
    }
    if q.has_places == Some(true) {
        params.push(("has_places", "true".to_string()));
    }
    if let Some(t) = q.team_id {
        params.push(("team_id", t.to_string()));
    }
    let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    json(with_lang(Request::get(&url("/projects")).query(params)).build()).await
}

pub async fn project(id: i64) -> ApiResult<Project> {
    get(&format!("/projects/{id}")).await
}

pub async fn create_project(req: CreateProject) -> ApiResult<Project> {
    send(Request::post(&url("/projects")), &req).await
}

pub async fn update_project(id: i64, req: UpdateProject) -> ApiResult<Project> {
    send(Request::patch(&url(&format!("/projects/{id}"))), &req).await
}

pub async fn add_sessions(id: i64, req: AddSessions) -> ApiResult<Project> {
    send(
        Request::post(&url(&format!("/projects/{id}/sessions"))),
        &req,
    )
    .await
}

/// What a leader or reviewer does to a project's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectMove {
    Submit,
    Approve,
    Close,
}

pub async fn move_project(id: i64, m: ProjectMove) -> ApiResult<Project> {
    let verb = match m {
        ProjectMove::Submit => "submit",
        ProjectMove::Approve => "approve",
        ProjectMove::Close => "close",
    };
    json(with_lang(Request::post(&url(&format!("/projects/{id}/{verb}")))).build()).await
}

pub async fn reject_project(id: i64, reason: String) -> ApiResult<Project> {
    send(
        Request::post(&url(&format!("/projects/{id}/reject"))),
        &RejectProject { reason },
    )
    .await
}

pub async fn managed_projects(status: Option<ProjectStatus>) -> ApiResult<Vec<ProjectSummary>> {
    match status {
        Some(s) => get(&format!("/manage/projects?status={}", s.as_str())).await,
        None => get("/manage/projects").await,
    }
}

pub async fn sign_up(session_id: i64) -> ApiResult<Signup> {
    json(
        with_lang(Request::post(&url(&format!(
            "/sessions/{session_id}/signup"
        ))))
        .build(),
    )
    .await
}

pub async fn cancel_signup(session_id: i64) -> ApiResult<Signup> {
    json(
        with_lang(Request::delete(&url(&format!(
            "/sessions/{session_id}/signup"
        ))))
        .build(),
    )
    .await
}

/// Where the browser downloads a session's calendar file (same-site cookie).
pub fn calendar_url(session_id: i64) -> String {
    url(&format!("/sessions/{session_id}/calendar.ics"))
}

pub async fn my_signups() -> ApiResult<Vec<Signup>> {
    get("/me/signups").await
}

pub async fn my_notifications() -> ApiResult<Vec<Notification>> {
    get("/me/notifications").await
}

pub async fn roster(session_id: i64) -> ApiResult<Roster> {
    get(&format!("/sessions/{session_id}/roster")).await
}

pub async fn attendance(session_id: i64, req: AttendanceRequest) -> ApiResult<RosterEntry> {
    send(
        Request::post(&url(&format!("/sessions/{session_id}/attendance"))),
        &req,
    )
    .await
}

pub async fn submit_hours(session_id: i64) -> ApiResult<Vec<HourRecord>> {
    json(
        with_lang(Request::post(&url(&format!(
            "/sessions/{session_id}/hours/submit"
        ))))
        .build(),
    )
    .await
}

pub async fn edit_hours(id: i64, req: EditHours) -> ApiResult<HourRecord> {
    send(Request::patch(&url(&format!("/hours/{id}"))), &req).await
}

pub async fn review_hours(status: Option<HoursStatus>) -> ApiResult<Vec<HourRecord>> {
    match status {
        Some(s) => get(&format!("/review/hours?status={}", s.as_str())).await,
        None => get("/review/hours").await,
    }
}

pub async fn decide_hours(req: HoursDecision) -> ApiResult<Vec<HourRecord>> {
    send(Request::post(&url("/review/hours")), &req).await
}

pub async fn my_hours() -> ApiResult<MyHours> {
    get("/me/hours").await
}

pub async fn my_record() -> ApiResult<VolunteerRecord> {
    get("/me/record").await
}

pub async fn issue_certificate() -> ApiResult<Certificate> {
    json(with_lang(Request::post(&url("/me/certificates"))).build()).await
}

/// The public check of a certificate (no sign-in needed).
pub async fn certificate(code: &str) -> ApiResult<Certificate> {
    let code = String::from(js_sys::encode_uri_component(code));
    get(&format!("/certificates/{code}")).await
}

// ---- points ledger ---------------------------------------------------------------------

use crate::api::bank::{
    AllocateRequest, Allocation, BankDonateRequest, BankOverview, CompanyRate, CompanyStaff,
    CreateCompany, CreateFamily, Family, FamilyCard, FeeOffset, FeeOffsetRequest, IssueFamilyCard,
    MyFamily, NewCompanyRate, OffsetStatus, PropertyCompany, RejectOffset,
};
use crate::api::cards::{AdminCard, BlockMyCard, CardToken, MyCard, SetPinRequest};
use crate::api::ledger::{
    AccountSummary, AdjustRequest, AuditPage, AuditQuery, AwardRequest, HistoryPage, Lot,
    PointsSummary, PublishedStandard, ReverseRequest, RulesVersion, TransferDetail, TransferKind,
    TransferReceipt, UpdateRules,
};

/// A fresh idempotency key for one attempt at a write: reused when that attempt is
/// retried, so the server posts it at most once.
pub fn new_key(prefix: &str) -> String {
    let now = js_sys::Date::now() as u64;
    let r1 = (js_sys::Math::random() * 1e15) as u64;
    let r2 = (js_sys::Math::random() * 1e15) as u64;
    format!("{prefix}-{now:x}-{r1:x}{r2:x}")
}

fn history_params(kind: Option<TransferKind>, after: Option<i64>, limit: u32) -> String {
    let mut q = format!("?limit={limit}");
    if let Some(k) = kind {
        q.push_str("&type=");
        q.push_str(k.as_str());
    }
    if let Some(a) = after {
        q.push_str(&format!("&after={a}"));
    }
    q
}

pub async fn my_points() -> ApiResult<PointsSummary> {
    get("/me/points").await
}

pub async fn my_history(
    kind: Option<TransferKind>,
    after: Option<i64>,
    limit: u32,
) -> ApiResult<HistoryPage> {
    get(&format!(
        "/me/points/history{}",
        history_params(kind, after, limit)
    ))
    .await
}

pub async fn my_lots() -> ApiResult<Vec<Lot>> {
    get("/me/points/lots").await
}

pub async fn rules() -> ApiResult<RulesVersion> {
    get("/points/rules").await
}

pub async fn update_rules(req: UpdateRules) -> ApiResult<RulesVersion> {
    send(Request::put(&url("/admin/points/rules")), &req).await
}

pub async fn rules_versions() -> ApiResult<Vec<RulesVersion>> {
    get("/admin/points/rules/versions").await
}

pub async fn points_standard() -> ApiResult<PublishedStandard> {
    get("/points/standard").await
}

pub async fn award(req: AwardRequest) -> ApiResult<TransferDetail> {
    send(Request::post(&url("/admin/points/award")), &req).await
}

pub async fn adjust(req: AdjustRequest) -> ApiResult<TransferDetail> {
    send(Request::post(&url("/admin/points/adjust")), &req).await
}

pub async fn accounts(q: &str) -> ApiResult<Vec<AccountSummary>> {
    let mut params: Vec<(&str, &str)> = Vec::new();
    if !q.trim().is_empty() {
        params.push(("q", q.trim()));
    }
    json(with_lang(Request::get(&url("/admin/points/accounts")).query(params)).build()).await
}

pub async fn account_history(
    id: i64,
    kind: Option<TransferKind>,
    after: Option<i64>,
    limit: u32,
) -> ApiResult<HistoryPage> {
    get(&format!(
        "/admin/points/accounts/{id}/history{}",
        history_params(kind, after, limit)
    ))
    .await
}

pub async fn transfer(id: i64) -> ApiResult<TransferDetail> {
    get(&format!("/admin/points/transfers/{id}")).await
}

pub async fn reverse(id: i64, req: ReverseRequest) -> ApiResult<TransferDetail> {
    send(
        Request::post(&url(&format!("/admin/points/transfers/{id}/reverse"))),
        &req,
    )
    .await
}

/// One page of the audit log with the query's filters (`after`, `limit` and the rest).
pub async fn audit(q: &AuditQuery) -> ApiResult<AuditPage> {
    let after = q.after.map(|a| a.to_string());
    let limit = q.limit.unwrap_or(30).to_string();
    let mut params: Vec<(&str, &str)> = vec![("limit", &limit)];
    let texts = [
        ("action", q.action.as_deref()),
        ("kind", q.kind.map(|k| k.as_str())),
        ("person", q.person.as_deref()),
        ("from", q.from.as_deref()),
        ("to", q.to.as_deref()),
        ("after", after.as_deref()),
    ];
    for (k, v) in texts {
        if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) {
            params.push((k, v));
        }
    }
    json(with_lang(Request::get(&url("/admin/audit")).query(params)).build()).await
}

// ---- points cards ----------------------------------------------------------------------

pub async fn my_card() -> ApiResult<MyCard> {
    get("/me/card").await
}

pub async fn card_token() -> ApiResult<CardToken> {
    json(with_lang(Request::post(&url("/me/card/token"))).build()).await
}

pub async fn set_pin(req: SetPinRequest) -> ApiResult<MyCard> {
    send(Request::put(&url("/me/card/pin")), &req).await
}

pub async fn block_my_card() -> ApiResult<MyCard> {
    send(
        Request::post(&url("/me/card/block")),
        &BlockMyCard::default(),
    )
    .await
}

pub async fn printable_cards(team_id: Option<i64>, q: &str) -> ApiResult<Vec<AdminCard>> {
    let team = team_id.map(|t| t.to_string());
    let mut params: Vec<(&str, &str)> = Vec::new();
    if let Some(t) = team.as_deref() {
        params.push(("team_id", t));
    } else if !q.trim().is_empty() {
        params.push(("q", q.trim()));
    }
    json(with_lang(Request::get(&url("/admin/cards")).query(params)).build()).await
}

// ---- public-welfare bank ---------------------------------------------------------------

pub async fn bank() -> ApiResult<BankOverview> {
    get("/bank").await
}

pub async fn bank_donate(req: BankDonateRequest) -> ApiResult<TransferReceipt> {
    send(Request::post(&url("/me/bank/donate")), &req).await
}

pub async fn companies() -> ApiResult<Vec<PropertyCompany>> {
    get("/bank/companies").await
}

pub async fn request_offset(req: FeeOffsetRequest) -> ApiResult<FeeOffset> {
    send(Request::post(&url("/me/bank/fee-offsets")), &req).await
}

pub async fn my_offsets() -> ApiResult<Vec<FeeOffset>> {
    get("/me/bank/fee-offsets").await
}

pub async fn my_family() -> ApiResult<Option<MyFamily>> {
    get("/me/family").await
}

pub async fn issue_family_card(family_id: i64, req: IssueFamilyCard) -> ApiResult<FamilyCard> {
    send(
        Request::post(&url(&format!("/admin/bank/families/{family_id}/card"))),
        &req,
    )
    .await
}

pub async fn families() -> ApiResult<Vec<Family>> {
    get("/admin/bank/families").await
}

pub async fn register_family(req: CreateFamily) -> ApiResult<Family> {
    send(Request::post(&url("/admin/bank/families")), &req).await
}

pub async fn allocate(req: AllocateRequest) -> ApiResult<Allocation> {
    send(Request::post(&url("/admin/bank/allocations")), &req).await
}

pub async fn create_company(req: CreateCompany) -> ApiResult<PropertyCompany> {
    send(Request::post(&url("/admin/bank/companies")), &req).await
}

pub async fn company_rates(id: i64) -> ApiResult<Vec<CompanyRate>> {
    get(&format!("/admin/bank/companies/{id}/rates")).await
}

pub async fn set_company_rate(id: i64, req: NewCompanyRate) -> ApiResult<Vec<CompanyRate>> {
    send(
        Request::post(&url(&format!("/admin/bank/companies/{id}/rates"))),
        &req,
    )
    .await
}

pub async fn company_staff(id: i64) -> ApiResult<Vec<CompanyStaff>> {
    get(&format!("/admin/bank/companies/{id}/staff")).await
}

pub async fn property_companies() -> ApiResult<Vec<PropertyCompany>> {
    get("/property/companies").await
}

pub async fn company_offsets(
    company_id: i64,
    month: &str,
    status: Option<OffsetStatus>,
) -> ApiResult<Vec<FeeOffset>> {
    let company = company_id.to_string();
    let mut params: Vec<(&str, &str)> = vec![("company_id", &company)];
    if !month.trim().is_empty() {
        params.push(("month", month.trim()));
    }
    if let Some(s) = status {
        params.push(("status", s.as_str()));
    }
    json(with_lang(Request::get(&url("/property/fee-offsets")).query(params)).build()).await
}

pub async fn confirm_offset(id: i64) -> ApiResult<FeeOffset> {
    json(
        with_lang(Request::post(&url(&format!(
            "/property/fee-offsets/{id}/confirm"
        ))))
        .build(),
    )
    .await
}

pub async fn reject_offset(id: i64, req: RejectOffset) -> ApiResult<FeeOffset> {
    send(
        Request::post(&url(&format!("/property/fee-offsets/{id}/reject"))),
        &req,
    )
    .await
}

/// Where the browser downloads a company's monthly statement (CSV, same-site cookie).
pub fn statement_url(company_id: i64, month: &str) -> String {
    url(&format!(
        "/property/statements/{month}?company_id={company_id}"
    ))
}

/// What an administrator does to a person's card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardChange {
    Block,
    Unblock,
    Reissue,
}

pub async fn change_card(user_id: i64, change: CardChange, reason: String) -> ApiResult<AdminCard> {
    let verb = match change {
        CardChange::Block => "block",
        CardChange::Unblock => "unblock",
        CardChange::Reissue => "reissue",
    };
    send(
        Request::post(&url(&format!("/admin/cards/{user_id}/{verb}"))),
        &crate::api::cards::CardActionRequest { reason },
    )
    .await
}

// ---- administrators' dashboard ---------------------------------------------------------

use crate::api::dashboard::AdminDashboard;

/// The dashboard in one request, at the server's default low-stock threshold.
pub async fn admin_dashboard() -> ApiResult<AdminDashboard> {
    get("/admin/dashboard").await
}

// ---- points shop -----------------------------------------------------------------------

use crate::api::cards::{CardHolder, VerifyCardRequest};
use crate::api::shop::{
    BulkEdit, CartLine, CataloguePage, CatalogueQuery, Category, CheckoutRequest, CreateDonor,
    CreateItem, DailySummary, Donor, HonourEntry, ItemDetail, KioskMember, OrdersPage, Receipt,
    RefundRequest, ShrinkageReport, StockAdjust, StockCount, StockEvent, StockIn, UpdateItem,
};

pub async fn catalogue(q: CatalogueQuery) -> ApiResult<CataloguePage> {
    if let Some(page) = first_screen::catalogue(&q) {
        return Ok(page);
    }
    let params = crate::shop::catalogue_params(&q);
    let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    json(with_lang(Request::get(&url("/shop/items")).query(pairs)).build()).await
}

pub async fn shop_categories() -> ApiResult<Vec<Category>> {
    if let Some(categories) = first_screen::categories() {
        return Ok(categories);
    }
    get("/shop/categories").await
}

/// What the server wrote into this page beside the goods it drew (`FirstScreen`, see
/// server/src/first_screen.rs): the first request for exactly the same answer gets it
/// without asking again, so the app mounts over the goods on screen with the same goods.
mod first_screen {
    use std::cell::RefCell;

    use crate::api::shop::{CataloguePage, CatalogueQuery, Category, FirstScreen};

    /// What is left of it: each part answers once.
    #[derive(Default)]
    struct Left {
        catalogue: Option<(String, CataloguePage)>,
        categories: Option<Vec<Category>>,
    }

    thread_local! {
        static LEFT: RefCell<Left> = RefCell::new(read().unwrap_or_default());
    }

    fn read() -> Option<Left> {
        let doc = web_sys::window()?.document()?;
        let json = doc
            .get_element_by_id(FirstScreen::ELEMENT_ID)?
            .text_content()?;
        let first: FirstScreen = serde_json::from_str(&json).ok()?;
        Some(Left {
            catalogue: Some((first.request, first.page)),
            categories: first.categories,
        })
    }

    /// The catalogue page sent for this very query, once.
    pub fn catalogue(q: &CatalogueQuery) -> Option<CataloguePage> {
        LEFT.with_borrow_mut(|left| {
            let asked = crate::shop::catalogue_key(q);
            let (_, page) = left.catalogue.take_if(|(sent, _)| *sent == asked)?;
            Some(page)
        })
    }

    /// The categories sent with `/shop`, once.
    pub fn categories() -> Option<Vec<Category>> {
        LEFT.with_borrow_mut(|left| left.categories.take())
    }
}

pub async fn shop_item(id: i64) -> ApiResult<ItemDetail> {
    get(&format!("/shop/items/{id}")).await
}

pub async fn item_by_barcode(code: &str) -> ApiResult<ItemDetail> {
    let code = String::from(js_sys::encode_uri_component(code.trim()));
    get(&format!("/shop/barcode/{code}")).await
}

pub async fn honour_roll() -> ApiResult<Vec<HonourEntry>> {
    get("/shop/honour-roll").await
}

pub async fn verify_card(req: VerifyCardRequest) -> ApiResult<CardHolder> {
    send(Request::post(&url("/cards/verify")), &req).await
}

/// What I took this month of each item with a monthly limit.
pub async fn my_month_taken() -> ApiResult<Vec<CartLine>> {
    get("/me/shop/month-taken").await
}

/// The member at the kiosk, with this month's units of limited items.
pub async fn kiosk_member(req: VerifyCardRequest) -> ApiResult<KioskMember> {
    send(Request::post(&url("/kiosk/member")), &req).await
}

pub async fn checkout(req: CheckoutRequest) -> ApiResult<Receipt> {
    send(Request::post(&url("/kiosk/checkout")), &req).await
}

pub async fn admin_items() -> ApiResult<Vec<ItemDetail>> {
    get("/admin/shop/items").await
}

pub async fn create_item(req: CreateItem) -> ApiResult<ItemDetail> {
    send(Request::post(&url("/admin/shop/items")), &req).await
}

pub async fn update_item(id: i64, req: UpdateItem) -> ApiResult<ItemDetail> {
    send(
        Request::patch(&url(&format!("/admin/shop/items/{id}"))),
        &req,
    )
    .await
}

/// Uploads a chosen photo's bytes as an item's photo.
pub async fn upload_photo(id: i64, file: web_sys::Blob) -> ApiResult<ItemDetail> {
    upload_file(&format!("/admin/shop/items/{id}/photos"), file).await
}

/// Posts a chosen photo's raw bytes (the photo endpoints take them so).
pub async fn upload_file<T: DeserializeOwned>(path: &str, file: web_sys::Blob) -> ApiResult<T> {
    let b = with_lang(Request::post(&url(path))).header("Content-Type", "application/octet-stream");
    json(b.body(wasm_bindgen::JsValue::from(file))).await
}

pub async fn bulk_edit(req: BulkEdit) -> ApiResult<Vec<ItemDetail>> {
    send(Request::post(&url("/admin/shop/items/bulk")), &req).await
}

pub async fn donors() -> ApiResult<Vec<Donor>> {
    get("/admin/shop/donors").await
}

pub async fn create_donor(req: CreateDonor) -> ApiResult<Donor> {
    send(Request::post(&url("/admin/shop/donors")), &req).await
}

pub async fn stock_in(req: StockIn) -> ApiResult<StockEvent> {
    send(Request::post(&url("/admin/shop/stock-in")), &req).await
}

pub async fn adjust_stock(req: StockAdjust) -> ApiResult<StockEvent> {
    send(Request::post(&url("/admin/shop/adjustments")), &req).await
}

pub async fn low_stock() -> ApiResult<Vec<ItemDetail>> {
    get("/admin/shop/low-stock").await
}

pub async fn stock_count(req: StockCount) -> ApiResult<ShrinkageReport> {
    send(Request::post(&url("/admin/shop/counts")), &req).await
}

pub async fn shop_orders(day: &str, after: Option<i64>) -> ApiResult<OrdersPage> {
    let after = after.map(|a| a.to_string());
    let mut params: Vec<(&str, &str)> = vec![("limit", "20")];
    if !day.trim().is_empty() {
        params.push(("day", day.trim()));
    }
    if let Some(a) = after.as_deref() {
        params.push(("after", a));
    }
    json(with_lang(Request::get(&url("/admin/shop/orders")).query(params)).build()).await
}

pub async fn refund_order(id: i64, reason: String) -> ApiResult<Receipt> {
    send(
        Request::post(&url(&format!("/admin/shop/orders/{id}/refund"))),
        &RefundRequest { reason },
    )
    .await
}

pub async fn shop_summary(day: &str) -> ApiResult<DailySummary> {
    let mut params: Vec<(&str, &str)> = Vec::new();
    if !day.trim().is_empty() {
        params.push(("day", day.trim()));
    }
    json(with_lang(Request::get(&url("/admin/shop/summary")).query(params)).build()).await
}

// ---- reservations from the phone ---------------------------------------------------------

use crate::api::shop::{CollectPickupRequest, Reservation, ReservationsPage, ReserveRequest};

/// Reserves and pays for the goods; a retry with the same key charges nothing.
pub async fn reserve(req: ReserveRequest) -> ApiResult<Reservation> {
    send(Request::post(&url("/shop/reservations")), &req).await
}

pub async fn my_reservations() -> ApiResult<ReservationsPage> {
    get("/shop/reservations?limit=50").await
}

pub async fn cancel_reservation(id: i64) -> ApiResult<Reservation> {
    let req = with_lang(Request::post(&url(&format!(
        "/shop/reservations/{id}/cancel"
    ))))
    .build();
    json(req).await
}

/// The path segment of a scanned QR or typed code.
fn pickup_path(code: &str) -> String {
    let code = String::from(js_sys::encode_uri_component(code.trim()));
    format!("/kiosk/pickups/{code}")
}

pub async fn pickup(code: &str) -> ApiResult<Reservation> {
    get(&pickup_path(code)).await
}

pub async fn collect_pickup(code: &str, pin: String) -> ApiResult<Reservation> {
    let path = format!("{}/collect", pickup_path(code));
    send(Request::post(&url(&path)), &CollectPickupRequest { pin }).await
}

/// Signs the kiosk out with an administrator's card (and its PIN).
pub async fn kiosk_sign_out(req: VerifyCardRequest) -> ApiResult<()> {
    send_empty(Request::post(&url("/kiosk/sign-out")), Some(&req)).await
}

// ---- service orders, ratings, notifications ----------------------------------------------

use crate::api::orders::{
    ApproveOrder, AssessmentLevel, CompleteOrder, CreateService, HandBackOrder, HideRequest,
    MarkRead, Notice, Order, OrderSummary, PlaceOrder, RateRequest, Rating, RatingSubject,
    RejectOrder, ReplyRequest, Scores, Service, TakeOrder, UnreadCount, UpdateService,
};

pub async fn services(q: &str) -> ApiResult<Vec<Service>> {
    let mut params: Vec<(&str, &str)> = Vec::new();
    if !q.trim().is_empty() {
        params.push(("q", q.trim()));
    }
    json(with_lang(Request::get(&url("/services")).query(params)).build()).await
}

pub async fn node_scores(node_id: i64) -> ApiResult<Scores> {
    get(&format!("/nodes/{node_id}/scores")).await
}

pub async fn assessment(level: AssessmentLevel) -> ApiResult<Vec<Scores>> {
    let level = match level {
        AssessmentLevel::Teams => "teams",
        AssessmentLevel::Communities => "communities",
    };
    get(&format!("/assessment?level={level}")).await
}

/// A team's whole list, retired services too.
pub async fn team_services(team_id: i64) -> ApiResult<Vec<Service>> {
    get(&format!("/services?team_id={team_id}")).await
}

pub async fn create_service(req: CreateService) -> ApiResult<Service> {
    send(Request::post(&url("/services")), &req).await
}

pub async fn update_service(id: i64, req: UpdateService) -> ApiResult<Service> {
    send(Request::patch(&url(&format!("/services/{id}"))), &req).await
}

pub async fn service(id: i64) -> ApiResult<Service> {
    get(&format!("/services/{id}")).await
}

pub async fn team_ratings(team_id: i64) -> ApiResult<Vec<Rating>> {
    get(&format!("/ratings?team_id={team_id}")).await
}

/// The ratings of an order, a session or a shop item.
pub async fn subject_ratings(subject: RatingSubject, id: i64) -> ApiResult<Vec<Rating>> {
    get(&format!(
        "/ratings?subject={}&subject_id={id}",
        subject.as_str()
    ))
    .await
}

pub async fn place_order(req: PlaceOrder) -> ApiResult<Order> {
    send(Request::post(&url("/orders")), &req).await
}

pub async fn my_service_orders() -> ApiResult<Vec<OrderSummary>> {
    get("/me/orders").await
}

pub async fn order_review_queue() -> ApiResult<Vec<OrderSummary>> {
    get("/orders/review").await
}

pub async fn order_pool() -> ApiResult<Vec<OrderSummary>> {
    get("/orders/pool").await
}

pub async fn order(id: i64) -> ApiResult<Order> {
    get(&format!("/orders/{id}")).await
}

/// What someone does to an order from its page, with what that action needs.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderMove {
    Approve(Option<i64>),
    Reject(RejectOrder),
    Cancel,
    Take,
    Start,
    HandBack(String),
    Complete(CompleteOrder),
}

pub async fn move_order(id: i64, m: OrderMove) -> ApiResult<Order> {
    let post = |verb: &str| Request::post(&url(&format!("/orders/{id}/{verb}")));
    match m {
        OrderMove::Approve(team_id) => send(post("approve"), &ApproveOrder { team_id }).await,
        OrderMove::Reject(r) => send(post("reject"), &r).await,
        OrderMove::Cancel => json(with_lang(post("cancel")).build()).await,
        OrderMove::Take => send(post("take"), &TakeOrder::default()).await,
        OrderMove::Start => json(with_lang(post("start")).build()).await,
        OrderMove::HandBack(reason) => send(post("hand-back"), &HandBackOrder { reason }).await,
        OrderMove::Complete(req) => send(post("complete"), &req).await,
    }
}

/// Rates an order one was served by, a session or course one attended or an item one took.
pub async fn rate(subject: RatingSubject, id: i64, req: RateRequest) -> ApiResult<Rating> {
    let path = match subject {
        RatingSubject::Order => format!("/orders/{id}/rating"),
        RatingSubject::Session => format!("/sessions/{id}/rating"),
        RatingSubject::ShopItem => format!("/shop/items/{id}/rating"),
        RatingSubject::Training => format!("/trainings/{id}/rating"),
        RatingSubject::Help => format!("/help/{id}/rating"),
    };
    send(Request::post(&url(&path)), &req).await
}

pub async fn edit_rating(id: i64, req: RateRequest) -> ApiResult<Rating> {
    send(Request::patch(&url(&format!("/ratings/{id}"))), &req).await
}

pub async fn reply_rating(id: i64, text: String) -> ApiResult<Rating> {
    let req = ReplyRequest { text };
    send(Request::post(&url(&format!("/ratings/{id}/reply"))), &req).await
}

pub async fn hide_rating(id: i64, reason: String) -> ApiResult<Rating> {
    let req = HideRequest { reason };
    send(Request::post(&url(&format!("/ratings/{id}/hide"))), &req).await
}

pub async fn notices(after: Option<i64>) -> ApiResult<Vec<Notice>> {
    match after {
        Some(a) => get(&format!("/notifications?after={a}")).await,
        None => get("/notifications").await,
    }
}

pub async fn unread_notices() -> ApiResult<UnreadCount> {
    get("/notifications/unread").await
}

pub async fn mark_notices_read(ids: Vec<i64>) -> ApiResult<()> {
    let req = MarkRead { ids };
    send_empty(Request::post(&url("/notifications/read")), Some(&req)).await
}

/// The live stream's address (an `EventSource` reads it; the browser resends
/// Last-Event-ID itself after a reconnect).
pub fn notice_stream_url() -> String {
    url("/notifications/stream")
}

// ---- statistics, open books, exports ----------------------------------------------------

pub async fn node_stats(
    node_id: i64,
    from: &str,
    to: &str,
) -> ApiResult<crate::api::stats::NodeStats> {
    let params = [("from", from), ("to", to)];
    json(with_lang(Request::get(&url(&format!("/stats/nodes/{node_id}"))).query(params)).build())
        .await
}

pub async fn open_books() -> ApiResult<crate::api::stats::OpenBooks> {
    get("/open-books").await
}

/// Downloads an export as it streams, telling `progress` the rows received so far, then
/// hands the file to the browser's downloads.
pub async fn download_export(
    kind: crate::api::stats::ExportKind,
    node_id: i64,
    from: &str,
    to: &str,
    progress: impl Fn(usize),
) -> ApiResult<()> {
    use wasm_bindgen::JsCast;
    let node = node_id.to_string();
    let mut params = vec![("node_id", node.as_str())];
    if !from.is_empty() {
        params.push(("from", from));
    }
    if !to.is_empty() {
        params.push(("to", to));
    }
    let path = url(&format!("/exports/{}", kind.as_str()));
    let resp = run(with_lang(Request::get(&path).query(params)).build()).await?;
    let name = resp
        .headers()
        .get("content-disposition")
        .and_then(|d| {
            d.split("filename=\"")
                .nth(1)
                .map(|n| n.trim_end_matches('"').to_string())
        })
        .unwrap_or_else(|| format!("linli-{}.csv", kind.as_str()));
    let body = resp.body().ok_or(ApiError::Network)?;
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let chunks = js_sys::Array::new();
    let mut rows = 0usize;
    loop {
        let step = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(|_| ApiError::Network)?;
        let done = js_sys::Reflect::get(&step, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            break;
        }
        let value = js_sys::Reflect::get(&step, &"value".into()).map_err(|_| ApiError::Network)?;
        let bytes: js_sys::Uint8Array = value.unchecked_into();
        rows += bytes.to_vec().iter().filter(|b| **b == b'\n').count();
        chunks.push(&bytes);
        progress(rows.saturating_sub(1));
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&chunks, &options)
        .map_err(|_| ApiError::Network)?;
    let href = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ApiError::Network)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(ApiError::Network)?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| ApiError::Network)?
        .unchecked_into();
    link.set_href(&href);
    link.set_download(&name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&href);
    Ok(())
}

// ---- one call, a hundred answers: alarms, the dispatch desk --------------------------------

use crate::api::alarms::{Alarm, Desk, RaiseAlarm, ResolveAlarm};

pub async fn raise_alarm(req: RaiseAlarm) -> ApiResult<Alarm> {
    send(Request::post(&url("/alarms")), &req).await
}

pub async fn my_alarms() -> ApiResult<Vec<Alarm>> {
    get("/alarms").await
}

pub async fn alarm(id: i64) -> ApiResult<Alarm> {
    get(&format!("/alarms/{id}")).await
}

pub async fn acknowledge_alarm(id: i64) -> ApiResult<Alarm> {
    send(
        Request::post(&url(&format!("/alarms/{id}/ack"))),
        &serde_json::json!({}),
    )
    .await
}

pub async fn resolve_alarm(id: i64, note: String) -> ApiResult<Alarm> {
    let req = ResolveAlarm { note };
    send(Request::post(&url(&format!("/alarms/{id}/resolve"))), &req).await
}

pub async fn dispatch_desk(community_id: i64) -> ApiResult<Desk> {
    get(&format!("/dispatch/{community_id}")).await
}

use crate::api::alarms::{CreateShift, Rota, Shift, ShiftKind, ShiftSignup};

/// The coverage board of a community for seven days from `from` (default today).
pub async fn rota(community_id: i64, from: Option<String>) -> ApiResult<Rota> {
    let path = url(&format!("/communities/{community_id}/rota"));
    let params: Vec<(&str, &str)> = from.iter().map(|f| ("from", f.as_str())).collect();
    json(with_lang(Request::get(&path).query(params)).build()).await
}

pub async fn create_shift(grid_id: i64, kind: ShiftKind, date: String) -> ApiResult<Shift> {
    let req = CreateShift { kind, date };
    send(
        Request::post(&url(&format!("/grids/{grid_id}/shifts"))),
        &req,
    )
    .await
}

/// Signs up for a shift: myself, or (`user_id`) a volunteer an arranger names.
pub async fn sign_up_for_shift(shift_id: i64, user_id: Option<i64>) -> ApiResult<Shift> {
    let req = ShiftSignup { user_id };
    send(
        Request::post(&url(&format!("/shifts/{shift_id}/signups"))),
        &req,
    )
    .await
}

pub async fn withdraw_from_shift(shift_id: i64, user_id: i64) -> ApiResult<Shift> {
    let path = format!("/shifts/{shift_id}/signups/{user_id}");
    json(with_lang(Request::delete(&url(&path))).build()).await
}

/// Checks a patrol volunteer in or out of a shift (no one named: oneself).
pub async fn patrol_attendance(
    shift_id: i64,
    req: crate::api::projects::AttendanceRequest,
) -> ApiResult<crate::api::alarms::PatrolAttendance> {
    let path = format!("/shifts/{shift_id}/attendance");
    send(Request::post(&url(&path)), &req).await
}

pub async fn write_log(
    req: crate::api::alarms::NewLogEntry,
) -> ApiResult<crate::api::alarms::LogEntry> {
    send(Request::post(&url("/patrol-log")), &req).await
}

use crate::api::alarms::{HelpRequest, LogHelpHours, PostHelp};

pub async fn post_help(req: PostHelp) -> ApiResult<HelpRequest> {
    send(Request::post(&url("/help")), &req).await
}

pub async fn my_help() -> ApiResult<Vec<HelpRequest>> {
    get("/help").await
}

/// "I can come" (`done`: false) or the resident's "it was done" (`done`: true).
pub async fn help_step(id: i64, done: bool) -> ApiResult<HelpRequest> {
    let step = if done { "done" } else { "answers" };
    send(
        Request::post(&url(&format!("/help/{id}/{step}"))),
        &serde_json::json!({}),
    )
    .await
}

/// A volunteer who came logs the time it took (again: the record already logged).
pub async fn help_hours(id: i64, minutes: i64) -> ApiResult<HelpRequest> {
    send(
        Request::post(&url(&format!("/help/{id}/hours"))),
        &LogHelpHours { minutes },
    )
    .await
}

// ---- trainings -----------------------------------------------------------------------

use crate::api::trainings::{
    CreateTraining, Enrolment, TraineeProgress, Training, TrainingAttendance,
};

/// Courses not yet over, soonest first.
pub async fn trainings() -> ApiResult<Vec<Training>> {
    get("/trainings").await
}

pub async fn my_trainings() -> ApiResult<Vec<Training>> {
    get("/me/trainings").await
}

pub async fn training(id: i64) -> ApiResult<Training> {
    get(&format!("/trainings/{id}")).await
}

pub async fn create_training(req: CreateTraining) -> ApiResult<Training> {
    send(Request::post(&url("/trainings")), &req).await
}

pub async fn enrol(id: i64) -> ApiResult<Enrolment> {
    let path = format!("/trainings/{id}/enrolment");
    json(with_lang(Request::post(&url(&path))).build()).await
}

pub async fn training_roster(id: i64) -> ApiResult<Vec<TraineeProgress>> {
    get(&format!("/trainings/{id}/roster")).await
}

pub async fn mark_training(session: i64, req: TrainingAttendance) -> ApiResult<TraineeProgress> {
    let path = format!("/training-sessions/{session}/attendance");
    send(Request::post(&url(&path)), &req).await
}

pub async fn training_certificate(id: i64) -> ApiResult<Certificate> {
    let path = format!("/trainings/{id}/certificate");
    json(with_lang(Request::post(&url(&path))).build()).await
}

// ---- requests to join a team -----------------------------------------------------------

use crate::api::{DeclineJoin, JoinRequest, NewJoinRequest};

pub async fn ask_to_join(node_id: i64) -> ApiResult<JoinRequest> {
    send(
        Request::post(&url("/join-requests")),
        &NewJoinRequest { node_id },
    )
    .await
}

pub async fn my_join_requests() -> ApiResult<Vec<JoinRequest>> {
    get("/me/join-requests").await
}

pub async fn pending_join_requests() -> ApiResult<Vec<JoinRequest>> {
    get("/join-requests").await
}

pub async fn accept_join(id: i64) -> ApiResult<()> {
    send_empty::<()>(
        Request::post(&url(&format!("/join-requests/{id}/accept"))),
        None,
    )
    .await
}

pub async fn decline_join(id: i64, reason: String) -> ApiResult<()> {
    send_empty(
        Request::post(&url(&format!("/join-requests/{id}/decline"))),
        Some(&DeclineJoin { reason }),
    )
    .await
}
