//! CSV exports for offices: UTF-8 with a byte-order mark (so Excel reads Chinese), a
//! header in the requester's language, codes worded, times local. Streamed page by page
//! from a reader connection: the server holds one page however many rows there are.

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use linli_app::api::ledger::{AccountKind, TransferKind, TransferNote};
use linli_app::api::orders::{OrderState, RatingSubject};
use linli_app::api::projects::HoursStatus;
use linli_app::api::shop::StockEventKind;
use linli_app::api::stats::ExportKind;
use linli_app::clock;
use linli_app::i18n::{self, t, ExportsMsg, Lang};
use linli_app::validate::{Checked, Invalid, Problem};
use rusqlite::types::Value;

use crate::ledger::calendar;
use crate::store::exports::{self as store, Filter};
use crate::store::Db;

/// Rows fetched per page (and sent as one chunk).
pub const PAGE: i64 = 1000;
const BOM: &str = "\u{feff}";
const DAY: i64 = 86_400;

/// How a cell is written.
#[derive(Debug, Clone, Copy)]
enum Col {
    Number,
    Text,
    Day,
    Time,
    Transfer,
    Account,
    /// Why a transfer was made: its note worded, or the reason as written.
    Reason,
    Hours,
    Order,
    Subject,
    StockKind,
}

fn columns(kind: ExportKind) -> &'static [(ExportsMsg, Col)] {
    use Col::*;
    use ExportsMsg::*;
    match kind {
        ExportKind::Members => &[
            (CsvNumber, Number),
            (CsvName, Text),
            (CsvPhone, Text),
            (CsvTeam, Text),
            (CsvJoined, Day),
            (CsvBalance, Number),
        ],
        ExportKind::Hours => &[
            (CsvNumber, Number),
            (CsvName, Text),
            (CsvProject, Text),
            (CsvTeam, Text),
            (CsvDate, Day),
            (CsvMinutes, Number),
            (CsvStatus, Hours),
            (CsvPoints, Number),
        ],
        ExportKind::Transfers => &[
            (CsvNumber, Number),
            (CsvTime, Time),
            (CsvKind, Transfer),
            (CsvPoints, Number),
            (CsvFrom, Account),
            (CsvTo, Account),
            (CsvReason, Reason),
        ],
        ExportKind::Orders => &[
            (CsvNumber, Number),
            (CsvSubmitted, Time),
            (CsvService, Text),
            (CsvTeam, Text),
            (CsvServed, Text),
            (CsvStatus, Order),
            (CsvTaken, Time),
            (CsvCompleted, Time),
        ],
        ExportKind::Ratings => &[
            (CsvNumber, Number),
            (CsvTime, Time),
            (CsvSubject, Subject),
            (CsvTeam, Text),
            (CsvStars, Number),
            (CsvComment, Text),
        ],
        ExportKind::StockEvents => &[
            (CsvNumber, Number),
            (CsvTime, Time),
            (CsvItem, Text),
            (CsvKind, StockKind),
            (CsvChange, Number),
            (CsvStockAfter, Number),
            (CsvDonor, Text),
            (CsvValue, Number),
        ],
    }
}

/// A field as CSV: quoted when it holds a comma, quote or line break; a text that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`) gets a leading apostrophe.
pub fn field(raw: &str, is_text: bool) -> String {
    let guarded = if is_text && raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn worded(lang: Lang, col: Col, code: &str) -> Option<String> {
    Some(match col {
        Col::Transfer => i18n::transfer_kind_text(lang, TransferKind::parse(code)?).into(),
        Col::Hours => i18n::hours_status_text(lang, HoursStatus::parse(code)?).into(),
        Col::Order => t(
            lang,
            linli_app::orders::state_name(OrderState::parse(code)?),
        )
        .into(),
        Col::Subject => t(
            lang,
            match RatingSubject::parse(code)? {
                RatingSubject::Order => ExportsMsg::StSubjectOrder,
                RatingSubject::Session => ExportsMsg::StSubjectSession,
                RatingSubject::ShopItem => ExportsMsg::StSubjectItem,
                RatingSubject::Training => ExportsMsg::StSubjectTraining,
                RatingSubject::Help => ExportsMsg::StSubjectHelp,
            },
        )
        .into(),
        Col::StockKind => t(
            lang,
            match StockEventKind::parse(code)? {
                StockEventKind::StockIn => ExportsMsg::StStockIn,
                StockEventKind::Adjust => ExportsMsg::StStockAdjust,
                StockEventKind::Count => ExportsMsg::StStockCount,
                StockEventKind::Checkout => ExportsMsg::StStockCheckout,
                StockEventKind::Refund => ExportsMsg::StStockRefund,
                StockEventKind::Set => ExportsMsg::StStockSet,
            },
        )
        .into(),
        Col::Account => match code.strip_prefix('#') {
            Some(kind) => i18n::account_kind_text(lang, AccountKind::parse(kind)?).into(),
            None => code.to_string(),
        },
        Col::Reason => {
            let note: TransferNote = serde_json::from_str(code.strip_prefix('#')?).ok()?;
            linli_app::ledger::transfer_note_text(lang, &note)
        }
        _ => return None,
    })
}

fn cell(lang: Lang, col: Col, v: &Value) -> String {
    let text = match (col, v) {
        (_, Value::Null) => String::new(),
        (Col::Day, Value::Integer(t)) => calendar::day_key(*t),
        (Col::Time, Value::Integer(t)) => clock::local_input(*t).replace('T', " "),
        (_, Value::Integer(n)) => n.to_string(),
        (_, Value::Real(x)) => x.to_string(),
        (_, Value::Text(s)) => worded(lang, col, s).unwrap_or_else(|| s.clone()),
        (_, Value::Blob(_)) => String::new(),
    };
    field(&text, matches!(col, Col::Text | Col::Account | Col::Reason))
}

/// The byte-order mark and the header line in `lang`.
pub fn header_line(lang: Lang, kind: ExportKind) -> String {
    let names: Vec<String> = columns(kind)
        .iter()
        .map(|(m, _)| field(t(lang, *m), true))
        .collect();
    format!("{BOM}{}\r\n", names.join(","))
}

fn lines(lang: Lang, kind: ExportKind, rows: &[(i64, Vec<Value>)]) -> String {
    let cols = columns(kind);
    let mut out = String::new();
    for (_, cells) in rows {
        let line: Vec<String> = cols
            .iter()
            .zip(cells)
            .map(|((_, col), v)| cell(lang, *col, v))
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The local days asked for as a half-open range of Unix times: `from` defaults to the
/// beginning, `to` (included) to today.
pub fn day_range(from: Option<&str>, to: Option<&str>, now: i64) -> Checked<(i64, i64)> {
    // A day that does not exist (30 February) does not come back as itself.
    let parse = |field: &'static str, raw: &str| {
        clock::parse_date(raw)
            .filter(|t| calendar::day_key(*t) == raw.trim())
            .ok_or(Invalid {
                field,
                problem: Problem::BadDate,
            })
    };
    let start = from
        .map(|f| parse("from", f))
        .transpose()?
        .unwrap_or(i64::MIN / 2);
    let until = match to {
        Some(raw) => parse("to", raw)? + DAY,
        None => clock::parse_date(&calendar::day_key(now)).unwrap_or(now) + DAY,
    };
    if start >= until {
        return Err(Invalid {
            field: "from",
            problem: Problem::BadDate,
        });
    }
    Ok((start, until))
}

/// The CSV as a response body read page by page as the client takes it.
pub fn stream(db: Db, lang: Lang, kind: ExportKind, filter: Filter, name: String) -> Response {
    let first = Bytes::from(header_line(lang, kind));
    let pages = stream::unfold(Some(0i64), move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move {
            let after = after?;
            let page = db
                .read(move |c| store::page(c, kind, &filter, after, PAGE))
                .await;
            match page {
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let next = (rows.len() as i64 == PAGE).then(|| rows[rows.len() - 1].0);
                    Some((Ok(Bytes::from(lines(lang, kind, &rows))), next))
                }
                Err(e) => Some((Err(std::io::Error::other(format!("{e:?}"))), None)),
            }
        }
    });
    let body = stream::once(async move { Ok::<_, std::io::Error>(first) });
    let body = futures_util::StreamExt::chain(body, pages);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("王奶奶", true), "王奶奶");
        assert_eq!(field("a,b", true), "\"a,b\"");
        assert_eq!(field("say \"hi\"", true), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)", true), "'=HYPERLINK(1)");
        assert_eq!(field("-20", false), "-20");
    }

    #[test]
    fn headers_start_with_the_bom_in_the_asked_language() {
        let zh = header_line(Lang::Zh, ExportKind::Members);
        assert!(zh.starts_with("\u{feff}编号,姓名,手机号"));
        let en = header_line(Lang::En, ExportKind::Transfers);
        assert_eq!(
            en,
            "\u{feff}No.,Time,Kind,Points,From account,To account,Reason\r\n"
        );
    }

    #[test]
    fn a_transfer_note_is_worded_in_the_asked_language_and_a_typed_reason_kept() {
        let note = Value::Text(r##"#{"kind":"pool_donation"}"##.into());
        assert_eq!(
            cell(Lang::En, Col::Reason, &note),
            "Donated to the charity pool"
        );
        assert_eq!(cell(Lang::Zh, Col::Reason, &note), "捐赠至公益积分池");
        let typed = Value::Text("#3 楼补发".into());
        assert_eq!(cell(Lang::En, Col::Reason, &typed), "#3 楼补发");
    }

    #[test]
    fn day_ranges_include_the_last_day() {
        let (a, b) = day_range(Some("2026-01-01"), Some("2026-01-31"), 0).unwrap();
        assert_eq!(b - a, 31 * DAY);
        assert!(day_range(Some("2026-02-01"), Some("2026-01-31"), 0).is_err());
        assert_eq!(
            day_range(Some("2026-13-01"), None, 0).unwrap_err().field,
            "from"
        );
        assert_eq!(
            day_range(None, Some("2026-02-30"), 0).unwrap_err().field,
            "to"
        );
    }
}
