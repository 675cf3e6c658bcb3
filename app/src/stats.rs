//! Rules of the district statistics: the range of months asked for, and how a node's
//! stored monthly running totals become the figures of a period.

use crate::api::stats::{Figures, MonthFigures};
use crate::validate::{Checked, Invalid, Problem};

/// Longest range one request may cover, in months.
pub const MAX_MONTHS: i64 = 120;

/// `YYYY-MM` → months since year 0, so ranges are plain arithmetic.
pub fn month_index(raw: &str) -> Option<i64> {
    let (y, m) = raw.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some(y * 12 + m - 1)
}

pub fn month_name(index: i64) -> String {
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// The months asked for: `to` defaults to `this_month`, `from` to eleven months before
/// `to`. A malformed month, `from` after `to` or more than [`MAX_MONTHS`] is refused.
pub fn month_range(
    from: Option<&str>,
    to: Option<&str>,
    this_month: &str,
) -> Checked<(String, String)> {
    let parse = |field: &'static str, raw: &str| {
        month_index(raw).ok_or(Invalid {
            field,
            problem: Problem::BadDate,
        })
    };
    let to = parse("to", to.unwrap_or(this_month))?;
    let from = match from {
        Some(raw) => parse("from", raw)?,
        None => to - 11,
    };
    let span = to - from + 1;
    if !(1..=MAX_MONTHS).contains(&span) {
        return Err(Invalid {
            field: "from",
            problem: Problem::OutOfRange {
                min: 1,
                max: MAX_MONTHS,
            },
        });
    }
    Ok((month_name(from), month_name(to)))
}

/// The months from `from` to `to`, both included.
pub fn months(from: &str, to: &str) -> Vec<String> {
    match (month_index(from), month_index(to)) {
        (Some(a), Some(b)) => (a..=b).map(month_name).collect(),
        _ => Vec::new(),
    }
}

/// Figures counted as a standing total (everything up to the month), not per month.
const STANDING: [&str; 3] = ["organisations", "teams", "volunteers"];

fn is_standing(metric: &str) -> bool {
    STANDING.contains(&metric)
}

impl Figures {
    /// The field a stored metric adds to; unknown metrics are ignored.
    fn slot(&mut self, metric: &str) -> Option<&mut i64> {
        Some(match metric {
            "organisations" => &mut self.organisations,
            "teams" => &mut self.teams,
            "volunteers" => &mut self.volunteers,
            "active_volunteers" => &mut self.active_volunteers,
            "projects" => &mut self.projects,
            "sessions" => &mut self.sessions,
            "orders_taken" => &mut self.orders_taken,
            "orders_done" => &mut self.orders_done,
            "people_served" => &mut self.people_served,
            "service_minutes" => &mut self.service_minutes,
            "training_minutes" => &mut self.training_minutes,
            "points_issued" => &mut self.points_issued,
            "points_spent" => &mut self.points_spent,
            "points_donated" => &mut self.points_donated,
            "points_offset" => &mut self.points_offset,
            "points_expired" => &mut self.points_expired,
            "redemptions" => &mut self.redemptions,
            "ratings" => &mut self.ratings,
            "rating_stars" => &mut self.rating_stars,
            _ => return None,
        })
    }

    /// Average stars in tenths (4.5 → 45), None without ratings.
    pub fn average_tenths(&self) -> Option<i64> {
        (self.ratings > 0).then(|| (self.rating_stars * 10 + self.ratings / 2) / self.ratings)
    }
}

/// What a node's stored rows of one metric add up to, up to the period's end `to`: in the
/// period, in all (standing figures) and in the last month (active volunteers). The store
/// sums them in SQL for children, whose series nobody reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MetricSums {
    pub in_period: i64,
    pub to_date: i64,
    pub last_month: i64,
}

/// Each metric's [`MetricSums`] from stored `(metric, month, value)` rows up to `to`.
pub fn metric_sums(
    rows: &[(String, String, i64)],
    from: &str,
    to: &str,
) -> Vec<(String, MetricSums)> {
    let mut sums: Vec<(String, MetricSums)> = Vec::new();
    for (metric, month, value) in rows.iter().filter(|(_, month, _)| month.as_str() <= to) {
        let at = match sums.iter().position(|(m, _)| m == metric) {
            Some(i) => i,
            None => {
                sums.push((metric.clone(), MetricSums::default()));
                sums.len() - 1
            }
        };
        let s = &mut sums[at].1;
        s.to_date += value;
        if month.as_str() >= from {
            s.in_period += value;
        }
        if month == to {
            s.last_month += value;
        }
    }
    sums
}

/// A node's totals for the period from each metric's sums. Standing figures are what
/// stood at the period's end; active volunteers of the period are its last month's.
pub fn totals_of(sums: &[(String, MetricSums)]) -> Figures {
    let mut totals = Figures::default();
    for (metric, s) in sums {
        let value = if metric == "active_volunteers" {
            s.last_month
        } else if is_standing(metric) {
            s.to_date
        } else {
            s.in_period
        };
        if let Some(slot) = totals.slot(metric) {
            *slot += value;
        }
    }
    totals
}

/// A node's totals for the period from its stored `(metric, month, value)` rows up to
/// `to` (see [`totals_of`]).
pub fn totals(rows: &[(String, String, i64)], from: &str, to: &str) -> Figures {
    totals_of(&metric_sums(rows, from, to))
}

/// A node's period: its [`totals`] and one entry per month from `from` to `to`, each
/// standing figure as it stood at that month's end. One pass over the rows, then one
/// over the months, so a dense node costs no more than its rows.
pub fn assemble(
    rows: &[(String, String, i64)],
    from: &str,
    to: &str,
) -> (Figures, Vec<MonthFigures>) {
    let months = months(from, to);
    let first = month_index(from).unwrap_or(0);
    let mut series: Vec<Figures> = vec![Figures::default(); months.len()];
    // Standing figures from before the period: the start of each running sum.
    let mut before = Figures::default();
    for (metric, month, value) in rows {
        let at = month_index(month).map(|i| i - first);
        let slot = match at {
            Some(i) if i >= 0 && (i as usize) < series.len() => series[i as usize].slot(metric),
            Some(i) if i < 0 && is_standing(metric) => before.slot(metric),
            _ => None,
        };
        if let Some(slot) = slot {
            *slot += value;
        }
    }
    for metric in STANDING {
        let mut sum = before.slot(metric).map_or(0, |v| *v);
        for figures in &mut series {
            if let Some(slot) = figures.slot(metric) {
                sum += *slot;
                *slot = sum;
            }
        }
    }
    let series = months
        .into_iter()
        .zip(series)
        .map(|(month, figures)| MonthFigures { month, figures })
        .collect();
    (totals(rows, from, to), series)
}

/// Whole-number percentages of a total, largest remainders rounded up so they sum to 100.
pub fn percents(values: &[i64]) -> Vec<i64> {
    let total: i64 = values.iter().map(|v| (*v).max(0)).sum();
    if total == 0 {
        return vec![0; values.len()];
    }
    let mut out: Vec<i64> = values.iter().map(|v| (*v).max(0) * 100 / total).collect();
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse((values[i].max(0) * 100) % total));
    let short = 100 - out.iter().sum::<i64>();
    for &i in order.iter().take(short as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(metric: &str, month: &str, value: i64) -> (String, String, i64) {
        (metric.into(), month.into(), value)
    }

    /// The range defaults to the twelve months ending this month; bad months are refused.
    #[test]
    fn ranges_default_to_a_year_and_refuse_nonsense() {
        assert_eq!(
            month_range(None, None, "2026-03"),
            Ok(("2025-04".into(), "2026-03".into()))
        );
        assert_eq!(
            month_range(Some("2026-01"), Some("2026-01"), "2026-03"),
            Ok(("2026-01".into(), "2026-01".into()))
        );
        assert_eq!(
            month_range(Some("2026-13"), None, "2026-03")
                .unwrap_err()
                .field,
            "from"
        );
        assert_eq!(
            month_range(None, Some("26-1"), "2026-03")
                .unwrap_err()
                .field,
            "to"
        );
        assert!(month_range(Some("2026-04"), Some("2026-03"), "2026-03").is_err());
        assert!(month_range(Some("2000-01"), Some("2026-03"), "2026-03").is_err());
    }

    /// Standing figures accumulate up to each month; flows count in their month only;
    /// active volunteers of the period are the last month's.
    #[test]
    fn standing_figures_accumulate_and_flows_do_not() {
        let rows = vec![
            row("teams", "2025-12", 2),
            row("teams", "2026-02", 1),
            row("service_minutes", "2025-12", 60),
            row("service_minutes", "2026-01", 30),
            row("service_minutes", "2026-02", 45),
            row("active_volunteers", "2026-01", 3),
            row("active_volunteers", "2026-02", 2),
            row("points_spent", "2026-03", 9),
        ];
        let (totals, months) = assemble(&rows, "2026-01", "2026-02");
        assert_eq!(totals.teams, 3);
        assert_eq!(totals.service_minutes, 75);
        assert_eq!(totals.active_volunteers, 2);
        assert_eq!(totals.points_spent, 0);
        assert_eq!(months.len(), 2);
        assert_eq!(months[0].figures.teams, 2);
        assert_eq!(months[1].figures.teams, 3);
        assert_eq!(months[0].figures.service_minutes, 30);
        assert_eq!(months[0].figures.active_volunteers, 3);
    }

    /// Over many months and metrics, each month's standing figure is everything up to
    /// that month, each flow is its month's, and the period's totals agree with the
    /// series (the last month's standing figures; the flows summed).
    #[test]
    fn the_series_agrees_with_a_month_by_month_count() {
        let metrics = ["volunteers", "teams", "sessions", "points_issued"];
        let mut rows = Vec::new();
        for m in 0..30i64 {
            for (k, metric) in metrics.iter().enumerate() {
                rows.push(row(metric, &month_name(24_300 + m), (m * 7 + k as i64) % 5));
            }
        }
        let (from, to) = ("2025-03", "2026-02");
        let (totals, months) = assemble(&rows, from, to);
        assert_eq!(months.len(), 12);
        let sum = |metric: &str, upto: &str, since: &str| -> i64 {
            rows.iter()
                .filter(|(m, month, _)| {
                    m == metric && month.as_str() <= upto && month.as_str() >= since
                })
                .map(|r| r.2)
                .sum()
        };
        for mf in &months {
            assert_eq!(
                mf.figures.volunteers,
                sum("volunteers", &mf.month, "0000-00")
            );
            assert_eq!(mf.figures.teams, sum("teams", &mf.month, "0000-00"));
            assert_eq!(mf.figures.sessions, sum("sessions", &mf.month, &mf.month));
        }
        assert_eq!(totals.volunteers, months[11].figures.volunteers);
        assert_eq!(totals.sessions, sum("sessions", to, from));
        assert_eq!(
            totals.points_issued,
            months.iter().map(|m| m.figures.points_issued).sum::<i64>()
        );
    }

    #[test]
    fn averages_are_rounded_tenths() {
        let f = Figures {
            ratings: 3,
            rating_stars: 13,
            ..Figures::default()
        };
        assert_eq!(f.average_tenths(), Some(43));
        assert_eq!(Figures::default().average_tenths(), None);
    }

    #[test]
    fn percentages_sum_to_a_hundred() {
        assert_eq!(percents(&[1, 1, 1]).iter().sum::<i64>(), 100);
        assert_eq!(percents(&[3, 1]), vec![75, 25]);
        assert_eq!(percents(&[0, 0]), vec![0, 0]);
    }
}
