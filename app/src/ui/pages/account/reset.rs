//! A forgotten password: the person enters the one-time code their team leader or
//! administrator gave them, chooses a new password, and is signed in.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{Profile, ResetPasswordRequest};
use crate::forms::check_reset;
use crate::i18n::{AccountMsg, Msg};
use crate::ui::api::{self, ApiResult};
use crate::ui::components::field::Field;
use crate::ui::components::status::FormError;
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;

#[component]
pub fn ResetPage() -> impl IntoView {
    let s = use_session();
    let navigate = use_navigate();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::new(&["phone", "reset_code", "password"]);

    let submit = Action::new_local(move |req: &ResetPasswordRequest| {
        let req = req.clone();
        let navigate = navigate.clone();
        async move {
            let r: ApiResult<Profile> = api::reset_password(req).await;
            match &r {
                Ok(p) => {
                    s.signed_in(p.clone());
                    navigate("/me?reset=1", Default::default());
                }
                Err(e) => form.server_error(e.clone()),
            }
            r
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if submit.pending().get_untracked() {
            return;
        }
        match check_reset(
            &phone.get_untracked(),
            &code.get_untracked(),
            &password.get_untracked(),
        ) {
            Ok(req) => {
                form.clear();
                submit.dispatch_local(req);
            }
            Err(problems) => form.problems.set(problems),
        }
    };

    view! {
        <section class="page narrow">
            <form class="card form" on:submit=on_submit novalidate>
                <h1>{move || s.t(AccountMsg::ResetTitle)}</h1>
                <p class="muted">{move || s.t(AccountMsg::ResetIntro)}</p>
                <Field id="phone" label=Msg::FieldPhone value=phone kind="tel"
                    autocomplete="username" inputmode="numeric" hint=AccountMsg::PhoneHint
                    problem=form.field("phone") />
                <Field id="reset-code" label=Msg::FieldResetCode value=code
                    autocomplete="one-time-code" inputmode="numeric"
                    problem=form.field("reset_code") />
                <Field id="password" label=Msg::FieldNewPassword value=password kind="password"
                    autocomplete="new-password" hint=Msg::PasswordHint problem=form.field("password") />
                <FormError message=form.general() />
                <button class="btn btn-primary btn-block" type="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { s.t(Msg::Working) } else { s.t(AccountMsg::ResetSubmit) }}
                </button>
                <p class="form-alt"><A href="/login">{move || s.t(Msg::SignIn)}</A></p>
            </form>
        </section>
    }
}
