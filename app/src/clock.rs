//! The one clock: the community's dates are Beijing dates (China Standard Time, UTC+8 all
//! year, no daylight saving). Calendar arithmetic, the day and month keys daily and
//! monthly caps are counted under, and the parsing of typed dates, for both sides.
//! Wording a date for people is not here.

/// Beijing's offset from UTC, in seconds.
pub const OFFSET: i64 = 8 * 3600;
pub const DAY: i64 = 86_400;

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
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
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether (year, month, day) is a date that exists.
pub fn is_date(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && {
        let next = if m == 12 {
            days_from_civil(y + 1, 1, 1)
        } else {
            days_from_civil(y, m + 1, 1)
        };
        i64::from(d) <= next - days_from_civil(y, m, 1)
    }
}

/// The local (Beijing) date of a Unix time.
pub fn local_date(t: i64) -> (i64, u32, u32) {
    civil_from_days((t + OFFSET).div_euclid(DAY))
}

/// The UTC date of a Unix time.
pub fn utc_date(t: i64) -> (i64, u32, u32) {
    civil_from_days(t.div_euclid(DAY))
}

/// (hour, minute, second) of the local (Beijing) day.
pub fn local_clock(t: i64) -> (i64, i64, i64) {
    let s = (t + OFFSET).rem_euclid(DAY);
    (s / 3600, s % 3600 / 60, s % 60)
}

/// Midnight (Beijing) of the day holding `t`.
pub fn day_start(t: i64) -> i64 {
    (t + OFFSET).div_euclid(DAY) * DAY - OFFSET
}

/// Midnight (Beijing) starting a date.
pub fn midnight(y: i64, m: u32, d: u32) -> i64 {
    days_from_civil(y, m, d) * DAY - OFFSET
}

/// Day of the week in Beijing: 1 = Monday … 7 = Sunday.
pub fn weekday(t: i64) -> u8 {
    // 1970-01-01 was a Thursday (4).
    let days = (t + OFFSET).div_euclid(DAY);
    ((days + 3).rem_euclid(7) + 1) as u8
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

/// Midnight (Beijing) of the first day of the month holding `t`.
pub fn month_start(t: i64) -> i64 {
    let (y, m, _) = local_date(t);
    midnight(y, m, 1)
}

/// Midnight of the first day of the next month after the one holding `t`.
pub fn next_month(t: i64) -> i64 {
    let (y, m, _) = local_date(t);
    let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    midnight(y, m, 1)
}

/// Midnight of the first day of the month before the one holding `t`.
pub fn prev_month(t: i64) -> i64 {
    let (y, m, _) = local_date(t);
    let (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    midnight(y, m, 1)
}

/// The first instant of the next local year: points valid "to year end" lapse then.
pub fn next_year_start(t: i64) -> i64 {
    let (y, _, _) = local_date(t);
    midnight(y + 1, 1, 1)
}

/// A day key `YYYY-MM-DD` (exactly that shape) as (year, month, day), if the date
/// exists.
pub fn parse_day_key(raw: &str) -> Option<(i64, u32, u32)> {
    let b = raw.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let (y, m, d) = (num(&raw[..4])?, num(&raw[5..7])?, num(&raw[8..])?);
    is_date(i64::from(y), m, d).then_some((i64::from(y), m, d))
}

/// `2026-11-28T09:00` (what a datetime-local input holds) as Unix seconds, Beijing time.
pub fn parse_local(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let (date, time) = raw.split_once('T').or_else(|| raw.split_once(' '))?;
    let mut dp = date.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let m: u32 = dp.next()?.parse().ok()?;
    let d: u32 = dp.next()?.parse().ok()?;
    let mut tp = time.split(':');
    let h: i64 = tp.next()?.parse().ok()?;
    let min: i64 = tp.next()?.parse().ok()?;
    if !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
        || !(0..24).contains(&h)
        || !(0..60).contains(&min)
    {
        return None;
    }
    Some(midnight(y, m, d) + h * 3600 + min * 60)
}

/// `2026-11-28` (a date input) as the Beijing midnight it starts at.
pub fn parse_date(raw: &str) -> Option<i64> {
    parse_local(&format!("{}T00:00", raw.trim()))
}

/// Midnight (Beijing) of the Monday of the week holding `t`.
pub fn week_start(t: i64) -> i64 {
    day_start(t) - i64::from(weekday(t) - 1) * DAY
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
    let (h, min, _) = local_clock(t);
    format!("{}T{h:02}:{min:02}", day_key(t))
}

/// `09:00`.
pub fn time_text(t: i64) -> String {
    let (h, min, _) = local_clock(t);
    format!("{h:02}:{min:02}")
}

/// `11-28`.
pub fn short_date(t: i64) -> String {
    let (_, m, d) = local_date(t);
    format!("{m:02}-{d:02}")
}

/// `2026-11-28`.
pub fn date_text(ts: i64) -> String {
    day_key(ts)
}

/// `2026-11-28 14:05`.
pub fn datetime_text(ts: i64) -> String {
    let (h, min, _) = local_clock(ts);
    format!("{} {h:02}:{min:02}", day_key(ts))
}

/// The billing month a time falls in, `YYYY-MM`.
pub fn month_of(ts: i64) -> String {
    month_key(ts)
}

/// Whole days from `now` until `ts`, never below zero.
pub fn days_until(ts: i64, now: i64) -> i64 {
    ((ts - now).max(0) + 86_399) / 86_400
}

/// A billing month written `YYYY-MM` (2000-01 to 2099-12), or None.
pub fn parse_month(raw: &str) -> Option<(i32, u32)> {
    let s = raw.trim();
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 || !(y.chars().chain(m.chars())).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
    ((2000..=2099).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-01-01T00:00:00+08:00
    const NEW_YEAR_2026: i64 = 1_767_196_800;

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
        assert_eq!(utc_date(NEW_YEAR_2026), (2025, 12, 31));
        assert_eq!(local_clock(NEW_YEAR_2026 + 3723), (1, 2, 3));
    }

    #[test]
    fn year_end_is_the_next_local_new_year() {
        assert_eq!(next_year_start(NEW_YEAR_2026 - 1), NEW_YEAR_2026);
        assert_eq!(next_year_start(NEW_YEAR_2026 - 200 * DAY), NEW_YEAR_2026);
        // Earned at the very start of a year: valid for the whole of it.
        assert_eq!(next_year_start(NEW_YEAR_2026), NEW_YEAR_2026 + 365 * DAY);
    }

    #[test]
    fn only_dates_that_exist_are_dates() {
        assert!(is_date(2024, 2, 29));
        assert!(!is_date(2026, 2, 29));
        assert!(!is_date(2100, 2, 29));
        assert!(is_date(2000, 2, 29));
        assert!(!is_date(2026, 4, 31));
        assert!(!is_date(2026, 13, 1));
        assert!(!is_date(2026, 1, 0));
        assert_eq!(parse_day_key("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_day_key("2026-1-01"), None);
        assert_eq!(parse_day_key("2026-02-29"), None);
    }

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
        assert_eq!(local_date(month_start(MON_9)), (2026, 3, 1));
        assert_eq!(local_date(next_month(MON_9)), (2026, 4, 1));
        assert_eq!(local_date(prev_month(MON_9)), (2026, 2, 1));
        let grid = month_grid(MON_9);
        assert_eq!(grid.len() % 7, 0);
        // March 2026 starts on a Sunday: the grid opens on Monday 23 February.
        assert_eq!(local_date(grid[0]), (2026, 2, 23));
        assert_eq!(local_date(*grid.last().unwrap()), (2026, 4, 5));
        assert_eq!(
            local_date(next_month(MON_9 + 300 * DAY)).1,
            1,
            "December rolls over"
        );
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
        assert_eq!(crate::ledger::last_valid_day(1_798_732_800), "2026-12-31");
    }

    #[test]
    fn days_left_round_up_and_never_go_negative() {
        assert_eq!(days_until(100, 100), 0);
        assert_eq!(days_until(101, 100), 1);
        assert_eq!(days_until(100 + 86_400 * 2, 100), 2);
        assert_eq!(days_until(0, 100), 0);
    }
}
