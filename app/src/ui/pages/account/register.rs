use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{Profile, RegisterRequest};
use crate::forms::check_register;
use crate::i18n::{AccountMsg, Msg};
use crate::ui::api::{self, ApiResult};
use crate::ui::components::field::Field;
use crate::ui::components::status::FormError;
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let s = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::new(&["name", "phone", "password"]);

    // Already signed in (a bookmark, the back button): nothing to register.
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if s.me.with_untracked(|m| m.is_some()) {
                navigate("/", Default::default());
            }
        });
    }

    let submit = Action::new_local(move |req: &RegisterRequest| {
        let req = req.clone();
        let navigate = navigate.clone();
        async move {
            let r: ApiResult<Profile> = api::register(req).await;
            match &r {
                Ok(p) => {
                    // Keep the language the visitor chose before they had an account.
                    let chosen = s.lang.get_untracked();
                    s.signed_in(p.clone());
                    s.choose_lang(chosen);
                    // Straight to 我的, where the next steps (card PIN, a team) are offered.
                    navigate("/me?welcome", Default::default());
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
        match check_register(
            &name.get_untracked(),
            &phone.get_untracked(),
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
                <h1>{move || s.t(AccountMsg::SignUpTitle)}</h1>
                <Field id="name" label=Msg::FieldFullName value=name autocomplete="name"
                    problem=form.field("name") />
                <Field id="phone" label=Msg::FieldPhone value=phone kind="tel"
                    autocomplete="username" inputmode="numeric" hint=AccountMsg::PhoneHint
                    problem=form.field("phone") />
                <Field id="password" label=Msg::FieldPassword value=password kind="password"
                    autocomplete="new-password" hint=Msg::PasswordHint
                    problem=form.field("password") />
                <FormError message=form.general() />
                <button class="btn btn-primary btn-block" type="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { s.t(Msg::Working) } else { s.t(Msg::SignUp) }}
                </button>
                <p class="form-alt">
                    {move || s.t(AccountMsg::HaveAccount)}" "
                    <A href="/login">{move || s.t(Msg::SignIn)}</A>
                </p>
            </form>
        </section>
    }
}
