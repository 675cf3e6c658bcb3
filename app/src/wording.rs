//! No developer text reaches a person: every message in both languages, every refusal of
//! every field the sources check, and every audit entry's sentence are read here for raw
//! field names (`starts_at`, `user_id`) and bare Unix times (9–10 digits).

use std::path::{Path, PathBuf};

use crate::api::bank::OffsetStatus;
use crate::api::ledger::{AuditKind, TransferKind};
use crate::i18n::{audit_sentence, field_label, problem_text, Lang, AUDIT_SENTENCES};
use crate::validate::{Invalid, Problem};

/// 2026-12-03 19:49 in Beijing.
const AT: i64 = 1_796_298_540;

/// What a person must never read: a snake_case identifier or a run of 9+ digits.
/// `{placeholders}` are the template's own and are filled before anyone reads them.
fn developer_text(text: &str) -> Option<String> {
    let mut plain = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    for token in plain.split(|c: char| !word(c)).filter(|t| !t.is_empty()) {
        let snake = token.contains('_')
            && token.chars().any(|c| c.is_ascii_lowercase())
            && !token.starts_with('_');
        if snake {
            return Some(token.to_string());
        }
        let digits = token.chars().take_while(|c| c.is_ascii_digit()).count();
        if token.chars().all(|c| c.is_ascii_digit()) && digits >= 9 {
            return Some(token.to_string());
        }
    }
    None
}

/// Chinese punctuation has no place in an English sentence (curly quotes are English too).
fn chinese_punctuation(text: &str) -> bool {
    text.chars()
        .any(|c| "，。：；！？、（）《》【】".contains(c))
}

/// The string literals of Rust source, in order (escapes kept as written).
fn literals(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = code.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        if c == '"' && prev != '\'' && prev != '\\' {
            let mut lit = String::new();
            while let Some(d) = chars.next() {
                match d {
                    '\\' => {
                        lit.push(d);
                        if let Some(e) = chars.next() {
                            lit.push(e);
                        }
                    }
                    '"' => break,
                    _ => lit.push(d),
                }
            }
            out.push(lit);
            prev = '"';
        } else {
            prev = c;
        }
    }
    out
}

/// The message tables' sources: the shared one and each area's.
fn message_tables() -> Vec<(PathBuf, String)> {
    read_sources(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n")])
}

/// The text of a table: from its `match msg {` to the end of the match.
fn table(src: &str) -> Option<&str> {
    let start = src.find("let (zh, en) = match msg {")?;
    let end = start + src[start..].find("\n        };")?;
    Some(&src[start..end])
}

/// Every message: the (zh, en) pairs of every table, read from their sources.
#[test]
fn no_message_shows_a_field_name_or_a_unix_time() {
    let mut pairs = 0;
    for (path, src) in message_tables() {
        let Some(table) = table(&src) else { continue };
        for arm in table.split(" => (").skip(1) {
            let lits = literals(arm);
            let (Some(zh), Some(en)) = (lits.first(), lits.get(1)) else {
                continue;
            };
            pairs += 1;
            for text in [zh, en] {
                assert_eq!(developer_text(text), None, "{text} in {}", path.display());
            }
            assert!(
                !chinese_punctuation(en),
                "Chinese punctuation in English: {en}"
            );
        }
    }
    assert!(pairs > 1000, "read {pairs} messages");
}

/// The variants of a message enum (`pub enum AdminMsg { … }`): its name and variants.
fn message_enum(src: &str) -> Option<(&str, Vec<&str>)> {
    let start = src.find("pub enum ")? + "pub enum ".len();
    let name = src[start..].split_whitespace().next()?;
    let body = &src[start..start + src[start..].find('}')?];
    let body = &body[body.find('{')? + 1..];
    let variants = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(|l| l.trim_end_matches(','))
        .collect();
    Some((name, variants))
}

/// A message nobody shows is a translation nobody keeps up: every variant of every
/// table is named somewhere outside its declaration and its table.
#[test]
fn every_message_is_used() {
    let tables = message_tables();
    let mut code: Vec<String> = all_sources()
        .into_iter()
        .filter(|(p, _)| !p.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n")))
        .map(|(_, text)| text)
        .collect();
    // The tables' own files count too, without their declaration and their table.
    for (_, src) in &tables {
        let mut rest = src.clone();
        if let Some(t) = table(src) {
            rest = rest.replace(t, "");
        }
        if let Some((name, _)) = message_enum(src) {
            rest = rest.replace(&format!("use {name}::*;"), "");
        }
        if let Some(start) = rest.find("pub enum ") {
            let end = start + rest[start..].find('}').unwrap_or(0);
            rest.replace_range(start..end, "");
        }
        code.push(rest);
    }
    let mut unused = Vec::new();
    let mut checked = 0;
    for (_, src) in &tables {
        let Some((name, variants)) = message_enum(src) else {
            continue;
        };
        let glob = format!("use {name}::*");
        for v in variants {
            checked += 1;
            let qualified = format!("{name}::{v}");
            let used = code.iter().any(|c| {
                contains_word(c, &qualified) || (c.contains(&glob) && contains_word(c, v))
            });
            if !used {
                unused.push(qualified);
            }
        }
    }
    assert!(checked > 1000, "checked {checked} messages");
    assert!(unused.is_empty(), "messages no code shows: {unused:?}");
}

/// `word` stands alone in `text` (not as part of a longer identifier).
fn contains_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// The `.rs` files under a directory.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source dir") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn all_sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    read_sources(&[root.join("src"), root.join("../server/src")])
}

/// Every `.rs` file under `dirs` with its text, in path order.
fn read_sources(dirs: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for dir in dirs {
        sources(dir, &mut files);
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (p, text)
        })
        .collect()
}

/// The first string literal after each place `marker` appears.
fn first_literal_after(code: &str, marker: &str) -> Vec<String> {
    code.match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &code[i + marker.len()..];
            // 300 bytes or a little less, on a character's boundary.
            let end = (0..=rest.len().min(300))
                .rev()
                .find(|&e| rest.is_char_boundary(e))?;
            let rest = &rest[..end];
            literals(rest).into_iter().next()
        })
        .collect()
}

/// Every field a check names, collected from the sources of both sides: the first
/// argument of `invalid(…)`, `in_range(…)`, `time_between(…)`, `text(…)`, `problem(…)`
/// and every `field: "…"`.
fn checked_fields() -> Vec<String> {
    let mut fields = Vec::new();
    for (_, code) in all_sources() {
        for marker in [
            "invalid(",
            "in_range(",
            "time_between(",
            "text(",
            "problem(",
            "field: ",
        ] {
            for lit in first_literal_after(&code, marker) {
                let snake =
                    !lit.is_empty() && lit.chars().all(|c| c.is_ascii_lowercase() || c == '_');
                if snake {
                    fields.push(lit);
                }
            }
        }
    }
    fields.sort();
    fields.dedup();
    fields
}

#[test]
fn every_refusal_of_every_checked_field_reads_in_words() {
    let fields = checked_fields();
    for must in [
        "starts_at",
        "title",
        "place",
        "at",
        "until",
        "price",
        "signup_closes_at",
    ] {
        assert!(fields.iter().any(|f| f == must), "{must} was not collected");
    }
    let problems = [
        Problem::Required,
        Problem::TooShort { min: 2 },
        Problem::TooLong { max: 40 },
        Problem::OutOfRange { min: 1, max: 999 },
        Problem::UnknownOption,
        Problem::Duplicate,
        Problem::BadDate,
        Problem::NotBefore { at: AT },
        Problem::NotAfter { at: AT },
        Problem::After { at: AT },
        Problem::CheckInOpens { at: AT },
    ];
    for field in &fields {
        let field: &'static str = Box::leak(field.clone().into_boxed_str());
        for lang in [Lang::Zh, Lang::En] {
            let label = field_label(lang, field);
            assert!(
                label != field || !field.contains('_'),
                "{field} has no label"
            );
            for problem in problems {
                let text = problem_text(lang, &Invalid { field, problem });
                assert_eq!(developer_text(&text), None, "{field}: {text}");
                if lang == Lang::En {
                    assert!(!chinese_punctuation(&text), "{text}");
                }
            }
        }
    }
}

/// A time refusal names the moment in words: "签到从 12月3日 19:49 开始".
#[test]
fn time_refusals_are_dates_in_words() {
    let early = Invalid {
        field: "at",
        problem: Problem::CheckInOpens { at: AT },
    };
    assert_eq!(problem_text(Lang::Zh, &early), "签到从 12月3日 19:49 开始");
    assert_eq!(
        problem_text(Lang::En, &early),
        "Check-in opens on 3 Dec at 19:49"
    );
    let end = Invalid {
        field: "ends_at",
        problem: Problem::After { at: AT },
    };
    assert_eq!(
        problem_text(Lang::Zh, &end),
        "结束时间应晚于 2026年12月3日 19:49"
    );
    let unknown = Invalid {
        field: "no_such_field",
        problem: Problem::Required,
    };
    assert_eq!(problem_text(Lang::Zh, &unknown), "请填写此项");
    assert_eq!(problem_text(Lang::En, &unknown), "This entry is required");
}

/// Every action the server writes to the audit log has a sentence and a kind, and the
/// sentence names people, never codes.
#[test]
fn every_audit_action_reads_as_a_sentence() {
    let mut actions: Vec<String> = Vec::new();
    for (path, code) in all_sources() {
        if !path.to_string_lossy().contains("server") {
            continue;
        }
        for marker in ["audit::record(", "audit::record_system("] {
            actions.extend(
                first_literal_after(&code, marker)
                    .into_iter()
                    .filter(|a| a.contains('.')),
            );
        }
    }
    // Actions named with a value: each value the server can put there.
    let offsets = [OffsetStatus::Confirmed, OffsetStatus::Rejected];
    assert!(actions.iter().any(|a| a == "bank.offset.{}"));
    actions.retain(|a| !a.contains("{}"));
    actions.extend(offsets.map(|s| format!("bank.offset.{}", s.as_str())));
    actions.extend(TransferKind::ALL.map(|k| format!("points.{}", k.as_str())));
    actions.sort();
    actions.dedup();
    assert!(actions.len() > 50, "{actions:?}");
    for action in &actions {
        assert!(
            AUDIT_SENTENCES.iter().any(|(a, _, _)| a == action),
            "{action} has no sentence"
        );
        assert!(AuditKind::of(action).is_some(), "{action} has no kind");
    }
    for (action, _, _) in AUDIT_SENTENCES {
        for lang in [Lang::Zh, Lang::En] {
            for who in [Some("王芳"), None] {
                let text = audit_sentence(lang, action, who, Some("李明"));
                assert_eq!(developer_text(&text), None, "{text}");
                assert!(!text.contains(action), "{text}");
                if lang == Lang::En {
                    assert!(!chinese_punctuation(&text), "{text}");
                }
            }
        }
    }
    assert_eq!(
        audit_sentence(Lang::Zh, "password.reset_code", Some("王芳"), Some("李明")),
        "王芳 给 李明 签发了密码重置码"
    );
    assert_eq!(
        audit_sentence(Lang::Zh, "points.redeem", Some("刘芳"), Some("刘芳")),
        "刘芳 为 自己 用积分兑换了商品"
    );
    assert_eq!(
        audit_sentence(
            Lang::En,
            "password.reset_code",
            Some("Wang Fang"),
            Some("Li Ming")
        ),
        "Wang Fang issued a password reset code for Li Ming"
    );
}

#[test]
fn the_check_itself_catches_what_it_must() {
    assert_eq!(developer_text("请填写starts_at"), Some("starts_at".into()));
    assert_eq!(
        developer_text("at应在 1796421600 到 1796285668 之间"),
        Some("1796421600".into())
    );
    assert_eq!(developer_text("今天 {time}"), None);
    assert_eq!(developer_text("user_id: 6"), Some("user_id".into()));
}
