//! Notifications: every status change tells the people concerned, in the same transaction
//! as the change. A notice is stored as a kind plus parameters and worded in the reader's
//! language when read, so switching language rewords old notices too.

pub mod alarm_notices;
pub mod http;
pub mod live;
pub mod stream;

use linli_app::api::orders::{Notice, OrderState};
use linli_app::i18n::{t, Lang, NoticesMsg};
use linli_app::orders::state_name;
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::error::AppResult;
use crate::store::notifications::{self as store, Links, NoticeRow};

/// A place opened and a waitlisted sign-up is confirmed.
pub const PROMOTED: &str = "promoted";
/// An order the reader placed or is served by changed state.
pub const ORDER_STATE: &str = "order_state";
/// An order was assigned to the reader's team.
pub const ORDER_NEW: &str = "order_new";
/// A new order in the reader's reach waits for review.
pub const ORDER_REVIEW: &str = "order_review";
/// The team replied to the reader's rating.
pub const RATING_REPLY: &str = "rating_reply";
/// Someone asks to join a team the reader leads.
pub const JOIN_ASKED: &str = "join_asked";
/// The reader's request to join a team was accepted or declined.
pub const JOIN_DECIDED: &str = "join_decided";

/// Stores a notice for `user_id`.
pub fn notify(
    conn: &Connection,
    user_id: i64,
    kind: &str,
    params: Value,
    links: Links,
    now: i64,
) -> AppResult<i64> {
    store::insert(conn, user_id, kind, &params, links, now)
}

/// Tells the people an order is for (served and placer, once each, not the actor) that it
/// is now in `state`.
pub fn order_changed(
    conn: &Connection,
    people: &[Option<i64>],
    actor: i64,
    order_id: i64,
    service: &str,
    state: OrderState,
    now: i64,
) -> AppResult<()> {
    let mut told: Vec<i64> = Vec::new();
    for id in people.iter().flatten() {
        if *id == actor || told.contains(id) {
            continue;
        }
        told.push(*id);
        let params = json!({"order": order_id, "service": service, "state": state});
        let links = Links {
            order_id: Some(order_id),
            ..Links::default()
        };
        notify(conn, *id, ORDER_STATE, params, links, now)?;
    }
    Ok(())
}

fn param<'a>(params: &'a Value, key: &str) -> &'a str {
    params.get(key).and_then(Value::as_str).unwrap_or("")
}

/// "3月2日 09:00" / "2 Mar 09:00", in local (Beijing) time.
pub fn local_time_text(lang: Lang, at: i64) -> String {
    linli_app::when::day_and_time(lang, at)
}

/// A notice's sentence in `lang`.
pub fn word(lang: Lang, row: &NoticeRow) -> String {
    let p = &row.params;
    let template = |msg: NoticesMsg| t(lang, msg).to_string();
    match row.kind.as_str() {
        ORDER_STATE => {
            let state = p
                .get("state")
                .and_then(|s| serde_json::from_value::<OrderState>(s.clone()).ok())
                .map(|s| t(lang, state_name(s)))
                .unwrap_or("");
            template(NoticesMsg::NoticeOrderState)
                .replace("{service}", param(p, "service"))
                .replace("{state}", state)
        }
        ORDER_NEW => template(NoticesMsg::NoticeOrderNew).replace("{service}", param(p, "service")),
        ORDER_REVIEW => {
            template(NoticesMsg::NoticeOrderReview).replace("{service}", param(p, "service"))
        }
        RATING_REPLY => {
            template(NoticesMsg::NoticeRatingReply).replace("{service}", param(p, "service"))
        }
        JOIN_ASKED => template(NoticesMsg::NoticeJoinAsked)
            .replace("{who}", param(p, "who"))
            .replace("{team}", param(p, "team")),
        JOIN_DECIDED => {
            let accepted = p.get("accepted").and_then(Value::as_bool).unwrap_or(false);
            let reason = param(p, "reason");
            let msg = match (accepted, reason.is_empty()) {
                (true, _) => NoticesMsg::NoticeJoinAccepted,
                (false, true) => NoticesMsg::NoticeJoinDeclined,
                (false, false) => NoticesMsg::NoticeJoinDeclinedWhy,
            };
            template(msg)
                .replace("{team}", param(p, "team"))
                .replace("{reason}", reason)
        }
        PROMOTED if p.get("title").is_some() => {
            let when = p.get("starts_at").and_then(Value::as_i64).unwrap_or(0);
            template(NoticesMsg::NoticePromoted)
                .replace("{title}", param(p, "title"))
                .replace("{when}", &local_time_text(lang, when))
        }
        kind if kind.starts_with("alarm") || kind.starts_with("help_") => {
            alarm_notices::word(lang, kind, p)
        }
        // Rows from before notices had parameters keep the text they were stored with.
        _ => row.text.clone(),
    }
}

pub fn to_api(lang: Lang, row: NoticeRow) -> Notice {
    Notice {
        id: row.id,
        text: word(lang, &row),
        kind: row.kind,
        params: row.params,
        order_id: row.order_id,
        created_at: row.created_at,
        read_at: row.read_at,
    }
}

/// A person's notices in their language, newest first.
pub fn list(
    conn: &Connection,
    user_id: i64,
    lang: Lang,
    after: Option<i64>,
) -> AppResult<Vec<Notice>> {
    Ok(store::list(conn, user_id, after, 200)?
        .into_iter()
        .map(|r| to_api(lang, r))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, params: Value) -> NoticeRow {
        NoticeRow {
            id: 1,
            kind: kind.into(),
            params,
            text: String::new(),
            order_id: None,
            project_id: None,
            session_id: None,
            created_at: 0,
            read_at: None,
        }
    }

    /// The waitlist notice names the project and its local time, in each language.
    #[test]
    fn the_promotion_notice_is_worded_in_the_readers_language() {
        // 2026-03-02 09:00 Beijing.
        let r = row(
            PROMOTED,
            json!({"title": "免费义诊", "starts_at": 1_772_413_200}),
        );
        assert_eq!(
            word(Lang::Zh, &r),
            "你候补的「免费义诊」（3月2日 09:00）已转为正式名额，请准时参加。"
        );
        assert_eq!(
            word(Lang::En, &r),
            "A place opened: you are confirmed for “免费义诊” (2 Mar 09:00). Please be on time."
        );
    }

    #[test]
    fn an_order_notice_names_the_service_and_the_state() {
        let r = row(
            ORDER_STATE,
            json!({"order": 3, "service": "法律援助", "state": "accepted"}),
        );
        assert_eq!(word(Lang::Zh, &r), "你的工单「法律援助」：已接单");
        assert_eq!(word(Lang::En, &r), "Your order “法律援助”: Accepted");
    }

    /// A join answer names the team, and the reason when one was given, in each language.
    #[test]
    fn a_join_answer_is_worded_with_its_reason() {
        let yes = row(JOIN_DECIDED, json!({"team": "白鸽队", "accepted": true}));
        assert_eq!(
            word(Lang::En, &yes),
            "“白鸽队” accepted your request to join. Welcome!"
        );
        let no = row(
            JOIN_DECIDED,
            json!({"team": "白鸽队", "accepted": false, "reason": "已满员"}),
        );
        assert_eq!(
            word(Lang::Zh, &no),
            "「白鸽队」没有同意你的入队申请：已满员"
        );
        assert_eq!(
            word(Lang::En, &no),
            "“白鸽队” declined your request to join: 已满员"
        );
        let asked = row(JOIN_ASKED, json!({"who": "李梅", "team": "白鸽队"}));
        assert_eq!(word(Lang::En, &asked), "李梅 asks to join “白鸽队”");
    }

    /// Old rows stored as text are shown as they were.
    #[test]
    fn old_text_notices_stay_as_stored() {
        let mut r = row(PROMOTED, json!({}));
        r.text = "旧消息".into();
        assert_eq!(word(Lang::En, &r), "旧消息");
    }
}
