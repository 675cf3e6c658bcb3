//! How the alarm path's and help requests' notices read: kinds and their wording, kept
//! with the other notices so `notifications` needs nothing from `alarms`.

use linli_app::api::alarms::LEVEL_OUTSIDE;
use linli_app::i18n::{t, Lang, NoticesMsg};

/// Notice kinds of the alarm path (params: `alarm`, `grid` and per kind `who`, `text`,
/// `level`, `note`).
pub const ALARM: &str = "alarm";
pub const ALARM_ACK: &str = "alarm_ack";
pub const ALARM_ESCALATED: &str = "alarm_escalated";
pub const ALARM_RESOLVED: &str = "alarm_resolved";
/// Notice kinds: a need offered to a volunteer; a volunteer is coming (to the resident).
pub const HELP_OFFER: &str = "help_offer";
pub const HELP_ANSWER: &str = "help_answer";

/// An alarm's or a help request's notice in `lang`.
pub fn word(lang: Lang, kind: &str, p: &serde_json::Value) -> String {
    let param = |k: &str| {
        p.get(k)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let fill = |msg: NoticesMsg| {
        t(lang, msg)
            .replace("{grid}", &param("grid"))
            .replace("{who}", &param("who"))
            .replace("{note}", &param("note"))
            .replace("{responders}", &param("responders"))
            .replace("{text}", &param("text"))
    };
    let level = p
        .get("level")
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(0);
    match kind {
        ALARM => {
            let text = param("text");
            let head = fill(NoticesMsg::NoticeAlarm);
            match (text.is_empty(), lang) {
                (true, _) => head,
                (false, Lang::Zh) => format!("{head}：{text}"),
                (false, Lang::En) => format!("{head}: {text}"),
            }
        }
        HELP_OFFER => fill(NoticesMsg::NoticeHelpOffer),
        HELP_ANSWER => fill(NoticesMsg::NoticeHelpAnswer),
        ALARM_ACK => fill(NoticesMsg::NoticeAlarmAck),
        ALARM_ESCALATED if level >= LEVEL_OUTSIDE => fill(NoticesMsg::NoticeAlarmOutside),
        ALARM_ESCALATED => fill(NoticesMsg::NoticeAlarmEscalated),
        _ => fill(NoticesMsg::NoticeAlarmResolved),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Alarm notices are worded in the reader's language, the sender's words kept.
    #[test]
    fn alarm_notices_read_in_both_languages() {
        let p = json!({"grid": "网格一", "who": "刘芳", "text": "楼道起火"});
        assert_eq!(
            word(Lang::Zh, ALARM, &p),
            "刘芳在网格一发出紧急报警：楼道起火"
        );
        assert_eq!(
            word(Lang::En, ALARM, &p),
            "Alarm from 刘芳 in 网格一: 楼道起火"
        );
        let top = json!({"grid": "网格一", "level": 3, "responders": "派出所 110"});
        assert!(word(Lang::En, ALARM_ESCALATED, &top).ends_with("responders: 派出所 110"));
    }
}
