//! What the project-board pages compute before showing or sending anything: Beijing
//! dates for the calendar views and the date inputs, hours as people read them, the
//! project form's checks, what a scanner or a typed card number means, and which teams a
//! leader may publish for.

use crate::api::projects::{
    AttendanceAction, AttendanceRequest, CreateProject, NewSession, ProjectCategory, Repeat,
};
use crate::api::{Node, NodeKind, Profile};
use crate::card;
use crate::clock;
use crate::projects as rules;
use crate::roles::Role;
use crate::validate::{Invalid, Problem};

pub use crate::clock::{
    day_start, local_date as ymd, month_start, next_month, parse_date, parse_local, prev_month, DAY,
};

/// Midnight (Beijing) of the Monday of the week holding `t`.
pub fn week_start(t: i64) -> i64 {
    day_start(t) - i64::from(rules::weekday(t) - 1) * DAY
}

/// The days a month view shows: whole weeks (Monday first) covering the month holding
/// `t`, each day's midnight.
pub fn month_grid(t: i64) -> Vec<i64> {
    let first = week_start(month_start(t));
    let end = next_month(t);
    let mut out = Vec::new();
    let mut d = first;
    while d < end || out.len() % 7 != 0 {
        out.push(d);
        d += DAY;
    }
    out
}

/// Unix seconds as a datetime-local input value, Beijing time.
pub fn local_input(t: i64) -> String {
    let (h, min, _) = clock::local_clock(t);
    format!("{}T{h:02}:{min:02}", clock::day_key(t))
}

/// `09:00`.
pub fn time_text(t: i64) -> String {
    let (h, min, _) = clock::local_clock(t);
    format!("{h:02}:{min:02}")
}

/// `11-28`.
pub fn short_date(t: i64) -> String {
    let (_, m, d) = ymd(t);
    format!("{m:02}-{d:02}")
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

/// What the leader's scanner field (a keyboard-wedge scanner types and presses Enter) or
/// a typed card number means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardInput {
    /// A QR text (`linli:…`): the phone's live code or a printed card.
    Qr(String),
    /// A card number, spaces and dashes dropped.
    Number(String),
}

/// Reads the scanner field; None when it holds nothing usable (blank or a number with a
/// wrong check digit).
pub fn card_input(raw: &str) -> Option<CardInput> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    if t.starts_with("linli:") {
        return Some(CardInput::Qr(t.to_string()));
    }
    let n = card::normalize_number(t);
    card::is_valid_number(&n).then_some(CardInput::Number(n))
}

/// What a scan at an attendance scanner asks: `action` for the card's holder, or the
/// problem with what was scanned (the project roster and the patrol rota share it).
pub fn card_attendance(action: AttendanceAction, raw: &str) -> Result<AttendanceRequest, Invalid> {
    let (qr, card_number) = match card_input(raw) {
        Some(CardInput::Qr(q)) => (Some(q), None),
        Some(CardInput::Number(n)) => (None, Some(n)),
        None => {
            return Err(Invalid {
                field: "card_number",
                problem: Problem::UnknownOption,
            })
        }
    };
    Ok(AttendanceRequest {
        action,
        user_id: None,
        qr,
        card_number,
        pin: None,
        at: None,
    })
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

/// Whether a person leads a team or reviews, so the board offers the management pages.
pub fn has_role(profile: Option<&Profile>, role: Role) -> bool {
    profile.is_some_and(|p| p.roles.iter().any(|g| g.role == role))
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

fn problem(field: &'static str, problem: Problem) -> Invalid {
    Invalid { field, problem }
}

/// Checks the project form at `now`, every field at once; the request to send.
pub fn check_project(f: &ProjectForm, now: i64) -> Result<CreateProject, Vec<Invalid>> {
    let mut out = Vec::new();
    let team_id = f.team_id.ok_or(problem("team_id", Problem::Required));
    let title = rules::title(&f.title);
    let category = f.category.ok_or(problem("category", Problem::Required));
    let description = rules::description(&f.description);
    let place = rules::place(&f.place);
    let activity = if f.activity.trim().is_empty() {
        Err(problem("activity", Problem::Required))
    } else {
        Ok(f.activity.trim().to_string())
    };
    let skills: Vec<String> = f
        .skills
        .split([',', '，', '、'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let skills = rules::skills(&skills);
    let starts = parse_local(&f.starts).ok_or(problem("starts_at", Problem::Required));
    let ends = parse_local(&f.ends).ok_or(problem("ends_at", Problem::Required));
    let capacity = f.capacity.trim().parse::<i64>().map_err(|_| {
        problem(
            "capacity",
            Problem::OutOfRange {
                min: 1,
                max: rules::MAX_CAPACITY,
            },
        )
    });
    let session = match (starts, ends, capacity) {
        (Ok(s), Ok(e), Ok(c)) => rules::session(
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
            None => Err(problem("until", Problem::Required)),
            Some(until) => Ok(Some(Repeat {
                weekdays: f.weekdays.clone(),
                until,
            })),
        }
    };
    if let (Ok(s), Ok(Some(r))) = (&session, &repeat) {
        if let Err(e) = rules::expand_weekly(s, &r.weekdays, r.until) {
            out.push(e);
        }
    }
    let opt_time = |field: &'static str, raw: &str| {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            parse_local(raw)
                .map(Some)
                .ok_or(problem(field, Problem::Required))
        }
    };
    let opens = opt_time("signup_opens_at", &f.opens);
    let closes = opt_time("signup_closes_at", &f.closes);
    let cutoff = if f.cutoff_hours.trim().is_empty() {
        Ok(None)
    } else {
        match f.cutoff_hours.trim().parse::<f64>() {
            Ok(h) if h.is_finite() => {
                rules::cancel_cutoff(Some((h * 60.0).round() as i64)).map(Some)
            }
            _ => Err(problem(
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

    // Monday 2026-03-02 09:00 Beijing.
    const MON_9: i64 = 1_772_413_200;

    #[test]
    fn local_times_read_and_write_in_beijing_time() {
        assert_eq!(parse_local("2026-03-02T09:00"), Some(MON_9));
        assert_eq!(local_input(MON_9), "2026-03-02T09:00");
        assert_eq!(parse_local("2026-13-02T09:00"), None);
        assert_eq!(parse_local("soon"), None);
        assert_eq!(parse_date("2026-03-02"), Some(MON_9 - 9 * 3600));
        assert_eq!(time_text(MON_9), "09:00");
        assert_eq!(short_date(MON_9), "03-02");
    }

    #[test]
    fn weeks_start_on_monday_and_months_fill_whole_weeks() {
        assert_eq!(week_start(MON_9 + 3 * DAY), MON_9 - 9 * 3600);
        assert_eq!(ymd(month_start(MON_9)), (2026, 3, 1));
        assert_eq!(ymd(next_month(MON_9)), (2026, 4, 1));
        assert_eq!(ymd(prev_month(MON_9)), (2026, 2, 1));
        let grid = month_grid(MON_9);
        assert_eq!(grid.len() % 7, 0);
        // March 2026 starts on a Sunday: the grid opens on Monday 23 February.
        assert_eq!(ymd(grid[0]), (2026, 2, 23));
        assert_eq!(ymd(*grid.last().unwrap()), (2026, 4, 5));
        assert_eq!(
            ymd(next_month(MON_9 + 300 * DAY)).1,
            1,
            "December rolls over"
        );
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

    #[test]
    fn the_scanner_field_tells_qr_texts_from_card_numbers() {
        let n = card::with_check_digit("81234567890").unwrap();
        assert_eq!(
            card_input(&format!("{} \n", card::format_number(&n))),
            Some(CardInput::Number(n.clone()))
        );
        assert_eq!(
            card_input("linli:tok:x"),
            Some(CardInput::Qr("linli:tok:x".into()))
        );
        assert_eq!(card_input("  "), None);
        assert_eq!(card_input("812345678900"), None, "wrong check digit");
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
