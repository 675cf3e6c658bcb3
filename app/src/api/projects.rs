//! The project board (志愿服务项目): projects published by teams, their sessions,
//! sign-ups with waitlists, check-in and out, hour records and their review, the
//! volunteer's record, notifications and service-record certificates.
//! Times are Unix seconds; durations are whole minutes.

use serde::{Deserialize, Serialize};

/// What a project is about. Trainings (培训) count apart from service in statistics and
/// earn no points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProjectCategory {
    /// 脱贫攻坚
    PovertyRelief,
    /// 助学支教
    Education,
    /// 医疗健康
    Health,
    /// 环境保护
    Environment,
    /// 乡村振兴
    RuralRevival,
    /// 法律援助
    LegalAid,
    /// 文化惠民
    Culture,
    /// 应急救援
    Emergency,
    /// 培训
    Training,
    /// 其他
    Other,
}

impl ProjectCategory {
    pub const ALL: [ProjectCategory; 10] = [
        ProjectCategory::PovertyRelief,
        ProjectCategory::Education,
        ProjectCategory::Health,
        ProjectCategory::Environment,
        ProjectCategory::RuralRevival,
        ProjectCategory::LegalAid,
        ProjectCategory::Culture,
        ProjectCategory::Emergency,
        ProjectCategory::Training,
        ProjectCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectCategory::PovertyRelief => "poverty_relief",
            ProjectCategory::Education => "education",
            ProjectCategory::Health => "health",
            ProjectCategory::Environment => "environment",
            ProjectCategory::RuralRevival => "rural_revival",
            ProjectCategory::LegalAid => "legal_aid",
            ProjectCategory::Culture => "culture",
            ProjectCategory::Emergency => "emergency",
            ProjectCategory::Training => "training",
            ProjectCategory::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ProjectCategory> {
        ProjectCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The Chinese name shown on the board and on certificates.
    pub fn zh(self) -> &'static str {
        match self {
            ProjectCategory::PovertyRelief => "脱贫攻坚",
            ProjectCategory::Education => "助学支教",
            ProjectCategory::Health => "医疗健康",
            ProjectCategory::Environment => "环境保护",
            ProjectCategory::RuralRevival => "乡村振兴",
            ProjectCategory::LegalAid => "法律援助",
            ProjectCategory::Culture => "文化惠民",
            ProjectCategory::Emergency => "应急救援",
            ProjectCategory::Training => "培训",
            ProjectCategory::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ProjectCategory::PovertyRelief => "Poverty relief",
            ProjectCategory::Education => "Education support",
            ProjectCategory::Health => "Health care",
            ProjectCategory::Environment => "Environment",
            ProjectCategory::RuralRevival => "Rural revival",
            ProjectCategory::LegalAid => "Legal aid",
            ProjectCategory::Culture => "Culture for all",
            ProjectCategory::Emergency => "Emergency rescue",
            ProjectCategory::Training => "Training",
            ProjectCategory::Other => "Other",
        }
    }

    pub fn is_training(self) -> bool {
        self == ProjectCategory::Training
    }
}

/// draft → submitted → published (a reviewer approved it) or rejected (with a reason,
/// editable and submitted again) → closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Draft,
    Submitted,
    Published,
    Rejected,
    Closed,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 5] = [
        ProjectStatus::Draft,
        ProjectStatus::Submitted,
        ProjectStatus::Published,
        ProjectStatus::Rejected,
        ProjectStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Draft => "draft",
            ProjectStatus::Submitted => "submitted",
            ProjectStatus::Published => "published",
            ProjectStatus::Rejected => "rejected",
            ProjectStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<ProjectStatus> {
        ProjectStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One session's times and places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSession {
    pub starts_at: i64,
    pub ends_at: i64,
    /// 1–1000 places.
    pub capacity: i64,
}

/// Repeat every given session weekly on these weekdays (1 = Monday … 7 = Sunday, Beijing
/// time) until the end of the local day of `until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Repeat {
    pub weekdays: Vec<u8>,
    pub until: i64,
}

/// `POST /projects`: a draft project of a team (its leader).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateProject {
    pub team_id: i64,
    pub title: String,
    pub category: ProjectCategory,
    #[serde(default)]
    pub description: String,
    /// Where, in words.
    pub place: String,
    /// A territory node (community or grid) for "near me".
    #[serde(default)]
    pub territory_id: Option<i64>,
    /// An activity code of the points rules (e.g. `clinic`), which prices the hours.
    pub activity: String,
    #[serde(default)]
    pub skills: Vec<String>,
    /// Sign-up opens (default: at once) and closes (default: each session's start).
    #[serde(default)]
    pub signup_opens_at: Option<i64>,
    #[serde(default)]
    pub signup_closes_at: Option<i64>,
    /// Cancelling a confirmed place is allowed until this many minutes before the start
    /// (default 180).
    #[serde(default)]
    pub cancel_cutoff_minutes: Option<i64>,
    #[serde(default)]
    pub sessions: Vec<NewSession>,
    #[serde(default)]
    pub repeat: Option<Repeat>,
}

/// `PATCH /projects/{id}`: change a draft or rejected project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateProject {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub category: Option<ProjectCategory>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub territory_id: Option<i64>,
    #[serde(default)]
    pub activity: Option<String>,
    #[serde(default)]
    pub skills: Option<Vec<String>>,
    #[serde(default)]
    pub signup_opens_at: Option<i64>,
    #[serde(default)]
    pub signup_closes_at: Option<i64>,
    #[serde(default)]
    pub cancel_cutoff_minutes: Option<i64>,
}

/// `POST /projects/{id}/sessions`: more sessions, optionally repeated weekly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddSessions {
    pub sessions: Vec<NewSession>,
    #[serde(default)]
    pub repeat: Option<Repeat>,
}

/// `POST /projects/{id}/reject`: why (shown to the team).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectProject {
    pub reason: String,
}

/// A session with its places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub id: i64,
    pub project_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub confirmed: i64,
    pub waitlisted: i64,
    pub places_left: i64,
}

/// The team that runs a project, with its rating once residents rate orders (null and 0
/// until then).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectTeam {
    pub node_id: i64,
    pub name: String,
    pub rating: Option<f64>,
    pub ratings: i64,
}

/// A project on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectSummary {
    pub id: i64,
    pub title: String,
    pub category: ProjectCategory,
    pub status: ProjectStatus,
    pub team: ProjectTeam,
    pub place: String,
    pub territory_id: Option<i64>,
    /// The first session not yet started.
    pub next_starts_at: Option<i64>,
    /// Places left over the sessions not yet started.
    pub places_left: i64,
    pub upcoming_sessions: i64,
}

/// A project with everything about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    pub id: i64,
    pub title: String,
    pub category: ProjectCategory,
    pub status: ProjectStatus,
    pub team: ProjectTeam,
    pub description: String,
    pub place: String,
    pub territory_id: Option<i64>,
    pub activity: String,
    pub skills: Vec<String>,
    pub signup_opens_at: Option<i64>,
    pub signup_closes_at: Option<i64>,
    pub cancel_cutoff_minutes: i64,
    /// Set while rejected.
    pub reject_reason: Option<String>,
    pub sessions: Vec<Session>,
    pub created_at: i64,
}

/// `GET /projects`: the board's filters. Dates are Unix seconds; a session counts when it
/// starts within `[from, to)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BoardQuery {
    #[serde(default)]
    pub category: Option<ProjectCategory>,
    #[serde(default)]
    pub from: Option<i64>,
    #[serde(default)]
    pub to: Option<i64>,
    /// A territory node: projects placed at it or anywhere below (community or grid).
    #[serde(default)]
    pub territory_id: Option<i64>,
    /// Only projects with a place left in an upcoming session.
    #[serde(default)]
    pub has_places: Option<bool>,
    #[serde(default)]
    pub team_id: Option<i64>,
}

/// `GET /manage/projects`: projects the caller leads or reviews, in any state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ManageQuery {
    #[serde(default)]
    pub status: Option<ProjectStatus>,
    #[serde(default)]
    pub team_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignupStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

impl SignupStatus {
    pub const ALL: [SignupStatus; 3] = [
        SignupStatus::Confirmed,
        SignupStatus::Waitlisted,
        SignupStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SignupStatus::Confirmed => "confirmed",
            SignupStatus::Waitlisted => "waitlisted",
            SignupStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<SignupStatus> {
        SignupStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A person's sign-up for a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signup {
    pub id: i64,
    pub session_id: i64,
    pub project_id: i64,
    pub project_title: String,
    pub category: ProjectCategory,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: SignupStatus,
    /// 1 = next to be promoted; set while waitlisted.
    pub waitlist_position: Option<i64>,
    /// Arrival order within the session (the order sign-ups were committed).
    pub arrival: i64,
    /// A confirmed place can be cancelled until then.
    pub cancel_until: i64,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub created_at: i64,
}

/// What a team leader records at the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttendanceAction {
    CheckIn,
    CheckOut,
    NoShow,
}

/// `POST /sessions/{id}/attendance`: who (a tapped name's `user_id`, a scanned `qr` —
/// the phone's live token or the printed card — or a typed `card_number`, with the
/// card's `pin` when the leader has it) and, when recorded afterwards, `at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceRequest {
    pub action: AttendanceAction,
    #[serde(default)]
    pub user_id: Option<i64>,
    #[serde(default)]
    pub qr: Option<String>,
    #[serde(default)]
    pub card_number: Option<String>,
    #[serde(default)]
    pub pin: Option<String>,
    /// When it happened (default: now); not before two hours ahead of the start, not in
    /// the future.
    #[serde(default)]
    pub at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HoursStatus {
    /// Recorded at check-out; the leader may still edit it.
    Draft,
    /// Submitted by the leader, waiting for a reviewer.
    Pending,
    Approved,
    Rejected,
}

impl HoursStatus {
    pub const ALL: [HoursStatus; 4] = [
        HoursStatus::Draft,
        HoursStatus::Pending,
        HoursStatus::Approved,
        HoursStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HoursStatus::Draft => "draft",
            HoursStatus::Pending => "pending",
            HoursStatus::Approved => "approved",
            HoursStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<HoursStatus> {
        HoursStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One person's hours at one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HourRecord {
    pub id: i64,
    /// The project session served; none for hours logged on a service order.
    pub session_id: Option<i64>,
    pub project_id: Option<i64>,
    /// The service order served, when the hours were logged on its completion.
    pub order_id: Option<i64>,
    /// The project's title, or the ordered service's.
    pub project_title: String,
    pub category: ProjectCategory,
    pub training: bool,
    pub user_id: i64,
    pub user_name: String,
    pub starts_at: i64,
    pub checked_in_at: i64,
    pub checked_out_at: i64,
    /// From check-in and check-out, rounded to the nearest half hour.
    pub computed_minutes: i64,
    /// What counts: the computed minutes unless a leader edited them.
    pub minutes: i64,
    /// Why the leader changed the minutes.
    pub edit_reason: Option<String>,
    pub status: HoursStatus,
    pub reject_reason: Option<String>,
    /// Points earned on approval (0 for trainings or when a cap left no room).
    pub points: Option<i64>,
    pub transfer_id: Option<i64>,
}

/// One line of a session's roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub signup_id: i64,
    pub user_id: i64,
    pub name: String,
    /// Masked: 138****0001.
    pub phone: String,
    pub status: SignupStatus,
    pub waitlist_position: Option<i64>,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub no_show: bool,
    pub hours: Option<HourRecord>,
}

/// `GET /sessions/{id}/roster`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Roster {
    pub project_id: i64,
    pub project_title: String,
    pub session: Session,
    pub entries: Vec<RosterEntry>,
}

/// `PATCH /hours/{id}`: the leader corrects the minutes; a reason is required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditHours {
    pub minutes: i64,
    pub reason: String,
}

/// `POST /review/hours`: approve or reject hour records in bulk (a reason to reject).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursDecision {
    pub ids: Vec<i64>,
    pub approve: bool,
    #[serde(default)]
    pub reason: Option<String>,
}

/// `GET /review/hours`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct HoursQuery {
    /// Default: pending.
    #[serde(default)]
    pub status: Option<HoursStatus>,
}

/// `GET /me/hours`: my hour records and the totals (信用时长 = approved service minutes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyHours {
    pub pending_minutes: i64,
    pub approved_minutes: i64,
    pub training_minutes: i64,
    pub records: Vec<HourRecord>,
}

/// A message for one person (e.g. "you moved up from the waitlist").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    /// `promoted`: a place opened and the waitlisted sign-up is now confirmed.
    pub kind: String,
    pub text: String,
    pub project_id: Option<i64>,
    pub session_id: Option<i64>,
    pub created_at: i64,
}

/// A project in a volunteer's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordProject {
    /// None for the service orders of one service.
    pub project_id: Option<i64>,
    pub title: String,
    pub category: ProjectCategory,
    pub team: String,
    pub sessions: i64,
    /// Approved minutes.
    pub minutes: i64,
    pub points: i64,
}

/// `GET /me/record`: my service history (approved hours only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerRecord {
    pub user_id: i64,
    pub name: String,
    pub service_minutes: i64,
    pub training_minutes: i64,
    pub pending_minutes: i64,
    pub points_earned: i64,
    pub projects: Vec<RecordProject>,
}

/// A line of a certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateLine {
    pub title: String,
    pub category: String,
    pub team: String,
    pub minutes: i64,
}

/// What a certificate attests. Its signature covers this object as JSON with keys sorted
/// and no spaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateFacts {
    pub code: String,
    pub name: String,
    pub service_minutes: i64,
    pub training_minutes: i64,
    pub points_earned: i64,
    pub projects: Vec<CertificateLine>,
    pub issued_at: i64,
    pub issuer: String,
}

/// A service-record certificate (志愿服务记录证明); open `verify_path` to check it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Certificate {
    pub code: String,
    pub facts: CertificateFacts,
    /// The platform's Ed25519 signature of the facts (hex), made when issued.
    pub signature: String,
    /// The platform's public key (hex) the signature is checked with.
    pub public_key: String,
    /// Whether the signature checks out over the facts as stored now (false: changed
    /// since issue, or never signed).
    pub valid: bool,
    /// The public page the certificate's QR code opens.
    pub verify_path: String,
}

/// `GET /stats/projects`: figures of the board under an organisation node (default: all).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct StatsQuery {
    #[serde(default)]
    pub node_id: Option<i64>,
}

/// The board's figures; approved training hours are counted apart from service hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectStats {
    /// Published or closed projects.
    pub projects: i64,
    pub trainings: i64,
    pub sessions: i64,
    /// Confirmed sign-ups.
    pub signups: i64,
    /// People with approved service hours.
    pub volunteers: i64,
    pub service_minutes: i64,
    pub training_minutes: i64,
    /// Points earned from approved hour records.
    pub points_issued: i64,
}
