//! Training courses (培训, S8): a course organised by a team or branch, with one or more
//! sessions; trainees enrol in the whole course within its capacity.

use serde::{Deserialize, Serialize};

/// One session of a course: when it starts and ends (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTrainingSession {
    pub starts_at: i64,
    pub ends_at: i64,
}

/// `POST /trainings`: a team leader or admin drafts a course for an organisation node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTraining {
    /// The organising team or branch.
    pub node_id: i64,
    pub title: String,
    /// What is taught: up to 10 topics.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Who teaches, in words.
    pub trainer: String,
    /// Where, in words.
    pub place: String,
    /// 1–1000 places for the whole course.
    pub capacity: i64,
    /// One or more sessions.
    pub sessions: Vec<NewTrainingSession>,
    /// Sessions a trainee attends to complete the course (default: all of them).
    #[serde(default)]
    pub sessions_required: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingSession {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// A course with its sessions and places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Training {
    pub id: i64,
    pub node_id: i64,
    /// The organising team or branch, by name.
    pub organiser: String,
    pub title: String,
    pub topics: Vec<String>,
    pub trainer: String,
    pub place: String,
    pub capacity: i64,
    pub enrolled: i64,
    pub places_left: i64,
    /// Distinct calendar days (Beijing) the sessions fall on.
    pub days: i64,
    pub sessions: Vec<TrainingSession>,
    /// Sessions a trainee attends to complete the course.
    pub sessions_required: i64,
    /// Whether the person asking is enrolled, how many sessions they attended, and
    /// whether that completes the course.
    pub me_enrolled: bool,
    pub me_attended: i64,
    pub me_completed: bool,
    /// Whether the person asking organises it (leads or administers its node): they take
    /// the attendance.
    pub me_organiser: bool,
}

/// A place on a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolment {
    pub id: i64,
    pub training_id: i64,
    pub user_id: i64,
    pub enrolled_at: i64,
}

/// `POST /training-sessions/{id}/attendance`: the organiser marks an enrolled trainee
/// present (or takes the mark back).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingAttendance {
    pub user_id: i64,
    pub present: bool,
}

/// A trainee's progress through a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraineeProgress {
    pub user_id: i64,
    pub name: String,
    /// Sessions attended.
    pub attended: i64,
    /// Training time of the sessions attended, in minutes (not service hours).
    pub minutes: i64,
    pub completed: bool,
    /// The sessions (ids) they were marked present at.
    pub present: Vec<i64>,
}
