//! Notices' wording. The server words a notice in its reader's language when it is read (`notifications::word`), so only the server reads these and the app's wasm carries none.

use super::Words;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticesMsg {
    NoticeOrderState,
    NoticeOrderNew,
    NoticePromoted,
    NoticeRatingReply,
    NoticeJoinAsked,
    NoticeJoinAccepted,
    NoticeJoinDeclined,
    NoticeJoinDeclinedWhy,
    NoticeAlarm,
    NoticeAlarmAck,
    NoticeAlarmEscalated,
    NoticeAlarmOutside,
    NoticeAlarmResolved,
    NoticeHelpOffer,
    NoticeHelpAnswer,
    NoticeOrderReview,
}

impl From<NoticesMsg> for Words {
    fn from(msg: NoticesMsg) -> Words {
        use NoticesMsg::*;
        let (zh, en) = match msg {
            NoticeOrderState => ("你的工单「{service}」：{state}", "Your order “{service}”: {state}"),
            NoticeOrderNew => (
                "新的工单「{service}」派给了你的服务队，请及时接单",
                "A new order “{service}” was assigned to your team; please accept it",
            ),
            NoticePromoted => (
                "你候补的「{title}」（{when}）已转为正式名额，请准时参加。",
                "A place opened: you are confirmed for “{title}” ({when}). Please be on time.",
            ),
            NoticeRatingReply => (
                "服务队回复了你对「{service}」的评价",
                "The team replied to your rating of “{service}”",
            ),
            NoticeJoinAsked => ("{who}申请加入「{team}」", "{who} asks to join “{team}”"),
            NoticeJoinAccepted => (
                "「{team}」同意了你的入队申请，欢迎加入！",
                "“{team}” accepted your request to join. Welcome!",
            ),
            NoticeJoinDeclined => (
                "「{team}」没有同意你的入队申请",
                "“{team}” declined your request to join",
            ),
            NoticeJoinDeclinedWhy => (
                "「{team}」没有同意你的入队申请：{reason}",
                "“{team}” declined your request to join: {reason}",
            ),
            NoticeAlarm => ("{who}在{grid}发出紧急报警", "Alarm from {who} in {grid}"),
            NoticeAlarmAck => ("{who}正在赶往{grid}", "{who} is on the way to {grid}"),
            NoticeAlarmEscalated => (
                "{grid}的报警仍无人响应，已扩大通知范围",
                "Nobody has answered the alarm in {grid} yet; more people are being called",
            ),
            NoticeAlarmOutside => (
                "{grid}的报警仍无人响应，请联系外部力量：{responders}",
                "Nobody has answered the alarm in {grid} yet; call the outside responders: {responders}",
            ),
            NoticeAlarmResolved => ("{grid}的报警已处理：{note}", "The alarm in {grid} was resolved: {note}"),
            NoticeHelpOffer => ("{grid}有居民求助：{text}", "A neighbour in {grid} needs help: {text}"),
            NoticeHelpAnswer => ("{who}可以来帮忙", "{who} can come to help"),
            NoticeOrderReview => (
                "新的工单「{service}」等待你审核",
                "A new order “{service}” is waiting for your review",
            ),
        };
        Words { zh, en }
    }
}
