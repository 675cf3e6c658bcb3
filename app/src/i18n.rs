//! The one message table. Chinese is the default, English the second language.
//! Every message is a `Msg` variant, so a missing translation is a compile error.

use serde::{Deserialize, Serialize};

use crate::api::ErrorCode;
use crate::validate::{Invalid, Problem};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the language from an Accept-Language header: English only when English
    /// comes before any Chinese; Chinese otherwise (the default).
    pub fn from_accept_language(header: &str) -> Lang {
        for part in header.split(',') {
            let tag = part
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("zh") {
                return Lang::Zh;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Zh
    }
}

/// Every message the product shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    AppName,
    // errors
    ErrBadRequest,
    ErrValidation,
    ErrUnauthenticated,
    ErrForbidden,
    ErrNotFound,
    ErrMethodNotAllowed,
    ErrConflict,
    ErrPayloadTooLarge,
    ErrRateLimited,
    ErrInternal,
    ErrBadCredentials,
    ErrPhoneTaken,
    ErrMoveIntoOwnSubtree,
    // fields
    FieldName,
    FieldPhone,
    FieldPassword,
    FieldKind,
}

/// The text of a message in a language.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    let (zh, en) = match msg {
        AppName => ("邻里", "Linli"),
        ErrBadRequest => ("请求格式不正确", "The request is malformed"),
        ErrValidation => ("输入有误，请检查", "Please check what you entered"),
        ErrUnauthenticated => ("请先登录", "Please sign in first"),
        ErrForbidden => ("没有权限执行此操作", "You are not allowed to do this"),
        ErrNotFound => ("找不到该内容", "Not found"),
        ErrMethodNotAllowed => ("不支持该请求方法", "Method not allowed"),
        ErrConflict => ("与现有数据冲突", "This conflicts with existing data"),
        ErrPayloadTooLarge => ("提交的内容太大", "The request is too large"),
        ErrRateLimited => (
            "尝试次数过多，请稍后再试",
            "Too many attempts, please wait and try again",
        ),
        ErrInternal => (
            "服务器出错了，请稍后再试",
            "Something went wrong, please try again later",
        ),
        ErrBadCredentials => ("手机号或密码不正确", "Wrong phone number or password"),
        ErrPhoneTaken => ("该手机号已注册", "This phone number is already registered"),
        ErrMoveIntoOwnSubtree => ("不能移动到自己的下级", "A node cannot move under itself"),
        FieldName => ("名称", "Name"),
        FieldPhone => ("手机号", "Phone"),
        FieldPassword => ("密码", "Password"),
        FieldKind => ("类型", "Kind"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The generic text for an API error code.
pub fn error_text(lang: Lang, code: ErrorCode) -> &'static str {
    let msg = match code {
        ErrorCode::BadRequest => Msg::ErrBadRequest,
        ErrorCode::Validation => Msg::ErrValidation,
        ErrorCode::Unauthenticated => Msg::ErrUnauthenticated,
        ErrorCode::Forbidden => Msg::ErrForbidden,
        ErrorCode::NotFound => Msg::ErrNotFound,
        ErrorCode::MethodNotAllowed => Msg::ErrMethodNotAllowed,
        ErrorCode::Conflict => Msg::ErrConflict,
        ErrorCode::PayloadTooLarge => Msg::ErrPayloadTooLarge,
        ErrorCode::RateLimited => Msg::ErrRateLimited,
        ErrorCode::Internal => Msg::ErrInternal,
    };
    t(lang, msg)
}

fn field_label(lang: Lang, field: &str) -> String {
    let msg = match field {
        "name" => Some(Msg::FieldName),
        "phone" => Some(Msg::FieldPhone),
        "password" => Some(Msg::FieldPassword),
        "kind" => Some(Msg::FieldKind),
        _ => None,
    };
    msg.map(|m| t(lang, m).to_string())
        .unwrap_or_else(|| field.to_string())
}

/// A sentence saying what is wrong with a field, e.g. "密码至少需要 8 个字符".
pub fn problem_text(lang: Lang, invalid: &Invalid) -> String {
    let f = field_label(lang, invalid.field);
    match (lang, invalid.problem) {
        (Lang::Zh, Problem::Required) => format!("请填写{f}"),
        (Lang::En, Problem::Required) => format!("{f} is required"),
        (Lang::Zh, Problem::TooShort { min }) => format!("{f}至少需要 {min} 个字符"),
        (Lang::En, Problem::TooShort { min }) => format!("{f} needs at least {min} characters"),
        (Lang::Zh, Problem::TooLong { max }) => format!("{f}最多 {max} 个字符"),
        (Lang::En, Problem::TooLong { max }) => format!("{f} can have at most {max} characters"),
        (Lang::Zh, Problem::InvalidPhone) => "请输入 11 位手机号".to_string(),
        (Lang::En, Problem::InvalidPhone) => "Enter an 11-digit mobile number".to_string(),
        (Lang::Zh, Problem::WrongTree) => "类型与所在的树不符".to_string(),
        (Lang::En, Problem::WrongTree) => "That kind does not belong in this tree".to_string(),
        (Lang::Zh, Problem::KindNotAllowedHere) => "该类型不能放在这里".to_string(),
        (Lang::En, Problem::KindNotAllowedHere) => "That kind cannot be placed here".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default_language() {
        assert_eq!(Lang::default(), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr-FR"), Lang::Zh);
    }

    #[test]
    fn english_is_chosen_only_when_it_comes_first() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("zh-CN,en;q=0.5"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr, en;q=0.5"), Lang::En);
    }

    #[test]
    fn language_codes_round_trip_on_the_wire() {
        assert_eq!(serde_json::to_string(&Lang::Zh).unwrap(), "\"zh-CN\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
        assert_eq!(Lang::from_code(Lang::En.code()), Some(Lang::En));
    }

    #[test]
    fn problems_read_as_sentences_in_both_languages() {
        let bad = Invalid {
            field: "password",
            problem: Problem::TooShort { min: 8 },
        };
        assert_eq!(problem_text(Lang::Zh, &bad), "密码至少需要 8 个字符");
        assert_eq!(
            problem_text(Lang::En, &bad),
            "Password needs at least 8 characters"
        );
    }
}
