//! The points standard as pure functions: what a verified service is worth, how caps
//! trim it, and when the points lapse.

use linli_app::api::ledger::{EarningRules, Validity};
use linli_app::validate::{Invalid, Problem};

use super::calendar;

const DAY: i64 = 86_400;

/// Points for `minutes` of `activity`, weighted by an optional multiplier, rounded down
/// (partial points are never issued).
pub fn points_for(
    rules: &EarningRules,
    activity: &str,
    minutes: i64,
    multiplier: Option<&str>,
) -> Result<i64, Invalid> {
    let rate = rules
        .activities
        .iter()
        .find(|a| a.code == activity)
        .ok_or(Invalid {
            field: "activity",
            problem: Problem::UnknownOption,
        })?
        .points_per_hour;
    let percent = match multiplier {
        None => 100,
        Some(code) => {
            rules
                .multipliers
                .iter()
                .find(|m| m.code == code)
                .ok_or(Invalid {
                    field: "multiplier",
                    problem: Problem::UnknownOption,
                })?
                .percent
        }
    };
    // i128: rates and minutes are bounded by validation, but never risk overflow.
    let points = i128::from(rate) * i128::from(minutes) * i128::from(percent) / 6000;
    Ok(i64::try_from(points).unwrap_or(i64::MAX))
}

/// Trims `points` so the member's earnings stay within the daily and monthly caps, given
/// what they already earned that day and month. Never negative.
pub fn capped(rules: &EarningRules, points: i64, earned_today: i64, earned_month: i64) -> i64 {
    let mut room = points;
    if let Some(cap) = rules.daily_cap {
        room = room.min(cap - earned_today);
    }
    if let Some(cap) = rules.monthly_cap {
        room = room.min(cap - earned_month);
    }
    room.max(0)
}

/// When points credited at `at` lapse under a validity policy; None: never.
pub fn expires_at(validity: Validity, at: i64) -> Option<i64> {
    match validity {
        Validity::YearEnd => Some(calendar::next_year_start(at)),
        Validity::Days { days } => Some(at + days * DAY),
        Validity::None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_app::api::ledger::{ActivityRate, Multiplier};

    fn rules() -> EarningRules {
        EarningRules {
            activities: vec![ActivityRate {
                code: "patrol".into(),
                name: "治安巡逻".into(),
                points_per_hour: 10,
            }],
            multipliers: vec![Multiplier {
                code: "night".into(),
                name: "夜间巡逻".into(),
                percent: 200,
            }],
            daily_cap: Some(100),
            monthly_cap: Some(150),
            validity: Validity::YearEnd,
        }
    }

    #[test]
    fn an_hour_of_patrol_earns_the_hourly_rate() {
        assert_eq!(points_for(&rules(), "patrol", 60, None), Ok(10));
    }

    #[test]
    fn night_patrol_counts_double() {
        assert_eq!(points_for(&rules(), "patrol", 90, Some("night")), Ok(30));
    }

    #[test]
    fn partial_points_are_rounded_down() {
        assert_eq!(points_for(&rules(), "patrol", 5, None), Ok(0));
        assert_eq!(points_for(&rules(), "patrol", 11, None), Ok(1));
    }

    #[test]
    fn unknown_activities_and_multipliers_are_refused() {
        assert_eq!(
            points_for(&rules(), "karaoke", 60, None).unwrap_err().field,
            "activity"
        );
        assert_eq!(
            points_for(&rules(), "patrol", 60, Some("moon"))
                .unwrap_err()
                .field,
            "multiplier"
        );
    }

    #[test]
    fn caps_trim_to_what_is_left_of_the_day_and_month() {
        let r = rules();
        assert_eq!(capped(&r, 40, 0, 0), 40);
        assert_eq!(capped(&r, 40, 80, 80), 20);
        assert_eq!(capped(&r, 40, 0, 130), 20);
        assert_eq!(capped(&r, 40, 100, 100), 0);
        assert_eq!(capped(&r, 40, 120, 0), 0, "never negative");
        let uncapped = EarningRules {
            daily_cap: None,
            monthly_cap: None,
            ..r
        };
        assert_eq!(capped(&uncapped, 4000, 9999, 9999), 4000);
    }

    #[test]
    fn validity_sets_the_lapse_time() {
        let t = 1_767_196_800; // 2026-01-01 00:00 Beijing
        assert_eq!(expires_at(Validity::None, t), None);
        assert_eq!(
            expires_at(Validity::Days { days: 30 }, t),
            Some(t + 30 * DAY)
        );
        assert_eq!(expires_at(Validity::YearEnd, t - 1), Some(t));
    }
}
