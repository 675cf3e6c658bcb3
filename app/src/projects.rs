//! Pure rules of the project board both sides use: checking a project's fields,
//! expanding weekly sessions, the cancellation cutoff, the sign-up window and rounding
//! attended time to the nearest half hour.

use crate::api::projects::NewSession;
use crate::validate::{Checked, Invalid, Problem};

/// Day of the week of a Unix time in Beijing: 1 = Monday … 7 = Sunday.
pub use crate::clock::weekday;
use crate::clock::{self, DAY};

/// Default: a confirmed place may be cancelled until three hours before the start.
pub const DEFAULT_CANCEL_CUTOFF_MINUTES: i64 = 180;
/// Most sessions one request may create (after expanding a repeat).
pub const MAX_SESSIONS: usize = 200;
/// Attended time is rounded to this step.
pub const ROUNDING_MINUTES: i64 = 30;
/// Places in one session.
pub const MAX_CAPACITY: i64 = 1000;

fn invalid(field: &'static str, problem: Problem) -> Invalid {
    Invalid { field, problem }
}

fn text(field: &'static str, raw: &str, max: usize, required: bool) -> Checked<String> {
    let t = raw.trim();
    let n = t.chars().count();
    if n == 0 && required {
        return Err(invalid(field, Problem::Required));
    }
    if n > max {
        return Err(invalid(field, Problem::TooLong { max }));
    }
    Ok(t.to_string())
}

/// A project title: 1–64 characters.
pub fn title(raw: &str) -> Checked<String> {
    text("title", raw, 64, true)
}

/// A place in words: 1–100 characters.
pub fn place(raw: &str) -> Checked<String> {
    text("place", raw, 100, true)
}

/// A description: up to 2000 characters.
pub fn description(raw: &str) -> Checked<String> {
    text("description", raw, 2000, false)
}

/// Required skills: up to 10, each 1–20 characters; blanks dropped, duplicates refused.
pub fn skills(raw: &[String]) -> Checked<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for s in raw {
        let s = text("skills", s, 20, false)?;
        if s.is_empty() {
            continue;
        }
        if out.contains(&s) {
            return Err(invalid("skills", Problem::Duplicate));
        }
        out.push(s);
    }
    if out.len() > 10 {
        return Err(invalid("skills", Problem::OutOfRange { min: 0, max: 10 }));
    }
    Ok(out)
}

/// The cancellation cutoff in minutes before the start: 0 to 7 days.
pub fn cancel_cutoff(raw: Option<i64>) -> Checked<i64> {
    let m = raw.unwrap_or(DEFAULT_CANCEL_CUTOFF_MINUTES);
    if (0..=7 * 24 * 60).contains(&m) {
        Ok(m)
    } else {
        Err(invalid(
            "cancel_cutoff_minutes",
            Problem::OutOfRange {
                min: 0,
                max: 7 * 24 * 60,
            },
        ))
    }
}

/// A session: ends after it starts, lasts at most 24 hours, starts after `now` (and
/// within two years), has 1–1000 places.
pub fn session(s: &NewSession, now: i64) -> Checked<NewSession> {
    if s.starts_at <= now || s.starts_at > now + 2 * 366 * DAY {
        return Err(invalid(
            "starts_at",
            if s.starts_at <= now {
                Problem::After { at: now }
            } else {
                Problem::NotAfter {
                    at: now + 2 * 366 * DAY,
                }
            },
        ));
    }
    if s.ends_at <= s.starts_at || s.ends_at - s.starts_at > DAY {
        return Err(invalid(
            "ends_at",
            if s.ends_at <= s.starts_at {
                Problem::After { at: s.starts_at }
            } else {
                Problem::NotAfter {
                    at: s.starts_at + DAY,
                }
            },
        ));
    }
    if !(1..=MAX_CAPACITY).contains(&s.capacity) {
        return Err(invalid(
            "capacity",
            Problem::OutOfRange {
                min: 1,
                max: MAX_CAPACITY,
            },
        ));
    }
    Ok(*s)
}

/// The last instant of the Beijing day holding `t`.
fn end_of_local_day(t: i64) -> i64 {
    clock::day_start(t) + DAY - 1
}

/// Repeats `first` at the same time of day on each chosen weekday (1 = Monday … 7 =
/// Sunday), from its own day until the end of the Beijing day of `until`. The first
/// session is always included. Sorted by start; at most [`MAX_SESSIONS`].
pub fn expand_weekly(first: &NewSession, weekdays: &[u8], until: i64) -> Checked<Vec<NewSession>> {
    if weekdays.is_empty() {
        return Err(invalid("weekdays", Problem::Required));
    }
    if weekdays.iter().any(|d| !(1..=7).contains(d)) {
        return Err(invalid("weekdays", Problem::OutOfRange { min: 1, max: 7 }));
    }
    if until < first.starts_at {
        return Err(invalid(
            "until",
            Problem::NotBefore {
                at: first.starts_at,
            },
        ));
    }
    let last = end_of_local_day(until.min(first.starts_at + 366 * DAY));
    let mut out = vec![*first];
    let mut k = 1;
    loop {
        let start = first.starts_at + k * DAY;
        if start > last {
            break;
        }
        if weekdays.contains(&weekday(start)) {
            if out.len() == MAX_SESSIONS {
                return Err(invalid("until", Problem::NotAfter { at: start - DAY }));
            }
            out.push(NewSession {
                starts_at: start,
                ends_at: first.ends_at + k * DAY,
                capacity: first.capacity,
            });
        }
        k += 1;
    }
    Ok(out)
}

/// Until when a confirmed place may be cancelled.
pub fn cancel_until(starts_at: i64, cutoff_minutes: i64) -> i64 {
    starts_at - cutoff_minutes * 60
}

/// Whether someone may sign up at `now`: the window has opened, has not closed, and the
/// session has not started.
pub fn signup_open(
    now: i64,
    starts_at: i64,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
) -> bool {
    now < starts_at && opens_at.is_none_or(|o| now >= o) && closes_at.is_none_or(|c| now <= c)
}

/// Minutes between check-in and check-out rounded to the nearest half hour (a quarter
/// hour rounds up), never negative, at most 24 hours.
pub fn rounded_minutes(checked_in_at: i64, checked_out_at: i64) -> i64 {
    let secs = (checked_out_at - checked_in_at).clamp(0, DAY);
    let step = ROUNDING_MINUTES * 60;
    ((secs + step / 2) / step) * ROUNDING_MINUTES
}

#[cfg(test)]
mod tests {
    use super::*;

    // Monday 2026-03-02 09:00 Beijing.
    const MON_9: i64 = 1_772_413_200;
    const HOUR: i64 = 3600;

    fn s(start: i64, hours: i64) -> NewSession {
        NewSession {
            starts_at: start,
            ends_at: start + hours * HOUR,
            capacity: 10,
        }
    }

    #[test]
    fn weekdays_are_counted_in_beijing_time() {
        assert_eq!(weekday(MON_9), 1);
        assert_eq!(weekday(MON_9 + DAY), 2);
        assert_eq!(weekday(MON_9 + 6 * DAY), 7);
        // Midnight in Beijing (16:00 on Sunday, UTC) is already Monday.
        assert_eq!(weekday(MON_9 - 9 * HOUR), 1);
        assert_eq!(weekday(MON_9 - 9 * HOUR - 1), 7);
    }

    #[test]
    fn weekly_repeats_fall_on_the_chosen_days_until_the_end_date() {
        // Mondays and Wednesdays for two weeks: Mon, Wed, Mon, Wed.
        let out = expand_weekly(&s(MON_9, 2), &[1, 3], MON_9 + 9 * DAY).unwrap();
        let starts: Vec<i64> = out.iter().map(|x| x.starts_at).collect();
        assert_eq!(
            starts,
            vec![MON_9, MON_9 + 2 * DAY, MON_9 + 7 * DAY, MON_9 + 9 * DAY]
        );
        assert!(out.iter().all(|x| x.ends_at - x.starts_at == 2 * HOUR));
    }

    #[test]
    fn the_end_date_counts_as_a_whole_day() {
        // `until` early on the Wednesday still includes that Wednesday's 09:00.
        let until = MON_9 + 2 * DAY - 8 * HOUR;
        let out = expand_weekly(&s(MON_9, 1), &[3], until).unwrap();
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn the_first_session_is_kept_even_on_another_weekday() {
        let out = expand_weekly(&s(MON_9, 1), &[5], MON_9 + 3 * DAY).unwrap();
        assert_eq!(
            out.iter().map(|x| x.starts_at).collect::<Vec<_>>(),
            vec![MON_9]
        );
    }

    #[test]
    fn bad_repeats_are_refused() {
        assert!(expand_weekly(&s(MON_9, 1), &[], MON_9 + DAY).is_err());
        assert!(expand_weekly(&s(MON_9, 1), &[0], MON_9 + DAY).is_err());
        assert!(expand_weekly(&s(MON_9, 1), &[8], MON_9 + DAY).is_err());
        assert!(expand_weekly(&s(MON_9, 1), &[1], MON_9 - DAY).is_err());
        // Every day for a year is more than 200 sessions.
        let all = [1, 2, 3, 4, 5, 6, 7];
        assert_eq!(
            expand_weekly(&s(MON_9, 1), &all, MON_9 + 300 * DAY)
                .unwrap_err()
                .field,
            "until"
        );
    }

    #[test]
    fn hours_round_to_the_nearest_half_hour() {
        assert_eq!(rounded_minutes(0, 0), 0);
        assert_eq!(rounded_minutes(0, 14 * 60 + 59), 0);
        assert_eq!(rounded_minutes(0, 15 * 60), 30);
        assert_eq!(rounded_minutes(0, 2 * HOUR + 10 * 60), 120);
        assert_eq!(rounded_minutes(0, 2 * HOUR + 20 * 60), 150);
        assert_eq!(rounded_minutes(100, 0), 0, "never negative");
        assert_eq!(rounded_minutes(0, 3 * DAY), 24 * 60, "at most a day");
    }

    #[test]
    fn the_cancel_cutoff_defaults_to_three_hours() {
        assert_eq!(cancel_cutoff(None), Ok(180));
        assert_eq!(cancel_until(MON_9, 180), MON_9 - 3 * HOUR);
        assert!(cancel_cutoff(Some(-1)).is_err());
        assert!(cancel_cutoff(Some(8 * 24 * 60)).is_err());
    }

    #[test]
    fn the_signup_window_and_start_close_sign_ups() {
        assert!(signup_open(100, 200, None, None));
        assert!(!signup_open(200, 200, None, None), "started");
        assert!(!signup_open(100, 200, Some(150), None), "not yet open");
        assert!(!signup_open(100, 200, None, Some(50)), "closed");
        assert!(signup_open(100, 200, Some(100), Some(100)));
    }

    #[test]
    fn sessions_need_a_future_start_an_end_and_places() {
        let now = MON_9 - DAY;
        assert!(session(&s(MON_9, 2), now).is_ok());
        assert_eq!(session(&s(now, 2), now).unwrap_err().field, "starts_at");
        assert_eq!(session(&s(MON_9, 0), now).unwrap_err().field, "ends_at");
        assert_eq!(session(&s(MON_9, 25), now).unwrap_err().field, "ends_at");
        let full = NewSession {
            capacity: 0,
            ..s(MON_9, 1)
        };
        assert_eq!(session(&full, now).unwrap_err().field, "capacity");
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(title("  免费义诊 "), Ok("免费义诊".into()));
        assert!(title(" ").is_err());
        assert!(place(&"地".repeat(101)).is_err());
        assert_eq!(description(""), Ok(String::new()));
        assert_eq!(
            skills(&["护理".into(), " ".into()]),
            Ok(vec!["护理".to_string()])
        );
        assert!(skills(&["护理".into(), "护理".into()]).is_err());
    }
}
