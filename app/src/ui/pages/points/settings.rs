//! 账户设置: one's own name and password.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{ChangePasswordRequest, UpdateMe};
use crate::forms::check_change_password;
use crate::i18n::{Msg, PointsMsg};
use crate::ui::api;
use crate::ui::components::field::Field;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::FormError;
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;
use crate::validate;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let s = use_session();
    view! {
        <SignedIn>
            <section class="page narrow settings">
                <A href="/me" attr:class="back-link">"‹ "{move || s.t(PointsMsg::ProfileTitle)}</A>
                <h1>{move || s.t(PointsMsg::AccountSettings)}</h1>
                <NameForm />
                <PasswordForm />
            </section>
        </SignedIn>
    }
}

/// The person's name, as teams and receipts show it.
#[component]
fn NameForm() -> impl IntoView {
    let s = use_session();
    let name = RwSignal::new(
        s.me.with_untracked(|m| m.as_ref().map(|p| p.name.clone()).unwrap_or_default()),
    );
    let form = FormState::new(&["name"]);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |name: &String| {
        let req = UpdateMe {
            name: Some(name.clone()),
            lang: None,
        };
        async move {
            match api::update_me(req).await {
                Ok(p) => {
                    s.me.set(Some(p));
                    saved.set(true);
                }
                Err(e) => form.server_error(e),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        match validate::person_name(&name.get_untracked()) {
            Ok(n) => {
                form.clear();
                save.dispatch_local(n);
            }
            Err(p) => form.problems.set(vec![p]),
        }
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h2>{move || s.t(PointsMsg::EditName)}</h2>
            <Field id="name" label=Msg::FieldFullName value=name autocomplete="name"
                problem=form.field("name") />
            <FormError message=form.general() />
            {move || saved.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(PointsMsg::NameSaved)}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || save.pending().get()>
                {move || if save.pending().get() { s.t(Msg::Working) } else { s.t(PointsMsg::SaveName) }}
            </button>
        </form>
    }
}

/// A new password; the current one proves it is really the person.
#[component]
fn PasswordForm() -> impl IntoView {
    let s = use_session();
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::new(&["current_password", "password"]);
    let changed = RwSignal::new(false);
    let change = Action::new_local(move |req: &ChangePasswordRequest| {
        let req = req.clone();
        async move {
            match api::change_password(req).await {
                Ok(()) => {
                    current.set(String::new());
                    password.set(String::new());
                    changed.set(true);
                }
                Err(e) => form.server_error(e),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        changed.set(false);
        if change.pending().get_untracked() {
            return;
        }
        match check_change_password(&current.get_untracked(), &password.get_untracked()) {
            Ok(req) => {
                form.clear();
                change.dispatch_local(req);
            }
            Err(problems) => form.problems.set(problems),
        }
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <h2>{move || s.t(PointsMsg::ChangePassword)}</h2>
            <Field id="current-password" label=Msg::FieldCurrentPassword value=current kind="password"
                autocomplete="current-password" problem=form.field("current_password") />
            <Field id="new-password" label=Msg::FieldNewPassword value=password kind="password"
                autocomplete="new-password" hint=Msg::PasswordHint problem=form.field("password") />
            <FormError message=form.general() />
            {move || changed.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(PointsMsg::PasswordChangedOthersOut)}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || change.pending().get()>
                {move || if change.pending().get() { s.t(Msg::Working) } else { s.t(PointsMsg::ChangePassword) }}
            </button>
        </form>
    }
}
