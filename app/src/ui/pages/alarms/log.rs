//! The patrol log on the phone (巡逻日志): the grid, what it is about, a few words and an
//! optional photo, uploaded once the entry is stored; and the log's list as the desk
//! shows it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::alarms::{LogEntry, LogKind, NewLogEntry};
use crate::i18n::{AlarmsMsg, Msg};
use crate::shop::PhotoProblem;
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, FormError};
use crate::ui::photo::fit;
use crate::ui::state::use_session;
use crate::when::when_text;

pub fn kind_msg(kind: LogKind) -> AlarmsMsg {
    match kind {
        LogKind::Fire => AlarmsMsg::LogFire,
        LogKind::StreetStall => AlarmsMsg::LogStreetStall,
        LogKind::Medical => AlarmsMsg::LogMedical,
        LogKind::Dispute => AlarmsMsg::LogDispute,
        LogKind::Sanitation => AlarmsMsg::LogSanitation,
        LogKind::Other => AlarmsMsg::LogOther,
    }
}

pub fn file_input(id: &str) -> Option<web_sys::HtmlInputElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()
}

/// The file picked in the photo input, if any.
pub fn picked(id: &str) -> Option<web_sys::File> {
    file_input(id)?.files()?.get(0)
}

/// The photo picked in the input, if any, made small enough to send.
pub async fn picked_photo(id: &str) -> Result<Option<web_sys::Blob>, PhotoProblem> {
    match picked(id) {
        Some(f) => fit(f).await.map(Some),
        None => Ok(None),
    }
}

/// Stores the entry, then its photo if one was picked.
async fn save(req: NewLogEntry, file: Option<web_sys::Blob>) -> api::ApiResult<LogEntry> {
    let entry = api::write_log(req).await?;
    match file {
        Some(f) => api::upload_file(&format!("/patrol-log/{}/photo", entry.id), f).await,
        None => Ok(entry),
    }
}

#[component]
pub fn LogPage() -> impl IntoView {
    let s = use_session();
    let grids = super::grids();
    let grid = RwSignal::new(String::new());
    let kind = RwSignal::new(LogKind::Other);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<LogEntry>);
    let send = Action::new_local(move |_: &()| {
        let req = NewLogEntry {
            grid_id: super::chosen_grid(grids, grid),
            kind: kind.get_untracked(),
            text: text.get_untracked(),
        };
        async move {
            let file = match picked_photo("log-photo").await {
                Ok(f) => f,
                Err(p) => {
                    error.set(Some(s.t(p.msg()).to_string()));
                    return;
                }
            };
            match save(req, file).await {
                Ok(e) => {
                    text.set(String::new());
                    if let Some(i) = file_input("log-photo") {
                        i.set_value("");
                    }
                    saved.set(Some(e));
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    view! {
        <SignedIn>
            <section class="page log-page">
                <h1>{move || s.t(AlarmsMsg::LogTitle)}</h1>
                <form class="card al-form" on:submit=move |ev| { ev.prevent_default(); error.set(None); saved.set(None); send.dispatch_local(()); }>
                    {super::grid_field("log-grid", grids, grid)}
                    <div class="field">
                        <label for="log-kind">{move || s.t(AlarmsMsg::LogKind)}</label>
                        <select id="log-kind" on:change=move |ev| {
                            if let Some(k) = LogKind::parse(&event_target_value(&ev)) { kind.set(k) }
                        }>
                            {LogKind::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str() selected=move || kind.get() == k>{move || s.t(kind_msg(k))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="log-text">{move || s.t(AlarmsMsg::LogText)}</label>
                        <textarea id="log-text" rows="3" maxlength="200" bind:value=text required></textarea>
                    </div>
                    <div class="field">
                        <label for="log-photo">{move || s.t(AlarmsMsg::LogPhoto)}</label>
                        <input id="log-photo" type="file" accept="image/jpeg,image/png,image/webp" />
                        <p class="field-hint">{move || s.t(Msg::PhotoHint)}</p>
                    </div>
                    <button type="submit" class="btn btn-primary" disabled=move || send.pending().get()>{move || s.t(AlarmsMsg::LogSave)}</button>
                    <FormError message=error />
                    {move || saved.get().map(|e| view! {
                        <p class="form-ok" role="status" data-testid="log-saved">{move || s.t(AlarmsMsg::LogSaved)}" · "{e.text.clone()}</p>
                    })}
                </form>
            </section>
        </SignedIn>
    }
}

/// The log as a list, newest first.
pub fn log_list(entries: Vec<LogEntry>) -> impl IntoView {
    let s = use_session();
    if entries.is_empty() {
        return view! { <Empty msg=AlarmsMsg::LogNone /> }.into_any();
    }
    let now = (js_sys::Date::now() / 1000.0) as i64;
    view! {
        <ul class="row-list log-list">
            {entries.into_iter().map(|e| {
                let alt = e.text.clone();
                view! {
                    <li class="row">
                        <div class="row-main">
                            <strong>{move || s.t(kind_msg(e.kind))}" · "{e.grid_name.clone()}</strong>
                            <span>{e.text.clone()}</span>
                            <span class="muted small">{e.author_name.clone()}" · "{move || when_text(s.lang.get(), e.created_at, now)}</span>
                        </div>
                        {e.photo.map(|p| view! {
                            <a href=p.display_url.clone() target="_blank">
                                <img class="mini-thumb" src=p.thumb_url.clone() alt=alt width="64" height="64" />
                            </a>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
