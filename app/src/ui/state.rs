//! The session and language every page reads: who is signed in, and which language the
//! UI speaks. Provided once by the app as context.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Profile, UpdateMe};
use crate::i18n::{t, Lang, Msg, Words};
use crate::ui::api::{self, ApiError};

const LANG_KEY: &str = "linli.lang";

/// Where the first "who am I" request stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Boot {
    Loading,
    Ready,
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Profile>>,
    pub lang: RwSignal<Lang>,
    pub boot: RwSignal<Boot>,
}

impl Session {
    /// Text of a message in the current language (reactive).
    pub fn t(&self, msg: impl Into<Words>) -> &'static str {
        t(self.lang.get(), msg)
    }

    /// Adopts a freshly signed-in person and their remembered language.
    pub fn signed_in(&self, profile: Profile) {
        self.lang.set(profile.lang);
        self.me.set(Some(profile));
    }

    /// Changes the language: remembered on this device, and on the person's account when
    /// signed in, so it follows them to other devices.
    pub fn choose_lang(&self, lang: Lang) {
        if self.lang.get_untracked() == lang {
            return;
        }
        self.lang.set(lang);
        if self.me.with_untracked(|m| m.is_some()) {
            let me = self.me;
            spawn_local(async move {
                let upd = UpdateMe {
                    name: None,
                    lang: Some(lang),
                };
                if let Ok(p) = api::update_me(upd).await {
                    me.set(Some(p));
                }
            });
        }
    }

    /// Asks the server who is signed in; nobody is an answer, not an error.
    pub fn load(&self) {
        let s = *self;
        s.boot.set(Boot::Loading);
        spawn_local(async move {
            match api::session().await {
                Ok(Some(p)) => {
                    s.signed_in(p);
                    s.boot.set(Boot::Ready);
                }
                Ok(None) => {
                    s.me.set(None);
                    s.boot.set(Boot::Ready);
                }
                Err(e) => s.boot.set(Boot::Failed(e)),
            }
        });
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn stored_lang() -> Option<Lang> {
    storage()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|c| Lang::from_code(&c))
}

/// Creates the session, provides it, and keeps the page (`<html lang>`, title, storage,
/// the API client's Accept-Language) in step with the chosen language.
pub fn provide_session() -> Session {
    let lang = stored_lang().unwrap_or_default();
    api::set_lang(lang);
    let s = Session {
        me: RwSignal::new(None),
        lang: RwSignal::new(lang),
        boot: RwSignal::new(Boot::Loading),
    };
    provide_context(s);
    Effect::new(move |_| {
        let lang = s.lang.get();
        api::set_lang(lang);
        if let Some(st) = storage() {
            let _ = st.set_item(LANG_KEY, lang.code());
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(html) = doc.document_element() {
                let _ = html.set_attribute("lang", lang.code());
            }
            doc.set_title(t(lang, Msg::AppName));
        }
    });
    s.load();
    s
}
