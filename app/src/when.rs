//! A moment as a reader says it, in local (Beijing) time and their language: "今天 19:49",
//! "昨天 08:05", "12月1日 09:30", "2025年12月1日 09:30" / "today 19:49", "yesterday 08:05",
//! "1 Dec 09:30", "1 Dec 2025 09:30". Never "2026-12-03 19:49".

use crate::clock;
use crate::i18n::{t, Lang, Msg};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// (year, month, day, hour, minute) of a Unix time in Beijing.
fn china_time(ts: i64) -> (i64, u32, u32, u32, u32) {
    let (y, m, d) = clock::local_date(ts);
    let (h, min, _) = clock::local_clock(ts);
    (y, m, d, h as u32, min as u32)
}

/// Whole local (Beijing) days from `at` to `now`.
fn days_between(at: i64, now: i64) -> i64 {
    (clock::day_start(now) - clock::day_start(at)).div_euclid(86_400)
}

fn clock(h: u32, min: u32) -> String {
    format!("{h:02}:{min:02}")
}

/// "12月1日 09:30" / "1 Dec 09:30": the day and time, without the year.
pub fn day_and_time(lang: Lang, at: i64) -> String {
    let (_, m, d, h, min) = china_time(at);
    match lang {
        Lang::Zh => format!("{m}月{d}日 {}", clock(h, min)),
        Lang::En => format!("{d} {} {}", MONTHS[m as usize - 1], clock(h, min)),
    }
}

/// "2026年3月2日" / "2 Mar 2026": a local day with its year.
pub fn date_words(lang: Lang, at: i64) -> String {
    let (y, m, d) = clock::local_date(at);
    match lang {
        Lang::Zh => format!("{y}年{m}月{d}日"),
        Lang::En => format!("{d} {} {y}", MONTHS[m as usize - 1]),
    }
}

/// ("12月3日", "周四") / ("3 Dec", "Thu"): a day of a week's board and its weekday.
pub fn day_parts(lang: Lang, day: i64) -> (String, &'static str) {
    const WEEKDAYS: [Msg; 7] = [
        Msg::PjMon,
        Msg::PjTue,
        Msg::PjWed,
        Msg::PjThu,
        Msg::PjFri,
        Msg::PjSat,
        Msg::PjSun,
    ];
    let (_, m, d) = clock::local_date(day);
    let wd = t(lang, WEEKDAYS[crate::projects::weekday(day) as usize - 1]);
    let date = match lang {
        Lang::Zh => format!("{m}月{d}日"),
        Lang::En => format!("{d} {}", MONTHS[m as usize - 1]),
    };
    (date, wd)
}

/// "12月3日 周四" / "Thu 3 Dec".
pub fn day_name(lang: Lang, day: i64) -> String {
    let (date, wd) = day_parts(lang, day);
    match lang {
        Lang::Zh => format!("{date} {wd}"),
        Lang::En => format!("{wd} {date}"),
    }
}

/// "12月6日 09:00–11:30" / "6 Dec 09:00–11:30": a session of one day.
pub fn span_text(lang: Lang, starts: i64, ends: i64) -> String {
    let (_, _, _, h, min) = china_time(ends);
    format!("{}–{}", day_and_time(lang, starts), clock(h, min))
}

/// `at` as seen at `now`: today and yesterday by name, this year's days without the
/// year, other years' with it.
pub fn when_text(lang: Lang, at: i64, now: i64) -> String {
    let (y, m, d, h, min) = china_time(at);
    let time = clock(h, min);
    match days_between(at, now) {
        0 => t(lang, Msg::WhenToday).replace("{time}", &time),
        1 => t(lang, Msg::WhenYesterday).replace("{time}", &time),
        _ if china_time(now).0 == y => day_and_time(lang, at),
        _ => match lang {
            Lang::Zh => format!("{y}年{m}月{d}日 {time}"),
            Lang::En => format!("{d} {} {y} {time}", MONTHS[m as usize - 1]),
        },
    }
}

/// "2026年3月" / "Mar 2026" for a billing month `YYYY-MM` (as written when unreadable).
pub fn month_words(lang: Lang, month: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match (clock::parse_month(month), lang) {
        (Some((y, m)), Lang::Zh) => format!("{y}年{m}月"),
        (Some((y, m)), Lang::En) => format!("{} {y}", MONTHS[m as usize - 1]),
        (None, _) => month.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-03 19:49 in Beijing (11:49 UTC).
    const NOW: i64 = 1_796_298_540;
    const HOUR: i64 = 3600;

    #[test]
    fn the_fixture_is_what_it_says() {
        assert_eq!(china_time(NOW), (2026, 12, 3, 19, 49));
    }

    #[test]
    fn a_board_day_names_its_weekday() {
        assert_eq!(day_name(Lang::Zh, NOW), "12月3日 周四");
        assert_eq!(day_name(Lang::En, NOW), "Thu 3 Dec");
    }

    #[test]
    fn a_span_names_its_day_once() {
        assert_eq!(span_text(Lang::Zh, NOW, NOW + HOUR), "12月3日 19:49–20:49");
        assert_eq!(span_text(Lang::En, NOW, NOW + HOUR), "3 Dec 19:49–20:49");
    }

    #[test]
    fn today_and_yesterday_are_named() {
        assert_eq!(when_text(Lang::Zh, NOW, NOW), "今天 19:49");
        assert_eq!(when_text(Lang::En, NOW, NOW), "today 19:49");
        // 08:05 the day before.
        let y = NOW - 35 * HOUR - 44 * 60;
        assert_eq!(when_text(Lang::Zh, y, NOW), "昨天 08:05");
        assert_eq!(when_text(Lang::En, y, NOW), "yesterday 08:05");
    }

    /// Days are Beijing's: 00:10 local is today although it is still yesterday in UTC.
    #[test]
    fn the_day_turns_at_beijing_midnight() {
        let just_after = NOW - 19 * HOUR - 39 * 60; // 00:10 local, 16:10 UTC the day before
        assert_eq!(when_text(Lang::En, just_after, NOW), "today 00:10");
        assert_eq!(
            when_text(Lang::En, just_after - 20 * 60, NOW),
            "yesterday 23:50"
        );
    }

    #[test]
    fn older_days_are_dates_in_words() {
        let dec1 = NOW - 2 * 86_400 - 10 * HOUR - 19 * 60; // 1 Dec 09:30
        assert_eq!(when_text(Lang::Zh, dec1, NOW), "12月1日 09:30");
        assert_eq!(when_text(Lang::En, dec1, NOW), "1 Dec 09:30");
        let last_year = dec1 - 365 * 86_400;
        assert_eq!(when_text(Lang::Zh, last_year, NOW), "2025年12月1日 09:30");
        assert_eq!(when_text(Lang::En, last_year, NOW), "1 Dec 2025 09:30");
        assert_eq!(day_and_time(Lang::En, last_year), "1 Dec 09:30");
    }

    #[test]
    fn never_the_numeric_form() {
        for at in [NOW, NOW - 86_400, NOW - 40 * 86_400, NOW - 400 * 86_400] {
            for lang in [Lang::Zh, Lang::En] {
                assert!(!when_text(lang, at, NOW).contains('-'), "{at}");
            }
        }
    }
}
