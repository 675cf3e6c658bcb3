//! What a form shows about its problems: the client-side checks per field, and the
//! server's answer at the field it names or under the form.

use leptos::prelude::*;

use crate::forms::problem_for;
use crate::i18n::problem_text;
use crate::ui::api::ApiError;
use crate::ui::state::use_session;
use crate::validate::Invalid;

#[derive(Clone, Copy)]
pub struct FormState {
    pub problems: RwSignal<Vec<Invalid>>,
    pub server: RwSignal<Option<ApiError>>,
    fields: &'static [&'static str],
}

impl FormState {
    pub fn new(fields: &'static [&'static str]) -> Self {
        Self {
            problems: RwSignal::new(Vec::new()),
            server: RwSignal::new(None),
            fields,
        }
    }

    pub fn clear(&self) {
        self.problems.set(Vec::new());
        self.server.set(None);
    }

    pub fn server_error(&self, e: ApiError) {
        self.server.set(Some(e));
    }

    /// The problem to show at one field, in the current language.
    pub fn field(&self, field: &'static str) -> Signal<Option<String>> {
        let s = use_session();
        let me = *self;
        Signal::derive(move || {
            let lang = s.lang.get();
            if let Some(p) = me.problems.with(|ps| problem_for(ps, field).copied()) {
                return Some(problem_text(lang, &p));
            }
            me.server.with(|e| {
                e.as_ref()
                    .filter(|e| e.field() == Some(field))
                    .map(|e| e.text(lang))
            })
        })
    }

    /// The server's error when it names no field of this form.
    pub fn general(&self) -> Signal<Option<String>> {
        let s = use_session();
        let me = *self;
        Signal::derive(move || {
            let lang = s.lang.get();
            me.server.with(|e| {
                e.as_ref()
                    .filter(|e| e.field().is_none_or(|f| !me.fields.contains(&f)))
                    .map(|e| e.text(lang))
            })
        })
    }
}
