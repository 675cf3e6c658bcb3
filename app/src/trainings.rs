//! Pure rules of training courses (培训) both sides use: checking a course's fields and
//! sessions, how many attended sessions complete it, and the organiser's form.

use std::collections::BTreeSet;

use crate::api::projects::NewSession;
use crate::api::trainings::{CreateTraining, NewTrainingSession};
use crate::clock;
use crate::projects::{self as project_rules, MAX_CAPACITY, MAX_SESSIONS};
use crate::validate::{self, invalid, Checked, Invalid, Problem};

/// Topics a course may list.
pub const MAX_TOPICS: usize = 10;

/// Who teaches, in words: 1–40 characters.
pub fn trainer(raw: &str) -> Checked<String> {
    validate::text("trainer", raw, 1, 40)
}

/// Places on the whole course: 1–1000.
pub fn capacity(n: i64) -> Checked<i64> {
    validate::in_range("capacity", n, 1, MAX_CAPACITY)
}

/// Up to ten topics of 1–40 characters; blanks dropped, duplicates refused.
pub fn topics(raw: &[String]) -> Checked<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for t in raw.iter().filter(|t| !t.trim().is_empty()) {
        let t = validate::text("topics", t, 1, 40)?;
        if out.contains(&t) {
            return Err(invalid("topics", Problem::Duplicate));
        }
        out.push(t);
    }
    if out.len() > MAX_TOPICS {
        return Err(invalid(
            "topics",
            Problem::OutOfRange {
                min: 0,
                max: MAX_TOPICS as i64,
            },
        ));
    }
    Ok(out)
}

/// One or more sessions, each checked as a project session is (in the future, at most a
/// day long), sorted, repeats dropped.
pub fn sessions(raw: &[NewTrainingSession], now: i64) -> Checked<Vec<NewTrainingSession>> {
    if raw.is_empty() || raw.len() > MAX_SESSIONS {
        return Err(invalid(
            "sessions",
            Problem::OutOfRange {
                min: 1,
                max: MAX_SESSIONS as i64,
            },
        ));
    }
    let mut out = Vec::with_capacity(raw.len());
    for s in raw {
        let checked = project_rules::session(
            &NewSession {
                starts_at: s.starts_at,
                ends_at: s.ends_at,
                capacity: 1,
            },
            now,
        )?;
        out.push(NewTrainingSession {
            starts_at: checked.starts_at,
            ends_at: checked.ends_at,
        });
    }
    out.sort_by_key(|s| (s.starts_at, s.ends_at));
    out.dedup();
    Ok(out)
}

/// How many attended sessions complete a course of `count` sessions: all by default.
pub fn sessions_required(raw: Option<i64>, count: usize) -> Checked<i64> {
    validate::in_range(
        "sessions_required",
        raw.unwrap_or(count as i64),
        1,
        count as i64,
    )
}

/// How many calendar days (Beijing) the sessions fall on.
pub fn days(starts: impl Iterator<Item = i64>) -> i64 {
    starts.map(clock::day_start).collect::<BTreeSet<_>>().len() as i64
}

/// The organiser's form as typed: one line per session, each a date and two times.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainingForm {
    pub node_id: Option<i64>,
    pub title: String,
    /// Topics separated by commas (either width) or 、.
    pub topics: String,
    pub trainer: String,
    pub place: String,
    pub capacity: String,
    /// (day as `YYYY-MM-DD`, start `HH:MM`, end `HH:MM`) per session.
    pub sessions: Vec<(String, String, String)>,
    /// Empty: every session.
    pub sessions_required: String,
}

/// A session line of the form: its start and end (Beijing), or the field at fault.
fn session_line((day, from, to): &(String, String, String)) -> Checked<NewTrainingSession> {
    let at = |time: &str, field| {
        clock::parse_local(&format!("{}T{}", day.trim(), time.trim()))
            .ok_or(invalid(field, Problem::Required))
    };
    Ok(NewTrainingSession {
        starts_at: at(from, "starts_at")?,
        ends_at: at(to, "ends_at")?,
    })
}

/// Checks the organiser's form, every field at once, into the request the server takes
/// (which checks it again).
pub fn check_training(f: &TrainingForm, now: i64) -> Result<CreateTraining, Vec<Invalid>> {
    let mut out = Vec::new();
    let mut keep = |r: Result<(), Invalid>| {
        if let Err(e) = r {
            out.push(e);
        }
    };
    let node_id = f.node_id.ok_or(invalid("node_id", Problem::Required));
    let title = project_rules::title(&f.title);
    let split: Vec<String> = f
        .topics
        .split([',', '，', '、'])
        .map(str::to_string)
        .collect();
    let topics = topics(&split);
    let trainer = trainer(&f.trainer);
    let place = project_rules::place(&f.place);
    let capacity = f
        .capacity
        .trim()
        .parse::<i64>()
        .map_err(|_| invalid("capacity", Problem::Required))
        .and_then(capacity);
    let lines: Checked<Vec<NewTrainingSession>> = f.sessions.iter().map(session_line).collect();
    let sessions = lines.and_then(|l| sessions(&l, now));
    let required = match f.sessions_required.trim() {
        "" => Ok(None),
        raw => raw
            .parse::<i64>()
            .map(Some)
            .map_err(|_| invalid("sessions_required", Problem::Required)),
    };
    let required = match (&required, &sessions) {
        (Ok(r), Ok(s)) => sessions_required(*r, s.len()).map(Some),
        (Err(e), _) => Err(*e),
        (Ok(_), Err(_)) => Ok(None),
    };
    keep(node_id.map(drop));
    keep(title.as_ref().map(drop).map_err(|e| *e));
    keep(topics.as_ref().map(drop).map_err(|e| *e));
    keep(trainer.as_ref().map(drop).map_err(|e| *e));
    keep(place.as_ref().map(drop).map_err(|e| *e));
    keep(capacity.map(drop));
    keep(sessions.as_ref().map(drop).map_err(|e| *e));
    keep(required.map(drop));
    if !out.is_empty() {
        return Err(out);
    }
    Ok(CreateTraining {
        node_id: node_id.expect("checked"),
        title: title.expect("checked"),
        topics: topics.expect("checked"),
        trainer: trainer.expect("checked"),
        place: place.expect("checked"),
        capacity: capacity.expect("checked"),
        sessions_required: required.expect("checked"),
        sessions: sessions.expect("checked"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_beijing_dates() {
        // 2026-03-02 09:00 and 14:00 Beijing are one day; 2026-03-03 01:00 Beijing
        // (17:00 UTC the day before) is the next.
        let d1 = 1_772_413_200; // 2026-03-02 01:00 UTC = 09:00 Beijing
        assert_eq!(days([d1, d1 + 5 * 3600].into_iter()), 1);
        assert_eq!(days([d1, d1 + 16 * 3600].into_iter()), 2);
    }

    #[test]
    fn topics_drop_blanks_and_refuse_repeats() {
        let ok = topics(&["急救".into(), " ".into(), "心理疏导".into()]).unwrap();
        assert_eq!(ok, vec!["急救", "心理疏导"]);
        assert!(topics(&["急救".into(), "急救 ".into()]).is_err());
    }

    fn form() -> TrainingForm {
        TrainingForm {
            node_id: Some(7),
            title: "应急救护培训".into(),
            topics: "心肺复苏，止血包扎、AED 使用".into(),
            trainer: "陈医生".into(),
            place: "社区党群服务中心".into(),
            capacity: "20".into(),
            sessions: vec![
                ("2026-03-03".into(), "09:00".into(), "11:30".into()),
                ("2026-03-02".into(), "09:00".into(), "11:30".into()),
            ],
            sessions_required: String::new(),
        }
    }

    #[test]
    fn a_filled_form_becomes_the_request_with_sessions_in_order() {
        let now = 1_772_000_000; // 2026-02-25
        let req = check_training(&form(), now).unwrap();
        assert_eq!(req.topics, vec!["心肺复苏", "止血包扎", "AED 使用"]);
        assert_eq!(req.capacity, 20);
        assert_eq!(req.sessions.len(), 2);
        // 2026-03-02 09:00 Beijing = 01:00 UTC.
        assert_eq!(req.sessions[0].starts_at, 1_772_413_200);
        assert_eq!(req.sessions[0].ends_at, 1_772_413_200 + 150 * 60);
        assert_eq!(req.sessions_required, Some(2));
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let f = TrainingForm {
            node_id: None,
            title: " ".into(),
            capacity: "0".into(),
            sessions_required: "3".into(),
            ..form()
        };
        let fields: Vec<_> = check_training(&f, 1_772_000_000)
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            vec!["node_id", "title", "capacity", "sessions_required"]
        );
    }

    #[test]
    fn a_session_in_the_past_or_ending_before_it_starts_is_refused() {
        let mut f = form();
        f.sessions = vec![("2026-03-02".into(), "11:00".into(), "09:00".into())];
        let p = check_training(&f, 1_772_000_000).unwrap_err();
        assert_eq!(p[0].field, "ends_at");
        let p = check_training(&form(), 1_773_000_000).unwrap_err();
        assert_eq!(p[0].field, "starts_at");
    }
}
