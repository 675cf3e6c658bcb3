//! A labelled form field with its hint and its problem, wired for screen readers.

use leptos::prelude::*;

use crate::i18n::Words;
use crate::ui::state::use_session;

#[component]
pub fn Field(
    id: &'static str,
    #[prop(into)] label: Words,
    value: RwSignal<String>,
    #[prop(into)] problem: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] hint: Option<Words>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let s = use_session();
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let described = {
        let (h, e) = (hint_id.clone(), err_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(h.clone());
            }
            if problem.with(|p| p.is_some()) {
                ids.push(e.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field-invalid=move || problem.with(|p| p.is_some())>
            <label for=id>{move || s.t(label)}</label>
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=move || problem.with(|p| p.is_some()).to_string()
                aria-describedby=described
                bind:value=value
            />
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{move || s.t(h)}</p> })}
            <Show when=move || problem.with(|p| p.is_some())>
                <p class="field-error" id=err_id.clone()>{move || problem.get().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}
