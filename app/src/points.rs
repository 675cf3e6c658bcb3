//! What the points pages compute before showing or sending anything: dates in China time,
//! signed amounts, and the checks of the donation, fee-offset, PIN and admin forms, so a
//! person sees every problem at once without a round trip.

use crate::bank::{parse_month, points_to_yuan, YuanError};
use crate::card::is_valid_pin;
use crate::clock;
use crate::i18n::{field_label, moment_words, role_text, Lang};
use crate::roles::Role;
use crate::validate::{self, Checked, Invalid, Problem};

/// `2026-11-28`.
pub fn date_text(ts: i64) -> String {
    clock::day_key(ts)
}

/// The last day points expiring at `expires_at` can still be used (the expiry instant
/// itself is the first moment they are gone: year-end lots lapse at 1 January 00:00).
pub fn last_valid_day(expires_at: i64) -> String {
    date_text(expires_at - 1)
}

/// `2026-11-28 14:05`.
pub fn datetime_text(ts: i64) -> String {
    let (h, min, _) = clock::local_clock(ts);
    format!("{} {h:02}:{min:02}", clock::day_key(ts))
}

/// The billing month a time falls in, `YYYY-MM`.
pub fn month_of(ts: i64) -> String {
    clock::month_key(ts)
}

/// An amount with its sign, as history shows it: `+20`, `-10`.
pub fn signed(amount: i64) -> String {
    if amount > 0 {
        format!("+{amount}")
    } else {
        amount.to_string()
    }
}

/// A multiplier's percent as a factor: 200 → `×2`, 150 → `×1.5`, 125 → `×1.25`.
pub fn multiplier_text(percent: i64) -> String {
    let (whole, part) = (percent / 100, percent.rem_euclid(100));
    if part == 0 {
        format!("×{whole}")
    } else {
        format!("×{whole}.{}", format!("{part:02}").trim_end_matches('0'))
    }
}

/// Whole days from `now` until `ts`, never below zero.
pub fn days_until(ts: i64, now: i64) -> i64 {
    ((ts - now).max(0) + 86_399) / 86_400
}

/// A whole number typed in a field (spaces around it allowed, nothing else).
fn whole(field: &'static str, raw: &str) -> Checked<i64> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(Invalid {
            field,
            problem: Problem::Required,
        });
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 9 {
        return Err(Invalid {
            field,
            problem: Problem::OutOfRange {
                min: 1,
                max: validate::MAX_POINTS,
            },
        });
    }
    t.parse::<i64>().map_err(|_| Invalid {
        field,
        problem: Problem::Required,
    })
}

/// Points to give or move: a whole number from 1 up, at most the balance when known.
pub fn check_amount(raw: &str, balance: Option<i64>) -> Checked<i64> {
    let n = whole("amount", raw)?;
    let max = balance
        .unwrap_or(validate::MAX_POINTS)
        .min(validate::MAX_POINTS);
    if n < 1 || n > max.max(1) {
        return Err(Invalid {
            field: "amount",
            problem: Problem::OutOfRange {
                min: 1,
                max: max.max(1),
            },
        });
    }
    validate::points(n)
}

/// A manual adjustment: non-zero, either sign.
pub fn check_adjustment(raw: &str) -> Checked<i64> {
    validate::adjustment(whole("amount", raw)?)
}

/// Service minutes for an award: 1 to 1440.
pub fn check_minutes(raw: &str) -> Checked<i64> {
    let n = whole("minutes", raw).map_err(|_| Invalid {
        field: "minutes",
        problem: Problem::OutOfRange { min: 1, max: 1440 },
    })?;
    validate::service_minutes(n)
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

/// The details of an audit entry a person can read, as "label: value" pairs in their
/// language: amounts, reasons, titles, names, hours, quantities, roles and times (as dates
/// in words). Ids, account numbers and codes are left out (the sentence names the people).
pub fn audit_detail_text(lang: Lang, detail: &serde_json::Value) -> String {
    let serde_json::Value::Object(map) = detail else {
        return String::new();
    };
    map.iter()
        .filter_map(|(k, v)| {
            let value = match (k.as_str(), v) {
                // A transfer's note is its reason, worded (the stored reason is the note's
                // Chinese then).
                ("note", serde_json::Value::Object(_)) => {
                    let note = serde_json::from_value(v.clone()).ok()?;
                    let value = crate::i18n::transfer_note_text(lang, &note);
                    return Some(format!("{}: {value}", field_label(lang, "reason")));
                }
                ("reason", _) if detail.get("note").is_some_and(|n| n.is_object()) => return None,
                ("role", serde_json::Value::String(r)) => {
                    role_text(lang, Role::parse(r)?).to_string()
                }
                ("minutes", serde_json::Value::Number(n)) => {
                    let hours = crate::board::hours_text(n.as_i64()?);
                    match lang {
                        Lang::Zh => format!("{hours} 小时"),
                        Lang::En => format!("{hours} h"),
                    }
                }
                (k, serde_json::Value::Number(n)) if is_time_key(k) => {
                    moment_words(lang, n.as_i64()?, true)
                }
                (k, serde_json::Value::Number(n)) if AUDIT_NUMBERS.contains(&k) => n.to_string(),
                (k, serde_json::Value::String(t)) if AUDIT_TEXTS.contains(&k) && !t.is_empty() => {
                    t.clone()
                }
                _ => return None,
            };
            Some(format!("{}: {value}", field_label(lang, k)))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Detail keys whose number a person reads as it is.
const AUDIT_NUMBERS: &[&str] = &[
    "amount",
    "points",
    "quantity",
    "delta",
    "counted",
    "price",
    "stock",
    "stars",
    "percent",
    "points_per_yuan",
    "sessions",
];
/// Detail keys whose text a person reads as it is.
const AUDIT_TEXTS: &[&str] = &[
    "reason",
    "note",
    "comment",
    "title",
    "name",
    "full_name",
    "category",
    "text",
];

fn is_time_key(k: &str) -> bool {
    k == "at" || k == "until" || k.ends_with("_at")
}

/// The transfer an audit subject names (`transfer:95`), to link to it.
pub fn subject_transfer(subject: &str) -> Option<i64> {
    subject.strip_prefix("transfer:")?.parse().ok()
}

/// Checks a PIN and its repetition.
pub fn check_pin(pin: &str, again: &str) -> Result<String, Vec<Invalid>> {
    let mut problems = Vec::new();
    if !is_valid_pin(pin) {
        problems.push(Invalid {
            field: "pin",
            problem: Problem::OutOfRange { min: 4, max: 6 },
        });
    } else if pin != again {
        problems.push(Invalid {
            field: "pin_again",
            problem: Problem::UnknownOption,
        });
    }
    if problems.is_empty() {
        Ok(pin.to_string())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipliers_read_as_factors() {
        assert_eq!(multiplier_text(200), "×2");
        assert_eq!(multiplier_text(150), "×1.5");
        assert_eq!(multiplier_text(125), "×1.25");
        assert_eq!(multiplier_text(105), "×1.05");
        assert_eq!(multiplier_text(100), "×1");
    }

    #[test]
    fn dates_are_shown_in_china_time() {
        // 2026-11-28 16:30 UTC is 2026-11-29 00:30 in China.
        let ts = 1_795_883_400;
        assert_eq!(date_text(ts), "2026-11-29");
        assert_eq!(datetime_text(ts), "2026-11-29 00:30");
        assert_eq!(month_of(ts), "2026-11");
        assert_eq!(date_text(0), "1970-01-01");
        // The last second of 2026 in China.
        assert_eq!(datetime_text(1_798_732_799), "2026-12-31 23:59");
        assert_eq!(month_of(1_798_732_800), "2027-01");
        // A year-end lot lapses at 2027-01-01 00:00 China time: usable through 31 December.
        assert_eq!(last_valid_day(1_798_732_800), "2026-12-31");
    }

    #[test]
    fn amounts_carry_their_sign() {
        assert_eq!(signed(20), "+20");
        assert_eq!(signed(-10), "-10");
        assert_eq!(signed(0), "0");
    }

    #[test]
    fn days_left_round_up_and_never_go_negative() {
        assert_eq!(days_until(100, 100), 0);
        assert_eq!(days_until(101, 100), 1);
        assert_eq!(days_until(100 + 86_400 * 2, 100), 2);
        assert_eq!(days_until(0, 100), 0);
    }

    #[test]
    fn amounts_are_whole_positive_and_within_the_balance() {
        assert_eq!(check_amount(" 30 ", Some(100)), Ok(30));
        assert_eq!(check_amount("100", Some(100)), Ok(100));
        assert!(check_amount("101", Some(100)).is_err());
        assert!(check_amount("0", None).is_err());
        assert!(check_amount("-5", None).is_err());
        assert!(check_amount("1.5", None).is_err());
        assert!(check_amount("abc", None).is_err());
        assert!(check_amount("99999999999999999999", None).is_err());
        assert_eq!(
            check_amount("", None).unwrap_err().problem,
            Problem::Required
        );
    }

    #[test]
    fn adjustments_take_either_sign_but_not_zero() {
        assert_eq!(check_adjustment("-20"), Ok(-20));
        assert_eq!(check_adjustment("15"), Ok(15));
        assert!(check_adjustment("0").is_err());
        assert!(check_adjustment("-").is_err());
        assert_eq!(check_minutes("90"), Ok(90));
        assert!(check_minutes("0").is_err());
        assert!(check_minutes("2000").is_err());
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

    #[test]
    fn audit_details_read_as_pairs_without_the_empty_ones() {
        let d = serde_json::json!({"amount": 10, "reason": "录错了", "reverses": null,
            "user_id": 6, "from": 3, "kind": "adjust"});
        assert_eq!(audit_detail_text(Lang::Zh, &d), "积分数: 10 · 原因: 录错了");
        assert_eq!(
            audit_detail_text(Lang::En, &d),
            "Amount: 10 · Reason: 录错了"
        );
        let t =
            serde_json::json!({"title": "义诊", "starts_at": 1_796_298_540, "role": "team_leader"});
        assert_eq!(
            audit_detail_text(Lang::En, &t),
            "Role: Team leader · Starts: 3 Dec 2026 at 19:49 · Title: 义诊"
        );
        let noted = serde_json::json!({"amount": 5, "reason": "积分超市兑换",
            "note": {"kind": "shop_redeem"}});
        assert_eq!(
            audit_detail_text(Lang::En, &noted),
            "Amount: 5 · Reason: Bought at the community shop"
        );
        assert_eq!(audit_detail_text(Lang::Zh, &serde_json::json!({})), "");
        assert_eq!(audit_detail_text(Lang::Zh, &serde_json::Value::Null), "");
        assert_eq!(subject_transfer("transfer:95"), Some(95));
        assert_eq!(subject_transfer("user:13"), None);
    }

    #[test]
    fn a_pin_is_four_to_six_digits_typed_twice() {
        assert_eq!(check_pin("1234", "1234"), Ok("1234".into()));
        assert_eq!(check_pin("12", "12").unwrap_err()[0].field, "pin");
        assert_eq!(check_pin("1234", "1235").unwrap_err()[0].field, "pin_again");
    }
}
