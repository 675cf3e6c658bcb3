use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{LoginRequest, Profile};
use crate::forms::check_login;
use crate::i18n::{AccountMsg, Msg};
use crate::nav::landing;
use crate::ui::api::{self, ApiResult};
use crate::ui::components::field::Field;
use crate::ui::components::status::FormError;
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;

#[component]
pub fn LoginPage() -> impl IntoView {
    let s = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::new(&["phone", "password"]);

    // Already signed in (a bookmark, the back button): go on to where they were heading.
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if let Some(p) = s.me.get_untracked() {
                let next = query.with_untracked(|q| q.get("next"));
                navigate(landing(&p, next.as_deref()), Default::default());
            }
        });
    }

    let submit = Action::new_local(move |req: &LoginRequest| {
        let req = req.clone();
        let navigate = navigate.clone();
        async move {
            let r: ApiResult<Profile> = api::login(req).await;
            match &r {
                Ok(p) => {
                    s.signed_in(p.clone());
                    let next = query.with_untracked(|q| q.get("next"));
                    navigate(landing(p, next.as_deref()), Default::default());
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
        match check_login(&phone.get_untracked(), &password.get_untracked()) {
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
                <h1>{move || s.t(AccountMsg::SignInTitle)}</h1>
                <Field id="phone" label=Msg::FieldPhone value=phone kind="tel"
                    autocomplete="username" inputmode="numeric" hint=AccountMsg::PhoneHint
                    problem=form.field("phone") />
                <Field id="password" label=Msg::FieldPassword value=password kind="password"
                    autocomplete="current-password" problem=form.field("password") />
                <p class="form-alt form-alt-start"><A href="/reset">{move || s.t(AccountMsg::ForgotPassword)}</A></p>
                <FormError message=form.general() />
                <button class="btn btn-primary btn-block" type="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { s.t(Msg::Working) } else { s.t(Msg::SignIn) }}
                </button>
                <p class="form-alt">
                    {move || s.t(AccountMsg::NoAccountYet)}" "
                    <A href="/register">{move || s.t(Msg::SignUp)}</A>
                </p>
            </form>
        </section>
    }
}
