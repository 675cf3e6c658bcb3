//! One call, a hundred answers (一呼百应, S7): volunteers' skills, the patrol rota's
//! shifts, the one-key alarm with its escalation ladder, and the dispatch desk. Times are
//! Unix seconds.

use serde::{Deserialize, Serialize};

/// What a volunteer can help with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    Medical,
    Legal,
    Electrician,
    Plumbing,
    ElderlyCare,
    Counselling,
}

impl Skill {
    pub const ALL: [Skill; 6] = [
        Skill::Medical,
        Skill::Legal,
        Skill::Electrician,
        Skill::Plumbing,
        Skill::ElderlyCare,
        Skill::Counselling,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Skill::Medical => "medical",
            Skill::Legal => "legal",
            Skill::Electrician => "electrician",
            Skill::Plumbing => "plumbing",
            Skill::ElderlyCare => "elderly_care",
            Skill::Counselling => "counselling",
        }
    }

    pub fn parse(s: &str) -> Option<Skill> {
        Skill::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// `GET`/`PUT /me/skills`: my skills as a volunteer (a `PUT` replaces them all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Skills {
    pub skills: Vec<Skill>,
}

/// A patrol shift's kind: the morning and evening rounds, and the 24-hour gate duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShiftKind {
    Morning,
    Evening,
    Gate,
}

impl ShiftKind {
    pub const ALL: [ShiftKind; 3] = [ShiftKind::Morning, ShiftKind::Evening, ShiftKind::Gate];

    pub fn as_str(self) -> &'static str {
        match self {
            ShiftKind::Morning => "morning",
            ShiftKind::Evening => "evening",
            ShiftKind::Gate => "gate",
        }
    }

    pub fn parse(s: &str) -> Option<ShiftKind> {
        ShiftKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Local (Beijing) hours `[from, to)` of the shift on its day.
    pub fn hours(self) -> (i64, i64) {
        match self {
            ShiftKind::Morning => (7, 12),
            ShiftKind::Evening => (18, 22),
            ShiftKind::Gate => (0, 24),
        }
    }
}

/// `POST /grids/{id}/shifts`: a shift on a local date (`2026-12-03`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateShift {
    pub kind: ShiftKind,
    pub date: String,
}

/// `POST /shifts/{id}/signups`: a patrol volunteer signs up, or (`user_id`) a grid
/// worker or dispatcher fills a gap with one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftSignup {
    #[serde(default)]
    pub user_id: Option<i64>,
}

/// A person on a shift, as the dispatcher sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnShift {
    pub user_id: i64,
    pub name: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shift {
    pub id: i64,
    pub grid_id: i64,
    pub grid_name: String,
    pub kind: ShiftKind,
    pub starts_at: i64,
    pub ends_at: i64,
    pub wanted: i64,
    pub people: Vec<OnShift>,
}

/// Where an alarm is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlarmState {
    /// Nobody has said "I'm going" yet: the ladder climbs at each deadline.
    Open,
    /// Someone is on the way.
    Acknowledged,
    Resolved,
}

impl AlarmState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlarmState::Open => "open",
            AlarmState::Acknowledged => "acknowledged",
            AlarmState::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<AlarmState> {
        [
            AlarmState::Open,
            AlarmState::Acknowledged,
            AlarmState::Resolved,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// The rungs of the escalation ladder, in order.
pub const LEVEL_GRID: i64 = 0;
/// Every on-duty patrol volunteer of the community.
pub const LEVEL_COMMUNITY: i64 = 1;
/// The leaders of the patrol volunteers' teams.
pub const LEVEL_LEADERS: i64 = 2;
/// The configured outside responders (police post, property security), for the
/// dispatcher to call.
pub const LEVEL_OUTSIDE: i64 = 3;

/// `POST /alarms`: the red button. `key` is the phone's own id for this press, so a
/// press retried after a lost answer is the same alarm.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaiseAlarm {
    pub grid_id: i64,
    /// A few words: what is happening, where exactly.
    #[serde(default)]
    pub text: String,
    /// The browser's location, where the person allowed it.
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub key: Option<String>,
}

/// `POST /alarms/{id}/resolve`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResolveAlarm {
    pub note: String,
}

/// What happened at one step of an alarm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlarmStep {
    Raised,
    Acknowledged,
    Escalated,
    Resolved,
}

impl AlarmStep {
    pub fn as_str(self) -> &'static str {
        match self {
            AlarmStep::Raised => "raised",
            AlarmStep::Acknowledged => "acknowledged",
            AlarmStep::Escalated => "escalated",
            AlarmStep::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<AlarmStep> {
        [
            AlarmStep::Raised,
            AlarmStep::Acknowledged,
            AlarmStep::Escalated,
            AlarmStep::Resolved,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One step on an alarm's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlarmEvent {
    pub step: AlarmStep,
    /// The ladder's rung after this step.
    pub level: i64,
    /// Who acted (none for an escalation, which the clock does).
    pub actor_name: Option<String>,
    /// How many people this step reached.
    pub reached: i64,
    pub note: String,
    pub at: i64,
}

/// An outside responder the dispatcher calls at the top of the ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Responder {
    pub name: String,
    pub phone: String,
}

/// An alarm as the caller may see it. The sender's phone goes only to the dispatchers
/// and the people it reached; the outside responders only to dispatchers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alarm {
    pub id: i64,
    pub grid_id: i64,
    pub grid_name: String,
    pub community_id: i64,
    pub raised_by_name: String,
    pub raised_by_phone: Option<String>,
    pub text: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub state: AlarmState,
    pub level: i64,
    /// The stored deadline of the next ladder step.
    pub escalate_at: Option<i64>,
    pub acked_by_name: Option<String>,
    pub created_at: i64,
    pub resolved_at: Option<i64>,
    pub resolution: String,
    pub timeline: Vec<AlarmEvent>,
    pub responders: Vec<Responder>,
    /// The caller may say "I'm going".
    pub can_ack: bool,
    /// The caller may close it with a note.
    pub can_resolve: bool,
}

/// Who is on duty in one grid now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridDuty {
    pub grid_id: i64,
    pub grid_name: String,
    pub people: Vec<OnShift>,
}

/// `GET /dispatch/{community_id}`: the dispatch desk. Open alarms first (oldest first),
/// then the ones closed today; the help requests not yet done (oldest first); who is on
/// duty in each grid now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Desk {
    pub community_id: i64,
    pub community_name: String,
    pub alarms: Vec<Alarm>,
    #[serde(default)]
    pub help: Vec<HelpRequest>,
    pub on_duty: Vec<GridDuty>,
    /// Today's patrol log of the community, newest first.
    #[serde(default)]
    pub log: Vec<LogEntry>,
}

/// How soon help is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Low,
    Normal,
    Urgent,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
        }
    }

    pub fn parse(s: &str) -> Option<Urgency> {
        [Urgency::Low, Urgency::Normal, Urgency::Urgent]
            .into_iter()
            .find(|u| u.as_str() == s)
    }
}

/// Where a help request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HelpState {
    /// Places are left.
    Open,
    /// As many have answered as were wanted.
    Full,
    /// The resident confirmed it was done.
    Done,
}

impl HelpState {
    pub fn as_str(self) -> &'static str {
        match self {
            HelpState::Open => "open",
            HelpState::Full => "full",
            HelpState::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<HelpState> {
        [HelpState::Open, HelpState::Full, HelpState::Done]
            .into_iter()
            .find(|u| u.as_str() == s)
    }
}

/// `POST /help`: a resident's need. `skill` is the kind of help (none: anyone can).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostHelp {
    pub grid_id: i64,
    #[serde(default)]
    pub skill: Option<Skill>,
    pub urgency: Urgency,
    /// Where exactly (building, door): shown only to the volunteers accepted.
    pub place: String,
    pub text: String,
    /// How many volunteers are wanted (1–10).
    pub places: i64,
}

/// `POST /help/{id}/hours`: the time a volunteer who came spent on it (1 minute to 24
/// hours), for review and points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogHelpHours {
    pub minutes: i64,
}

/// A step in a help request's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HelpStep {
    /// Posted and offered to the grid's volunteers whose skills match.
    Posted,
    /// Not enough came in time: offered to the whole community once.
    Widened,
    /// A volunteer answered "I can come".
    Answered,
    /// The resident confirmed it was done.
    Done,
}

impl HelpStep {
    pub fn as_str(self) -> &'static str {
        match self {
            HelpStep::Posted => "posted",
            HelpStep::Widened => "widened",
            HelpStep::Answered => "answered",
            HelpStep::Done => "done",
        }
    }
}

/// One line of a help request's timeline: who (for an answer), how many people a round
/// reached, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpEvent {
    pub step: HelpStep,
    pub who: Option<String>,
    pub reached: i64,
    pub at: i64,
}

/// A volunteer who answered "I can come".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Helper {
    pub name: String,
    /// Shown to the resident who asked only.
    pub phone: Option<String>,
}

/// A help request as the caller may see it: the place and the resident's phone go only
/// to the resident and the volunteers accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpRequest {
    pub id: i64,
    pub grid_id: i64,
    pub grid_name: String,
    pub requester_name: String,
    pub requester_phone: Option<String>,
    pub place: Option<String>,
    pub skill: Option<Skill>,
    pub urgency: Urgency,
    pub text: String,
    pub places: i64,
    pub state: HelpState,
    pub helpers: Vec<Helper>,
    pub created_at: i64,
    pub done_at: Option<i64>,
    /// The resident's photo, if any (served by its unguessable name to whoever is shown
    /// the request).
    #[serde(default)]
    pub photo: Option<crate::api::shop::Photo>,
    /// When it goes to the whole community if still short of people.
    #[serde(default)]
    pub widen_at: Option<i64>,
    /// Posted, sent wider, each answer, done: oldest first.
    #[serde(default)]
    pub timeline: Vec<HelpEvent>,
    /// The resident's rating once done (shown to the resident and the volunteers who
    /// came; plain text).
    #[serde(default)]
    pub rating: Option<crate::api::orders::Rating>,
    /// The caller asked, it is done and not rated yet.
    #[serde(default)]
    pub can_rate: bool,
    /// The caller came: their hours for it, once logged (then reviewed → points).
    #[serde(default)]
    pub my_hours: Option<crate::api::projects::HourRecord>,
    /// The caller came, it is done and their hours are not logged yet.
    #[serde(default)]
    pub can_log_hours: bool,
    /// The caller may answer "I can come".
    pub can_answer: bool,
    /// The caller asked for it (and may confirm it was done).
    #[serde(default)]
    pub mine: bool,
}

/// How well a rota cell is covered: everyone wanted, some, or nobody (also when the
/// shift was never added).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    Filled,
    Short,
    Empty,
}

impl Coverage {
    pub fn of(filled: usize, wanted: i64) -> Coverage {
        match filled as i64 {
            0 => Coverage::Empty,
            n if n >= wanted => Coverage::Filled,
            _ => Coverage::Short,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Filled => "filled",
            Coverage::Short => "short",
            Coverage::Empty => "empty",
        }
    }
}

/// One shift kind on one day of one grid on the coverage board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotaCell {
    /// Midnight (Beijing) of the day.
    pub day: i64,
    pub kind: ShiftKind,
    /// None: the shift was not added yet.
    pub shift_id: Option<i64>,
    pub starts_at: i64,
    pub wanted: i64,
    /// The names of the people on it, in sign-up order.
    pub people: Vec<String>,
    pub coverage: Coverage,
    /// The caller is on it.
    pub mine: bool,
    /// The caller may sign up (a patrol volunteer of the grid, places left, not begun).
    pub can_sign_up: bool,
    /// The caller may withdraw (on it, not begun).
    pub can_withdraw: bool,
    /// The caller's own check-in and check-out on it.
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    /// The caller is on it and it may be checked in or out now.
    pub can_attend: bool,
}

/// A patrol volunteer of a grid, whom its arrangers may put on a shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Patroller {
    pub user_id: i64,
    pub name: String,
}

/// One grid's row of the coverage board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotaGrid {
    pub grid_id: i64,
    pub grid_name: String,
    /// The caller arranges this grid's rota (grid worker or dispatcher over it).
    pub can_arrange: bool,
    /// The grid's patrol volunteers (only for those who arrange it).
    pub patrollers: Vec<Patroller>,
    /// Day by day, morning, evening, gate.
    pub cells: Vec<RotaCell>,
}

/// `GET /communities/{id}/rota?from=2026-12-03`: the coverage board of a community's
/// grids for seven days from `from` (default today, Beijing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rota {
    pub community_id: i64,
    pub community_name: String,
    /// Midnight (Beijing) of each day shown.
    pub days: Vec<i64>,
    pub grids: Vec<RotaGrid>,
}

/// The query of `GET /communities/{id}/rota`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RotaQuery {
    /// The first day (`2026-12-03`); default today.
    #[serde(default)]
    pub from: Option<String>,
}

/// `POST /shifts/{id}/attendance` answers with the person's line: their check-in and
/// check-out, and the hour record the check-out gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatrolAttendance {
    pub shift_id: i64,
    pub user_id: i64,
    pub name: String,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub hours: Option<crate::api::projects::HourRecord>,
}

/// What a patrol log entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    Fire,
    StreetStall,
    Medical,
    Dispute,
    Sanitation,
    Other,
}

impl LogKind {
    pub const ALL: [LogKind; 6] = [
        LogKind::Fire,
        LogKind::StreetStall,
        LogKind::Medical,
        LogKind::Dispute,
        LogKind::Sanitation,
        LogKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LogKind::Fire => "fire",
            LogKind::StreetStall => "street_stall",
            LogKind::Medical => "medical",
            LogKind::Dispute => "dispute",
            LogKind::Sanitation => "sanitation",
            LogKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<LogKind> {
        LogKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// `POST /patrol-log`: an observation or incident in a grid, in a few words (1–200).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewLogEntry {
    pub grid_id: i64,
    pub kind: LogKind,
    pub text: String,
}

/// One entry of the patrol log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogEntry {
    pub id: i64,
    pub grid_id: i64,
    pub grid_name: String,
    pub kind: LogKind,
    pub text: String,
    pub author_name: String,
    pub created_at: i64,
    pub photo: Option<crate::api::shop::Photo>,
}
