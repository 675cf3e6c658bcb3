//! Rules of the public-welfare bank (公益银行) both sides apply: how a family's name is
//! shown to residents, how points convert to yuan for a property-fee offset, and which
//! month an offset is for.

use crate::clock::parse_month;
use crate::ledger::check_amount;
use crate::validate::{Invalid, Problem};

/// What residents see of a family's name: its first character and two stars (王**),
/// whatever the name's length, so the length gives nothing away either.
pub fn mask_name(name: &str) -> String {
    match name.trim().chars().next() {
        Some(first) => format!("{first}**"),
        None => "**".to_string(),
    }
}

/// Largest rate an administrator may set, in points per yuan.
pub const MAX_POINTS_PER_YUAN: i64 = 10_000;

/// Why points cannot be turned into a fee offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YuanError {
    /// The rate is not a positive whole number of points per yuan.
    BadRate,
    /// The points are not a positive multiple of the rate (the fee is offset in whole
    /// yuan, so no point is taken for nothing).
    NotWholeYuan,
}

/// The whole yuan that `points` offset at `points_per_yuan`.
pub fn points_to_yuan(points: i64, points_per_yuan: i64) -> Result<i64, YuanError> {
    if !(1..=MAX_POINTS_PER_YUAN).contains(&points_per_yuan) {
        return Err(YuanError::BadRate);
    }
    if points <= 0 || points % points_per_yuan != 0 {
        return Err(YuanError::NotWholeYuan);
    }
    Ok(points / points_per_yuan)
}

/// The largest number of points at most `points` that converts to whole yuan (what a
/// form can suggest instead).
pub fn round_down_to_yuan(points: i64, points_per_yuan: i64) -> i64 {
    if points_per_yuan <= 0 || points <= 0 {
        return 0;
    }
    points - points % points_per_yuan
}

/// A month in its canonical `YYYY-MM` form.
pub fn month_text(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// A checked fee-offset request: points, the yuan they make, the month and the flat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetForm {
    pub points: i64,
    pub yuan: i64,
    pub month: String,
    pub unit: String,
}

/// Checks a fee-offset form at a company's rate, every field at once.
pub fn check_offset(
    points_raw: &str,
    month: &str,
    unit: &str,
    points_per_yuan: i64,
    balance: Option<i64>,
) -> Result<OffsetForm, Vec<Invalid>> {
    let mut problems = Vec::new();
    let points = match check_amount(points_raw, balance) {
        Ok(p) => match points_to_yuan(p, points_per_yuan) {
            Ok(yuan) => Some((p, yuan)),
            Err(YuanError::NotWholeYuan | YuanError::BadRate) => {
                problems.push(Invalid {
                    field: "points",
                    problem: Problem::UnknownOption,
                });
                None
            }
        },
        Err(mut e) => {
            e.field = "points";
            problems.push(e);
            None
        }
    };
    let month = parse_month(month).map(|_| month.trim().to_string());
    if month.is_none() {
        problems.push(Invalid {
            field: "month",
            problem: Problem::Required,
        });
    }
    let unit = unit.trim();
    let n = unit.chars().count();
    if n == 0 {
        problems.push(Invalid {
            field: "unit",
            problem: Problem::Required,
        });
    } else if n > 64 {
        problems.push(Invalid {
            field: "unit",
            problem: Problem::TooLong { max: 64 },
        });
    }
    match (points, month, problems.is_empty()) {
        (Some((points, yuan)), Some(month), true) => Ok(OffsetForm {
            points,
            yuan,
            month,
            unit: unit.to_string(),
        }),
        _ => Err(problems),
    }
}

/// The yuan a typed number of points would offset, when it makes whole yuan.
pub fn preview_yuan(points_raw: &str, points_per_yuan: i64) -> Option<i64> {
    let p = points_raw.trim().parse::<i64>().ok()?;
    points_to_yuan(p, points_per_yuan).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_show_only_their_first_character() {
        assert_eq!(mask_name("王建华"), "王**");
        assert_eq!(mask_name(" 欧阳娜娜 "), "欧**");
        assert_eq!(mask_name("李"), "李**");
        assert_eq!(mask_name("Wang Fang"), "W**");
        assert_eq!(mask_name("  "), "**");
    }

    #[test]
    fn points_convert_to_whole_yuan_only() {
        assert_eq!(points_to_yuan(100, 10), Ok(10));
        assert_eq!(points_to_yuan(7, 1), Ok(7));
        assert_eq!(points_to_yuan(105, 10), Err(YuanError::NotWholeYuan));
        assert_eq!(points_to_yuan(0, 10), Err(YuanError::NotWholeYuan));
        assert_eq!(points_to_yuan(-10, 10), Err(YuanError::NotWholeYuan));
        assert_eq!(points_to_yuan(100, 0), Err(YuanError::BadRate));
        assert_eq!(points_to_yuan(100, -10), Err(YuanError::BadRate));
        assert_eq!(
            points_to_yuan(100, MAX_POINTS_PER_YUAN + 1),
            Err(YuanError::BadRate)
        );
    }

    #[test]
    fn a_form_can_round_points_down_to_whole_yuan() {
        assert_eq!(round_down_to_yuan(105, 10), 100);
        assert_eq!(round_down_to_yuan(9, 10), 0);
        assert_eq!(round_down_to_yuan(50, 0), 0);
    }

    #[test]
    fn months_are_year_dash_two_digit_month() {
        assert_eq!(parse_month("2026-03"), Some((2026, 3)));
        assert_eq!(parse_month(" 2026-12 "), Some((2026, 12)));
        for bad in [
            "2026-3",
            "2026-13",
            "2026-00",
            "26-03",
            "2026/03",
            "1999-12",
            "2026-03-01",
            "",
            "２０２６-03",
            "+026-03",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(month_text(2026, 3), "2026-03");
    }

    #[test]
    fn a_fee_offset_needs_whole_yuan_a_month_and_a_flat() {
        let ok = check_offset("100", "2026-11", " 3栋501 ", 10, Some(500)).unwrap();
        assert_eq!(
            ok,
            OffsetForm {
                points: 100,
                yuan: 10,
                month: "2026-11".into(),
                unit: "3栋501".into()
            }
        );
        let bad = check_offset("105", "2026-13", "", 10, Some(500)).unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["points", "month", "unit"]);
        let over = check_offset("600", "2026-11", "1", 10, Some(500)).unwrap_err();
        assert_eq!(over[0].field, "points");
        assert_eq!(preview_yuan("120", 10), Some(12));
        assert_eq!(preview_yuan("125", 10), None);
        assert_eq!(preview_yuan("x", 10), None);
    }
}
