use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::i18n::{Msg, PointsMsg};
use crate::nav::{admin_places, Place};
use crate::roles::Role;
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::icons::place_icon;
use crate::ui::components::shell::LangSwitch;
use crate::ui::components::status::FormError;
use crate::ui::pages::admin::person::{RoleList, TeamList};
use crate::ui::pages::points::teams::WelcomeCard;
use crate::ui::state::use_session;
use crate::validate::mask_phone;

#[component]
pub fn MePage() -> impl IntoView {
    let s = use_session();
    let navigate = use_navigate();
    // Teams and roles may have changed since sign-in: refresh quietly.
    spawn_local(async move {
        if let Ok(p) = api::me().await {
            // Only over the same person: an answer that arrives after signing out must
            // not sign them back in on screen.
            s.me.update(|m| {
                if m.as_ref().is_some_and(|old| old.id == p.id) {
                    *m = Some(p);
                }
            });
        }
    });
    // Just signed in with a reset code (from /reset).
    let reset = use_location()
        .query
        .with_untracked(|q| q.get("reset").is_some());
    // Just registered: offer the next steps until dismissed.
    let welcome = RwSignal::new(
        use_location()
            .query
            .with_untracked(|q| q.get("welcome").is_some()),
    );
    let leads = move || {
        s.me.with(|m| {
            m.as_ref()
                .is_some_and(|p| p.roles.iter().any(|g| g.role == Role::TeamLeader))
        })
    };
    let error = RwSignal::new(None::<String>);
    let sign_out = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            match api::logout().await {
                Ok(()) => {
                    s.me.set(None);
                    navigate("/", Default::default());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let profile = move || s.me.get();
    view! {
        <SignedIn>
            <section class="page me">
                <h1>{move || s.t(PointsMsg::ProfileTitle)}</h1>
                {reset.then(|| view! { <p class="form-ok" role="status">{move || s.t(PointsMsg::ResetDone)}</p> })}
                <Show when=move || welcome.get()>
                    <WelcomeCard on_dismiss=Callback::new(move |_| welcome.set(false)) />
                </Show>
                {move || profile().map(|p| view! {
                    <div class="card profile-card">
                        <div class="avatar" aria-hidden="true">{p.name.chars().next().map(String::from).unwrap_or_default()}</div>
                        <div>
                            <p class="person-name">{p.name.clone()}</p>
                            <p class="muted"><span class="sr-only">{move || s.t(Msg::FieldPhone)}</span>{mask_phone(&p.phone)}</p>
                        </div>
                    </div>
                    <A href="/points" attr:class="quick-link me-points">
                        {place_icon(Place::Points)}
                        <span>{move || s.t(PointsMsg::MyBalance)}</span>
                        <MyBalance />
                    </A>
                    <A href="/me/settings" attr:class="quick-link me-settings">
                        <span>{move || s.t(PointsMsg::AccountSettings)}</span>
                    </A>
                    <A href="/me/teams" attr:class="quick-link me-join">
                        <span>{move || s.t(PointsMsg::JoinTitle)}</span>
                    </A>
                    <Show when=leads>
                        <A href="/me/lead" attr:class="quick-link me-lead">
                            <span>{move || s.t(PointsMsg::LeadTitle)}</span>
                        </A>
                    </Show>
                    <MyFamilyLink />
                    <div class="card">
                        <h2>{move || s.t(Msg::LanguageLabel)}</h2>
                        <LangSwitch />
                    </div>
                    <div class="card">
                        <h2>{move || s.t(Msg::MyTeams)}</h2>
                        <TeamList teams=p.teams.clone() empty=Msg::NoTeams />
                    </div>
                    <div class="card">
                        <h2>{move || s.t(PointsMsg::MyRoles)}</h2>
                        <RoleList roles=p.roles.clone() empty=Msg::NoRoles />
                    </div>
                })}
                <Show when=move || s.me.with(|m| !admin_places(m.as_ref()).is_empty())>
                    <div class="card">
                        <h2>{move || s.t(PointsMsg::AdminTools)}</h2>
                        <ul class="link-list">
                            {move || s.me.with(|m| admin_places(m.as_ref())).into_iter().map(|p| view! {
                                <li><A href=p.href()>{move || s.t(p.label())}</A></li>
                            }).collect_view()}
                        </ul>
                    </div>
                </Show>
                <FormError message=error />
                <button class="btn btn-danger btn-block" type="button"
                    disabled=move || sign_out.pending().get()
                    on:click=move |_| { sign_out.dispatch_local(()); }>
                    {move || s.t(PointsMsg::SignOut)}
                </button>
            </section>
        </SignedIn>
    }
}

/// The person's balance beside the way to their points.
#[component]
fn MyBalance() -> impl IntoView {
    let points = LocalResource::new(api::my_points);
    move || {
        points
            .get()
            .and_then(|r| r.ok())
            .map(|p| view! { <strong class="me-balance">{p.balance}</strong> })
    }
}

/// A way to the family's page, for a person who spends for a family.
#[component]
fn MyFamilyLink() -> impl IntoView {
    let s = use_session();
    let family = LocalResource::new(api::my_family);
    move || {
        family.get().and_then(|r| r.ok()).flatten().map(|f| {
            view! {
                <p><A href="/me/family">{move || s.t(PointsMsg::FamMine)}" · "{f.full_name.clone()}</A></p>
            }
        })
    }
}
