//! Ledger rules both sides read: when points lapse, amounts with their sign, the checks of
//! the amounts people type (a donation, an award, an adjustment), and an audit entry's
//! details in words, so a person sees every problem at once without a round trip.

use crate::api::ledger::TransferNote;
use crate::clock::date_text;
use crate::i18n::{field_label, moment_words, role_text, t, Lang, Msg};
use crate::roles::Role;
use crate::validate::{self, Checked, Invalid, Problem};
use crate::when::{date_words, month_words};

/// The last moment points expiring at `expires_at` can still be used (the expiry instant
/// itself is the first moment they are gone: year-end lots lapse at 1 January 00:00).
fn last_valid_moment(expires_at: i64) -> i64 {
    expires_at - 1
}

/// The last day points expiring at `expires_at` can still be used: `2026-12-31`.
pub fn last_valid_day(expires_at: i64) -> String {
    date_text(last_valid_moment(expires_at))
}

/// The same day as a person reads it: "2026年12月31日" / "31 Dec 2026".
pub fn last_valid_day_words(lang: Lang, expires_at: i64) -> String {
    date_words(lang, last_valid_moment(expires_at))
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
                    let value = transfer_note_text(lang, &note);
                    return Some(format!("{}: {value}", field_label(lang, "reason")));
                }
                ("reason", _) if detail.get("note").is_some_and(|n| n.is_object()) => return None,
                ("role", serde_json::Value::String(r)) => {
                    role_text(lang, Role::parse(r)?).to_string()
                }
                ("minutes", serde_json::Value::Number(n)) => {
                    let hours = crate::projects::hours_text(n.as_i64()?);
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

/// What the server wrote a transfer for, in the reader's language.
pub fn transfer_note_text(lang: Lang, note: &TransferNote) -> String {
    let msg = |m: Msg| t(lang, m).to_string();
    match note {
        TransferNote::ShopRedeem => msg(Msg::NoteShopRedeem),
        TransferNote::ShopReservation => msg(Msg::NoteShopReservation),
        TransferNote::ReservationCancelled => msg(Msg::NoteReservationCancelled),
        TransferNote::ReservationExpired => msg(Msg::NoteReservationExpired),
        TransferNote::HoursApproved { project, served_at } => msg(Msg::NoteHoursApproved)
            .replace("{project}", project)
            .replace("{day}", &date_words(lang, *served_at)),
        TransferNote::FeeOffset { month, company } => msg(Msg::NoteFeeOffset)
            .replace("{month}", &month_words(lang, month))
            .replace("{company}", company),
        TransferNote::FeeOffsetRejected { reason } => {
            msg(Msg::NoteFeeOffsetRejected).replace("{reason}", reason)
        }
        TransferNote::FamilyDonation { family } => {
            msg(Msg::NoteFamilyDonation).replace("{family}", family)
        }
        TransferNote::PoolDonation => msg(Msg::NotePoolDonation),
        TransferNote::Expired => msg(Msg::NoteExpired),
    }
}

/// Why a transfer was made, as a person reads it: the server's note in their language,
/// else the reason as written (what a person typed, or a line from before notes).
pub fn transfer_reason_text(lang: Lang, note: Option<&TransferNote>, reason: &str) -> String {
    note.map_or_else(|| reason.to_string(), |n| transfer_note_text(lang, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_valid_day_reads_in_words() {
        // A year-end lot lapses at 2027-01-01 00:00 China time: usable through 31 December.
        assert_eq!(
            last_valid_day_words(Lang::Zh, 1_798_732_800),
            "2026年12月31日"
        );
        assert_eq!(last_valid_day_words(Lang::En, 1_798_732_800), "31 Dec 2026");
    }

    #[test]
    fn multipliers_read_as_factors() {
        assert_eq!(multiplier_text(200), "×2");
        assert_eq!(multiplier_text(150), "×1.5");
        assert_eq!(multiplier_text(125), "×1.25");
        assert_eq!(multiplier_text(105), "×1.05");
        assert_eq!(multiplier_text(100), "×1");
    }

    #[test]
    fn amounts_carry_their_sign() {
        assert_eq!(signed(20), "+20");
        assert_eq!(signed(-10), "-10");
        assert_eq!(signed(0), "0");
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
    fn a_transfer_note_reads_in_each_language_and_names_no_id() {
        let hours = TransferNote::HoursApproved {
            project: "免费义诊".into(),
            // 2026-03-02 09:00 in Beijing.
            served_at: 1_772_413_200,
        };
        assert_eq!(
            transfer_note_text(Lang::Zh, &hours),
            "服务时长审核通过：免费义诊（2026年3月2日）"
        );
        assert_eq!(
            transfer_note_text(Lang::En, &hours),
            "Service hours approved: 免费义诊 (2 Mar 2026)"
        );
        let offset = TransferNote::FeeOffset {
            month: "2026-03".into(),
            company: "梅林物业".into(),
        };
        assert_eq!(
            transfer_note_text(Lang::Zh, &offset),
            "物业费抵扣 2026年3月（梅林物业）"
        );
        assert_eq!(
            transfer_note_text(Lang::En, &offset),
            "Property fee offset for Mar 2026 (梅林物业)"
        );
        let rejected = TransferNote::FeeOffsetRejected {
            reason: "房号不符".into(),
        };
        assert_eq!(
            transfer_note_text(Lang::Zh, &rejected),
            "物业费抵扣被驳回：房号不符"
        );
        // A line without a note reads as written; a note wins over the stored sentence.
        assert_eq!(transfer_reason_text(Lang::En, None, "补发"), "补发");
        assert_eq!(
            transfer_reason_text(Lang::En, Some(&TransferNote::ShopRedeem), "积分超市兑换"),
            "Bought at the community shop"
        );
        let json = serde_json::to_string(&TransferNote::FamilyDonation {
            family: "王**".into(),
        })
        .unwrap();
        assert_eq!(json, r#"{"kind":"family_donation","family":"王**"}"#);
    }
}
