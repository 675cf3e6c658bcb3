//! Calendar arithmetic in China Standard Time (UTC+8, no daylight saving): caps count per
//! local day and month, and "valid to year end" means midnight of 1 January, Beijing time.

const OFFSET: i64 = 8 * 3600;
const DAY: i64 = 86_400;

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) → days since 1970-01-01.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The local (Beijing) date of a Unix time.
pub fn local_date(t: i64) -> (i64, u32, u32) {
    civil_from_days((t + OFFSET).div_euclid(DAY))
}

/// `YYYY-MM-DD` of the local day, the key daily caps are summed under.
pub fn day_key(t: i64) -> String {
    let (y, m, d) = local_date(t);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM` of the local month, the key monthly caps are summed under.
pub fn month_key(t: i64) -> String {
    let (y, m, _) = local_date(t);
    format!("{y:04}-{m:02}")
}

/// The first instant of a local (Beijing) day written `YYYY-MM-DD` (2000 to 2099), or None.
pub fn day_start(raw: &str) -> Option<i64> {
    let mut parts = raw.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return None;
    }
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let days = days_from_civil(y, m, d);
    // 2026-02-30 would roll over into March: only real dates.
    ((2000..=2099).contains(&y) && civil_from_days(days) == (y, m, d)).then(|| days * DAY - OFFSET)
}

/// The first instant of the local day `t` falls in.
pub fn start_of_day(t: i64) -> i64 {
    (t + OFFSET).div_euclid(DAY) * DAY - OFFSET
}

/// The first instant of the next local year: points valid "to year end" lapse then.
pub fn next_year_start(t: i64) -> i64 {
    let (y, _, _) = local_date(t);
    days_from_civil(y + 1, 1, 1) * DAY - OFFSET
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-01-01T00:00:00+08:00
    const NEW_YEAR_2026: i64 = 1_767_196_800;

    #[test]
    fn days_start_at_beijing_midnight_and_only_real_dates_parse() {
        assert_eq!(day_start("2026-01-01"), Some(NEW_YEAR_2026));
        assert_eq!(day_start(" 2026-01-02 "), Some(NEW_YEAR_2026 + DAY));
        assert_eq!(start_of_day(NEW_YEAR_2026 + DAY - 1), NEW_YEAR_2026);
        assert_eq!(start_of_day(NEW_YEAR_2026), NEW_YEAR_2026);
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "",
            "1999-12-31",
            "2026/01/01",
        ] {
            assert_eq!(day_start(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_round_trip_through_day_numbers() {
        for z in [-800_000, -1, 0, 1, 59, 10_957, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn the_local_day_turns_at_midnight_beijing_time() {
        assert_eq!(day_key(NEW_YEAR_2026), "2026-01-01");
        assert_eq!(day_key(NEW_YEAR_2026 - 1), "2025-12-31");
        // 16:00 UTC on 31 December is already 1 January in Beijing.
        assert_eq!(NEW_YEAR_2026 % DAY, 16 * 3600);
        assert_eq!(month_key(NEW_YEAR_2026 - 1), "2025-12");
    }

    #[test]
    fn year_end_is_the_next_local_new_year() {
        assert_eq!(next_year_start(NEW_YEAR_2026 - 1), NEW_YEAR_2026);
        assert_eq!(next_year_start(NEW_YEAR_2026 - 200 * DAY), NEW_YEAR_2026);
        // Earned at the very start of a year: valid for the whole of it.
        assert_eq!(next_year_start(NEW_YEAR_2026), NEW_YEAR_2026 + 365 * DAY);
    }
}
