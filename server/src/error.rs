//! The one API error type, mapped to HTTP in one place. Internal details are logged,
//! never sent. Messages are written in the caller's language by `localize`.

use axum::{
    extract::{rejection::JsonRejection, FromRequest, FromRequestParts, Request},
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use linli_app::{
    api::{ErrorBody, ErrorCode, ErrorDetail, Reason},
    i18n::{error_text, problem_text, t, Lang, Msg},
    validate::{Invalid, Problem},
};

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// The request could not be read (malformed JSON, wrong types). The detail is about
    /// the caller's own input, so it is shown.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The body is JSON but not of the expected form (an array for an object, a string for
    /// a number, an unknown choice, a missing field). The detail names what did not fit.
    #[error("unfit body: {0}")]
    UnfitBody(String),
    /// A field broke a validation rule.
    #[error("invalid {}", .0.field)]
    Invalid(Invalid),
    /// A specific refusal: its reason gives the code and the words.
    #[error("refused: {0:?}")]
    Refused(Reason),
    /// A refusal with the code's generic message.
    #[error("{0:?}")]
    Code(ErrorCode),
    /// Anything unexpected: logged, sent as a generic 500.
    #[error("internal: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A field broke a rule: the one way the server says so (a 422 naming the field).
    pub fn invalid(field: &'static str, problem: Problem) -> AppError {
        AppError::Invalid(Invalid { field, problem })
    }

    pub const UNAUTHENTICATED: AppError = AppError::Code(ErrorCode::Unauthenticated);
    pub const FORBIDDEN: AppError = AppError::Code(ErrorCode::Forbidden);
    pub const NOT_FOUND: AppError = AppError::Code(ErrorCode::NotFound);
    /// The disk is full, the database read-only or failing: nothing was written.
    pub const STORAGE_UNAVAILABLE: AppError = AppError::Refused(Reason::StorageUnavailable);

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::BadRequest(_) => ErrorCode::BadRequest,
            AppError::Invalid(_) | AppError::UnfitBody(_) => ErrorCode::Validation,
            AppError::Refused(reason) => reason.code(),
            AppError::Code(code) => *code,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self.code() {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Validation => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The body in a language.
    pub fn body(&self, lang: Lang) -> ErrorBody {
        let code = self.code();
        let reason = match self {
            AppError::Refused(reason) => Some(*reason),
            _ => None,
        };
        let (message, field) = match self {
            AppError::BadRequest(detail) => (format!("{}: {detail}", error_text(lang, code)), None),
            AppError::UnfitBody(detail) => {
                (format!("{}: {detail}", t(lang, Msg::ErrUnfitBody)), None)
            }
            AppError::Invalid(bad) => (problem_text(lang, bad), Some(bad.field.to_string())),
            AppError::Refused(reason) => (t(lang, *reason).to_string(), None),
            AppError::Code(_) | AppError::Internal(_) => (error_text(lang, code).to_string(), None),
        };
        ErrorBody {
            error: ErrorDetail {
                code,
                message,
                field,
                reason,
            },
        }
    }
}

impl From<Invalid> for AppError {
    fn from(bad: Invalid) -> Self {
        AppError::Invalid(bad)
    }
}

/// True when SQLite could not write because of the storage, not the data: the disk is
/// full, the file or its directory is read-only, or an I/O error. A 503, not a 500.
pub fn is_storage_failure(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(
            rusqlite::ErrorCode::DiskFull
                | rusqlite::ErrorCode::ReadOnly
                | rusqlite::ErrorCode::SystemIoFailure
                | rusqlite::ErrorCode::CannotOpen
        )
    )
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        if is_storage_failure(&e) {
            tracing::error!(error = %e, "the storage refused a write");
            return AppError::STORAGE_UNAVAILABLE;
        }
        AppError::Internal(format!("sqlite: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let mut resp = (self.status(), axum::Json(self.body(Lang::Zh))).into_response();
        // `localize` rewrites the body in the caller's language.
        resp.extensions_mut().insert(self);
        resp
    }
}

/// Middleware: rewrites error bodies in the language of the request's Accept-Language.
pub async fn localize(req: Request, next: Next) -> Response {
    let lang = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default();
    let resp = next.run(req).await;
    match resp.extensions().get::<AppError>() {
        Some(err) if lang != Lang::Zh => {
            let err = err.clone();
            let (mut parts, _) = resp.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            let body = serde_json::to_vec(&err.body(lang)).unwrap_or_default();
            Response::from_parts(parts, body.into())
        }
        _ => resp,
    }
}

/// JSON body extractor whose rejections use the app's error shape.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct AppJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// JSON that is not of the expected form is a 422 (like a value out of range); a body that
/// is not JSON at all (bad syntax, no `Content-Type: application/json`) is a 400.
impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonDataError(e) => AppError::UnfitBody(e.body_text()),
            r if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::Code(ErrorCode::PayloadTooLarge)
            }
            r => AppError::BadRequest(r.body_text()),
        }
    }
}

impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(r: axum::extract::rejection::PathRejection) -> Self {
        AppError::BadRequest(r.body_text())
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(r: axum::extract::rejection::QueryRejection) -> Self {
        AppError::BadRequest(r.body_text())
    }
}

/// Path extractor with the app's error shape (e.g. `/nodes/abc` is a 400, not plain text).
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct AppPath<T>(pub T);

/// Query extractor with the app's error shape.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct AppQuery<T>(pub T);

/// Unknown `/api` paths.
pub async fn api_not_found() -> AppError {
    AppError::NOT_FOUND
}

/// A known path with the wrong method.
pub async fn method_not_allowed() -> AppError {
    AppError::Code(ErrorCode::MethodNotAllowed)
}
