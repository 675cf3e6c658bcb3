//! One session as an iCalendar file (RFC 5545): UTC times, escaped text, lines folded at
//! 75 octets on character boundaries, CRLF line ends.

/// The event's facts.
pub struct Event<'a> {
    pub uid: String,
    pub title: &'a str,
    pub place: &'a str,
    pub description: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub stamp: i64,
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line so no physical line passes 75 octets.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

/// `20260302T010000Z`.
pub fn utc(t: i64) -> String {
    let (y, m, d) = linli_app::clock::utc_date(t);
    let s = t.rem_euclid(86_400);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

pub fn calendar(e: &Event) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Linli//Project board//ZH".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", escape(&e.uid)),
        format!("DTSTAMP:{}", utc(e.stamp)),
        format!("DTSTART:{}", utc(e.starts_at)),
        format!("DTEND:{}", utc(e.ends_at)),
        format!("SUMMARY:{}", escape(e.title)),
        format!("LOCATION:{}", escape(e.place)),
        format!("DESCRIPTION:{}", escape(e.description)),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_escape_separators_and_newlines() {
        assert_eq!(escape("a,b;c\\d\r\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "义".repeat(40));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{}", physical.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn times_are_utc() {
        // 2026-03-02 09:00 Beijing is 01:00 UTC.
        assert_eq!(utc(1_772_413_200), "20260302T010000Z");
    }

    #[test]
    fn a_calendar_has_one_event_with_crlf_lines() {
        let text = calendar(&Event {
            uid: "session-1@linli".into(),
            title: "免费义诊, 测血压",
            place: "梅林都汇社区; 活动室",
            description: "带上\n医保卡",
            starts_at: 1_772_413_200,
            ends_at: 1_772_413_200 + 7200,
            stamp: 1_772_413_200,
        });
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("SUMMARY:免费义诊\\, 测血压\r\n"));
        assert!(text.contains("LOCATION:梅林都汇社区\\; 活动室\r\n"));
        assert!(text.contains("DESCRIPTION:带上\\n医保卡\r\n"));
        assert!(text.contains("DTEND:20260302T030000Z\r\n"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    }
}
