//! Pure rules of the project board both sides use: checking a project's fields,
//! expanding weekly sessions, the cancellation cutoff, the sign-up window and rounding
//! attended time to the nearest half hour.

use crate::api::projects::{CreateProject, NewSession, ProjectCategory, Repeat};
use crate::api::{Node, NodeKind, Profile};
use crate::roles::Role;
use crate::validate::{self, invalid, Checked, Invalid, Problem};

/// Day of the week of a Unix time in Beijing: 1 = Monday … 7 = Sunday.
pub use crate::clock::weekday;
use crate::clock::{self, parse_date, parse_local, DAY};

/// Default: a confirmed place may be cancelled until three hours before the start.
pub const DEFAULT_CANCEL_CUTOFF_MINUTES: i64 = 180;
/// Most sessions one request may create (after expanding a repeat).
pub const MAX_SESSIONS: usize = 200;
/// Attended time is rounded to this step.
pub const ROUNDING_MINUTES: i64 = 30;
/// Places in one session.
pub const MAX_CAPACITY: i64 = 1000;

/// A project title: 1–64 characters.
pub fn title(raw: &str) -> Checked<String> {
    validate::text("title", raw, 1, 64)
}

/// A place in words: 1–100 characters.
pub fn place(raw: &str) -> Checked<String> {
    validate::text("place", raw, 1, 100)
}

/// A description: up to 2000 characters.
pub fn description(raw: &str) -> Checked<String> {
    validate::text("description", raw, 0, 2000)
}

/// Required skills: up to 10, each 1–20 characters; blanks dropped, duplicates refused.
pub fn skills(raw: &[String]) -> Checked<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for s in raw {
        let s = validate::text("skills", s, 0, 20)?;
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

/// Minutes as hours people read: `2`, `2.5`, `0.5`.
pub fn hours_text(minutes: i64) -> String {
    let whole = minutes / 60;
    let rest = minutes % 60;
    if rest == 0 {
        whole.to_string()
    } else {
        let tenths = (rest * 10 + 30) / 60;
        if tenths == 10 {
            (whole + 1).to_string()
        } else {
            format!("{whole}.{tenths}")
        }
    }
}

/// Hours typed by a leader (`2`, `1.5`) as whole minutes, 0 to 24 hours.
pub fn parse_hours(raw: &str) -> Result<i64, Invalid> {
    let bad = Invalid {
        field: "minutes",
        problem: Problem::OutOfRange { min: 0, max: 24 },
    };
    let h: f64 = raw.trim().parse().map_err(|_| bad)?;
    if !h.is_finite() || !(0.0..=24.0).contains(&h) {
        return Err(bad);
    }
    Ok((h * 60.0).round() as i64)
}

/// The teams a person may publish projects for: every team at or under a node where
/// they are a team leader.
pub fn leader_teams(profile: &Profile, org: &[Node]) -> Vec<(i64, String)> {
    let roots: Vec<&str> = profile
        .roles
        .iter()
        .filter(|g| g.role == Role::TeamLeader)
        .filter_map(|g| {
            org.iter()
                .find(|n| n.id == g.node_id)
                .map(|n| n.path.as_str())
        })
        .collect();
    org.iter()
        .filter(|n| n.kind == NodeKind::Team && roots.iter().any(|r| n.path.starts_with(r)))
        .map(|n| (n.id, n.name.clone()))
        .collect()
}

/// What the project form holds, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectForm {
    pub team_id: Option<i64>,
    pub title: String,
    pub category: Option<ProjectCategory>,
    pub description: String,
    pub place: String,
    pub territory_id: Option<i64>,
    pub activity: String,
    pub skills: String,
    pub starts: String,
    pub ends: String,
    pub capacity: String,
    pub weekdays: Vec<u8>,
    pub until: String,
    pub opens: String,
    pub closes: String,
    pub cutoff_hours: String,
}

/// Checks the project form at `now`, every field at once; the request to send.
pub fn check_project(f: &ProjectForm, now: i64) -> Result<CreateProject, Vec<Invalid>> {
    let mut out = Vec::new();
    let team_id = f.team_id.ok_or(invalid("team_id", Problem::Required));
    let title = title(&f.title);
    let category = f.category.ok_or(invalid("category", Problem::Required));
    let description = description(&f.description);
    let place = place(&f.place);
    let activity = if f.activity.trim().is_empty() {
        Err(invalid("activity", Problem::Required))
    } else {
        Ok(f.activity.trim().to_string())
    };
    let listed: Vec<String> = f
        .skills
        .split([',', '，', '、'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let skills = skills(&listed);
    let starts = parse_local(&f.starts).ok_or(invalid("starts_at", Problem::Required));
    let ends = parse_local(&f.ends).ok_or(invalid("ends_at", Problem::Required));
    let capacity = f.capacity.trim().parse::<i64>().map_err(|_| {
        invalid(
            "capacity",
            Problem::OutOfRange {
                min: 1,
                max: MAX_CAPACITY,
            },
        )
    });
    let session = match (starts, ends, capacity) {
        (Ok(s), Ok(e), Ok(c)) => session(
            &NewSession {
                starts_at: s,
                ends_at: e,
                capacity: c,
            },
            now,
        ),
        (s, e, c) => Err(s.err().or(e.err()).or(c.err()).expect("one failed")),
    };
    let repeat = if f.weekdays.is_empty() {
        Ok(None)
    } else {
        match parse_date(&f.until) {
            None => Err(invalid("until", Problem::Required)),
            Some(until) => Ok(Some(Repeat {
                weekdays: f.weekdays.clone(),
                until,
            })),
        }
    };
    if let (Ok(s), Ok(Some(r))) = (&session, &repeat) {
        if let Err(e) = expand_weekly(s, &r.weekdays, r.until) {
            out.push(e);
        }
    }
    let opt_time = |field: &'static str, raw: &str| {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            parse_local(raw)
                .map(Some)
                .ok_or(invalid(field, Problem::Required))
        }
    };
    let opens = opt_time("signup_opens_at", &f.opens);
    let closes = opt_time("signup_closes_at", &f.closes);
    let cutoff = if f.cutoff_hours.trim().is_empty() {
        Ok(None)
    } else {
        match f.cutoff_hours.trim().parse::<f64>() {
            Ok(h) if h.is_finite() => cancel_cutoff(Some((h * 60.0).round() as i64)).map(Some),
            _ => Err(invalid(
                "cancel_cutoff_minutes",
                Problem::OutOfRange { min: 0, max: 168 },
            )),
        }
    };
    match (
        team_id,
        title,
        category,
        description,
        place,
        activity,
        skills,
        session,
        repeat,
        opens,
        closes,
        cutoff,
    ) {
        (
            Ok(team_id),
            Ok(title),
            Ok(category),
            Ok(description),
            Ok(place),
            Ok(activity),
            Ok(skills),
            Ok(session),
            Ok(repeat),
            Ok(opens),
            Ok(closes),
            Ok(cutoff),
        ) if out.is_empty() => Ok(CreateProject {
            team_id,
            title,
            category,
            description,
            place,
            territory_id: f.territory_id,
            activity,
            skills,
            signup_opens_at: opens,
            signup_closes_at: closes,
            cancel_cutoff_minutes: cutoff,
            sessions: vec![session],
            repeat,
        }),
        (a, b, c, d, e, g, h, i, j, k, l, m) => {
            out.extend(
                [
                    a.err(),
                    b.err(),
                    c.err(),
                    d.err(),
                    e.err(),
                    g.err(),
                    h.err(),
                    i.err(),
                    j.err(),
                    k.err(),
                    l.err(),
                    m.err(),
                ]
                .into_iter()
                .flatten(),
            );
            Err(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{RoleGrant, Tree};
    use crate::i18n::Lang;
    use crate::nav::has_role;

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

    #[test]
    fn hours_read_as_people_say_them() {
        assert_eq!(hours_text(120), "2");
        assert_eq!(hours_text(150), "2.5");
        assert_eq!(hours_text(0), "0");
        assert_eq!(parse_hours("1.5"), Ok(90));
        assert_eq!(parse_hours(" 2 "), Ok(120));
        assert!(parse_hours("25").is_err());
        assert!(parse_hours("two").is_err());
    }

    fn node(id: i64, kind: NodeKind, path: &str) -> Node {
        Node {
            id,
            tree: Tree::Org,
            parent_id: None,
            kind,
            name: format!("n{id}"),
            path: path.into(),
            member_count: 0,
        }
    }

    #[test]
    fn leaders_publish_for_the_teams_under_their_grants() {
        let org = vec![
            node(1, NodeKind::Society, "/1/"),
            node(2, NodeKind::Branch, "/1/2/"),
            node(3, NodeKind::Team, "/1/2/3/"),
            node(4, NodeKind::Team, "/1/4/"),
        ];
        let p = Profile {
            id: 1,
            name: "李红梅".into(),
            phone: "13800000002".into(),
            lang: Lang::Zh,
            roles: vec![RoleGrant {
                id: 1,
                role: Role::TeamLeader,
                node_id: 2,
                node_name: "n2".into(),
            }],
            teams: vec![],
            created_at: 0,
        };
        assert_eq!(leader_teams(&p, &org), vec![(3, "n3".to_string())]);
        assert!(has_role(Some(&p), Role::TeamLeader));
        assert!(!has_role(Some(&p), Role::Reviewer));
        assert!(!has_role(None, Role::TeamLeader));
    }

    fn form() -> ProjectForm {
        ProjectForm {
            team_id: Some(3),
            title: " 清洁家园 ".into(),
            category: Some(ProjectCategory::Environment),
            place: "梅林都汇社区".into(),
            activity: "cleaning".into(),
            skills: "搬运，分类".into(),
            starts: "2026-03-02T09:00".into(),
            ends: "2026-03-02T11:00".into(),
            capacity: "10".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_project_form_becomes_a_request() {
        let req = check_project(&form(), MON_9 - DAY).unwrap();
        assert_eq!(req.title, "清洁家园");
        assert_eq!(req.skills, vec!["搬运", "分类"]);
        assert_eq!(req.sessions[0].starts_at, MON_9);
        assert_eq!(req.sessions[0].capacity, 10);
        assert_eq!(req.repeat, None);
        let weekly = ProjectForm {
            weekdays: vec![1, 3],
            until: "2026-03-11".into(),
            cutoff_hours: "2".into(),
            ..form()
        };
        let req = check_project(&weekly, MON_9 - DAY).unwrap();
        assert_eq!(req.repeat.unwrap().weekdays, vec![1, 3]);
        assert_eq!(req.cancel_cutoff_minutes, Some(120));
    }

    #[test]
    fn a_bad_project_form_reports_every_field() {
        let bad = ProjectForm {
            team_id: None,
            title: String::new(),
            capacity: "0".into(),
            weekdays: vec![2],
            ..form()
        };
        let fields: Vec<&str> = check_project(&bad, MON_9 - DAY)
            .unwrap_err()
            .iter()
            .map(|p| p.field)
            .collect();
        assert!(fields.contains(&"team_id"));
        assert!(fields.contains(&"title"));
        assert!(fields.contains(&"capacity"));
        assert!(fields.contains(&"until"));
        let past = check_project(&form(), MON_9 + DAY).unwrap_err();
        assert_eq!(past[0].field, "starts_at");
    }
}
