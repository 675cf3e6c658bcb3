//! A person's page for administrators: their teams and roles, with revoking, and a
//! one-time password reset code for someone who forgot theirs.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{RoleGrant, TeamRef};
use crate::i18n::{role_text, AdminMsg, Msg};
use crate::ui::api;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::{when_words, Empty, ErrorView, FormError, Loading};
use crate::ui::state::use_session;

/// The teams a person belongs to.
#[component]
pub fn TeamList(teams: Vec<TeamRef>, empty: Msg) -> impl IntoView {
    if teams.is_empty() {
        return view! { <Empty msg=empty /> }.into_any();
    }
    view! {
        <ul class="chip-list teams">
            {teams.into_iter().map(|t| view! { <li class="chip">{t.name}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The roles a person holds, each at its node; with `on_revoke`, each can be revoked.
#[component]
pub fn RoleList(
    roles: Vec<RoleGrant>,
    empty: Msg,
    #[prop(optional, into)] on_revoke: Option<Callback<i64>>,
) -> impl IntoView {
    let s = use_session();
    if roles.is_empty() {
        return view! { <Empty msg=empty /> }.into_any();
    }
    view! {
        <ul class="row-list roles">
            {roles.into_iter().map(|g| {
                let node = g.node_name.clone();
                // Revoking takes two taps: a stray thumb must not strip someone's role.
                let confirming = RwSignal::new(false);
                view! {
                    <li class="row">
                        <span class="row-main">
                            <span class="badge">{move || role_text(s.lang.get(), g.role)}</span>
                            " "<span class="muted">{move || s.t(AdminMsg::RoleAt)}</span>" "{node}
                        </span>
                        {on_revoke.map(|cb| view! {
                            <Show
                                when=move || confirming.get()
                                fallback=move || view! {
                                    <button type="button" class="btn btn-small btn-danger-outline"
                                        on:click=move |_| confirming.set(true)>
                                        {move || s.t(AdminMsg::Revoke)}
                                    </button>
                                }
                            >
                                <button type="button" class="btn btn-small btn-secondary"
                                    on:click=move |_| confirming.set(false)>
                                    {move || s.t(Msg::Cancel)}
                                </button>
                                <button type="button" class="btn btn-small btn-primary"
                                    on:click=move |_| cb.run(g.id)>
                                    {move || s.t(AdminMsg::ConfirmRevoke)}
                                </button>
                            </Show>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Issues a one-time password reset code for someone who forgot theirs, shown once with
/// what to tell them.
#[component]
fn ResetCodeCard(user: i64) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let issue = Action::new_local(move |_: &()| async move {
        match api::issue_reset_code(user).await {
            Ok(code) => {
                error.set(None);
                Some(code)
            }
            Err(e) => {
                error.set(Some(e.text(s.lang.get_untracked())));
                None
            }
        }
    });
    view! {
        <div class="card reset-code">
            <h2>{move || s.t(AdminMsg::IssueResetCode)}</h2>
            {move || issue.value().get().flatten().map(|c| {
                let until = when_words(c.expires_at);
                let spaced = format!("{} {}", &c.code[..4], &c.code[4..]);
                view! {
                    <p class="reset-code-value" role="status">
                        <span class="sr-only">{move || s.t(Msg::ResetCodeIssued)}</span>{spaced}
                    </p>
                    <p class="muted">{move || s.t(Msg::ResetCodeHowTo)}" "{until}</p>
                }
            })}
            <FormError message=error />
            <button class="btn btn-outline" type="button" disabled=move || issue.pending().get()
                on:click=move |_| { issue.dispatch_local(()); }>
                {move || s.t(AdminMsg::IssueResetCode)}
            </button>
        </div>
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    view! { <AdminOnly><Person /></AdminOnly> }
}

#[component]
fn Person() -> impl IntoView {
    let s = use_session();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let person = LocalResource::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) => api::user(id).await,
                None => Err(api::ApiError::Server {
                    status: 404,
                    detail: crate::api::ErrorDetail {
                        code: crate::api::ErrorCode::NotFound,
                        message: String::new(),
                        field: None,
                        reason: None,
                    },
                }),
            }
        }
    });
    let revoke_error = RwSignal::new(None::<String>);
    let revoke = Action::new_local(move |grant: &(i64, i64)| {
        let (user, grant) = *grant;
        async move {
            match api::revoke_role(user, grant).await {
                Ok(()) => {
                    revoke_error.set(None);
                    person.refetch();
                }
                Err(e) => revoke_error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    view! {
        <section class="page person">
            <A href="/admin/users" attr:class="back-link">"‹ "{move || s.t(AdminMsg::UsersTitle)}</A>
            <Transition fallback=Loading>
                {move || person.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| person.refetch()) /> }.into_any(),
                    Ok(p) => {
                        let uid = p.id;
                        view! {
                            <h1 class="person-name">{p.name.clone()}</h1>
                            <p class="muted"><span class="sr-only">{move || s.t(Msg::FieldPhone)}</span>{p.phone.clone()}</p>
                            <div class="card">
                                <h2>{move || s.t(AdminMsg::PersonTeams)}</h2>
                                <TeamList teams=p.teams.clone() empty=Msg::NoTeams />
                            </div>
                            <div class="card">
                                <h2>{move || s.t(AdminMsg::PersonRoles)}</h2>
                                <RoleList roles=p.roles.clone() empty=Msg::NoRoles
                                    on_revoke=Callback::new(move |g| { revoke.dispatch_local((uid, g)); }) />
                                <FormError message=revoke_error />
                            </div>
                            <ResetCodeCard user=uid />
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
