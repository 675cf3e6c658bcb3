//! 项目: the board, a project, sign-ups, records, leaders' and reviewers' pages, rosters
//! and certificates.

pub mod board;
pub mod certificate;
pub mod detail;
pub mod leader;
pub mod record;
pub mod review;
pub mod roster;
pub mod signups;
