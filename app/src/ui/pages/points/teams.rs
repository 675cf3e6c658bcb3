//! 服务队 from the person's side: asking to join a volunteer team and seeing how it went;
//! and, for a team leader, the requests to answer and the team's members, with a
//! password reset code for a member who forgot theirs.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{JoinRequest, JoinState, NodeKind, ResetCode, RoleGrant, Tree, UserSummary};
use crate::i18n::{Msg, PointsMsg};
use crate::roles::Role;
use crate::ui::api;
use crate::ui::components::field::Field;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{when_words, Empty, ErrorView, FormError, Loading};
use crate::ui::state::use_session;

/// Teams and roles may have changed (a request accepted): refresh the profile quietly.
fn refresh_me() {
    let s = use_session();
    spawn_local(async move {
        if let Ok(p) = api::me().await {
            s.me.update(|m| {
                if m.as_ref().is_some_and(|old| old.id == p.id) {
                    *m = Some(p);
                }
            });
        }
    });
}

/// The prompt a newcomer sees right after registering: set a card PIN, ask to join a
/// team, or leave both for later.
#[component]
pub fn WelcomeCard(on_dismiss: Callback<()>) -> impl IntoView {
    let s = use_session();
    view! {
        <section class="card welcome-next" aria-labelledby="welcome-next-title">
            <h2 id="welcome-next-title">{move || s.t(PointsMsg::WelcomeTitle)}</h2>
            <p>{move || s.t(PointsMsg::WelcomeText)}</p>
            <div class="actions">
                <A href="/points/card" attr:class="btn btn-primary">{move || s.t(PointsMsg::WelcomeSetPin)}</A>
                <A href="/me/teams" attr:class="btn btn-secondary">{move || s.t(PointsMsg::WelcomeJoinTeam)}</A>
                <button type="button" class="btn btn-secondary" on:click=move |_| on_dismiss.run(())>
                    {move || s.t(PointsMsg::Later)}
                </button>
            </div>
        </section>
    }
}

fn state_badge(state: JoinState) -> impl IntoView {
    let s = use_session();
    let (class, msg) = match state {
        JoinState::Pending => ("badge badge-warn", PointsMsg::JoinPending),
        JoinState::Accepted => ("badge badge-ok", PointsMsg::JoinAccepted),
        JoinState::Declined => ("badge", PointsMsg::JoinDeclined),
    };
    view! { <span class=class>{move || s.t(msg)}</span> }
}

#[component]
pub fn JoinPage() -> impl IntoView {
    let s = use_session();
    refresh_me();
    let mine = LocalResource::new(api::my_join_requests);
    view! {
        <SignedIn>
            <section class="page narrow join-team">
                <A href="/me" attr:class="back-link">"‹ "{move || s.t(PointsMsg::ProfileTitle)}</A>
                <h1>{move || s.t(PointsMsg::JoinTitle)}</h1>
                <p class="muted">{move || s.t(PointsMsg::JoinHint)}</p>
                <AskForm on_asked=Callback::new(move |_| mine.refetch()) />
                <section class="card">
                    <h2>{move || s.t(PointsMsg::JoinMine)}</h2>
                    <Transition fallback=Loading>
                        {move || mine.get().map(|r| match r {
                            Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| mine.refetch()) /> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <Empty msg=PointsMsg::JoinNoRequests /> }.into_any(),
                            Ok(list) => view! {
                                <ul class="row-list join-mine">
                                    {list.into_iter().map(my_request).collect_view()}
                                </ul>
                            }.into_any(),
                        })}
                    </Transition>
                </section>
            </section>
        </SignedIn>
    }
}

fn my_request(j: JoinRequest) -> impl IntoView {
    let s = use_session();
    let asked = when_words(j.created_at);
    let reason = (!j.reason.is_empty()).then_some(j.reason);
    view! {
        <li class="row join-row">
            <div class="row-main">
                <span class="person-name">{j.team_name}</span>
                <span class="muted small">{move || s.t(PointsMsg::JoinAskedOn)}" "{asked}</span>
                {reason.map(|r| view! { <span class="small">{r}</span> })}
            </div>
            {state_badge(j.state)}
        </li>
    }
}

/// Choose a team (not one the person is already in) and ask.
#[component]
fn AskForm(on_asked: Callback<()>) -> impl IntoView {
    let s = use_session();
    let nodes = LocalResource::new(|| api::nodes(Tree::Org));
    let teams = Memo::new(move |_| {
        let mine: Vec<i64> =
            s.me.with(|m| {
                m.as_ref()
                    .map(|p| p.teams.iter().map(|t| t.node_id).collect())
            })
            .unwrap_or_default();
        nodes
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|n| n.kind == NodeKind::Team && !mine.contains(&n.id))
            .map(|n| (n.id, n.name))
            .collect::<Vec<_>>()
    });
    let choice = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let asked = RwSignal::new(false);
    let ask = Action::new_local(move |id: &i64| {
        let id = *id;
        async move {
            match api::ask_to_join(id).await {
                Ok(_) => {
                    error.set(None);
                    asked.set(true);
                    on_asked.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        asked.set(false);
        if let Ok(id) = choice.get_untracked().parse::<i64>() {
            ask.dispatch_local(id);
        }
    };
    view! {
        <form class="card form join-form" on:submit=on_submit novalidate>
            <Transition fallback=Loading>
                {move || nodes.get().map(|_| if teams.with(|t| t.is_empty()) {
                    view! { <Empty msg=PointsMsg::JoinNoTeams /> }.into_any()
                } else {
                    view! {
                        <div class="field">
                            <label for="join-team">{move || s.t(PointsMsg::JoinPickTeam)}</label>
                            <select id="join-team" prop:value=move || choice.get()
                                on:change=move |ev| choice.set(event_target_value(&ev))>
                                <option value="">"—"</option>
                                {move || teams.get().into_iter().map(|(id, name)| view! {
                                    <option value=id.to_string()>{name}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <FormError message=error />
                        {move || asked.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(PointsMsg::JoinAsked)}</p> })}
                        <button class="btn btn-primary btn-block" type="submit"
                            disabled=move || ask.pending().get() || choice.with(|c| c.is_empty())>
                            {move || if ask.pending().get() { s.t(Msg::Working) } else { s.t(PointsMsg::JoinAsk) }}
                        </button>
                    }.into_any()
                })}
            </Transition>
        </form>
    }
}

/// The teams the person leads (team-leader grants), as the profile lists them.
fn led_teams(s: crate::ui::state::Session) -> Vec<RoleGrant> {
    s.me.with(|m| {
        m.as_ref()
            .map(|p| {
                p.roles
                    .iter()
                    .filter(|g| g.role == Role::TeamLeader)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// Bumped when a request is accepted, so the member lists show the new member.
#[derive(Clone, Copy)]
struct MembersChanged(RwSignal<u32>);

#[component]
pub fn LeadPage() -> impl IntoView {
    let s = use_session();
    provide_context(MembersChanged(RwSignal::new(0)));
    view! {
        <SignedIn>
            <section class="page narrow lead-teams">
                <A href="/me" attr:class="back-link">"‹ "{move || s.t(PointsMsg::ProfileTitle)}</A>
                <h1>{move || s.t(PointsMsg::LeadTitle)}</h1>
                {move || if led_teams(s).is_empty() {
                    view! { <Empty msg=PointsMsg::LeadNoTeams /> }.into_any()
                } else {
                    view! {
                        <p class="muted">{move || s.t(PointsMsg::LeadHint)}</p>
                        <Requests />
                        {led_teams(s).into_iter().map(|g| view! { <TeamMembers grant=g /> }).collect_view()}
                    }.into_any()
                }}
            </section>
        </SignedIn>
    }
}

/// Pending requests to the leader's teams, each accepted or declined in place.
#[component]
fn Requests() -> impl IntoView {
    let s = use_session();
    let list = LocalResource::new(api::pending_join_requests);
    view! {
        <section class="card join-requests">
            <h2>{move || s.t(PointsMsg::JoinRequests)}</h2>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <Empty msg=PointsMsg::JoinNoRequests /> }.into_any(),
                    Ok(items) => view! {
                        <ul class="row-list">
                            {items.into_iter().map(|j| view! { <RequestRow j=j /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RequestRow(j: JoinRequest) -> impl IntoView {
    let s = use_session();
    let id = j.id;
    let asked = when_words(j.created_at);
    let changed = expect_context::<MembersChanged>().0;
    let done = RwSignal::new(None::<JoinState>);
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let answer = Action::new_local(move |accept: &bool| {
        let accept = *accept;
        async move {
            let r = if accept {
                api::accept_join(id).await
            } else {
                api::decline_join(id, reason.get_untracked()).await
            };
            match r {
                Ok(()) => {
                    error.set(None);
                    if accept {
                        changed.update(|n| *n += 1);
                    }
                    done.set(Some(if accept {
                        JoinState::Accepted
                    } else {
                        JoinState::Declined
                    }));
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let on_decline = move |ev: SubmitEvent| {
        ev.prevent_default();
        answer.dispatch_local(false);
    };
    let no_problem = Signal::derive(|| None::<String>);
    view! {
        <li class="row join-request">
            <div class="row-main">
                <span class="person-name">{j.user_name}</span>
                <span class="muted small">{j.team_name}" · "{move || s.t(PointsMsg::JoinAskedOn)}" "{asked}</span>
            </div>
            {move || match done.get() {
                Some(state) => state_badge(state).into_any(),
                None if declining.get() => view! {
                    <form class="join-decline" on:submit=on_decline novalidate>
                        <Field id="decline-reason" label=PointsMsg::JoinDeclineReason value=reason problem=no_problem />
                        <div class="actions">
                            <button class="btn btn-danger-outline btn-small" type="submit" disabled=move || answer.pending().get()>
                                {move || s.t(PointsMsg::JoinDecline)}
                            </button>
                            <button class="btn btn-secondary btn-small" type="button" on:click=move |_| declining.set(false)>
                                {move || s.t(Msg::Cancel)}
                            </button>
                        </div>
                    </form>
                }.into_any(),
                None => view! {
                    <div class="actions">
                        <button class="btn btn-primary btn-small" type="button" disabled=move || answer.pending().get()
                            on:click=move |_| { answer.dispatch_local(true); }>
                            {move || s.t(PointsMsg::JoinAccept)}
                        </button>
                        <button class="btn btn-secondary btn-small" type="button" on:click=move |_| declining.set(true)>
                            {move || s.t(PointsMsg::JoinDecline)}
                        </button>
                    </div>
                }.into_any(),
            }}
            <FormError message=error />
        </li>
    }
}

/// One team's members, each with a way to issue a password reset code.
#[component]
fn TeamMembers(grant: RoleGrant) -> impl IntoView {
    let s = use_session();
    let node = grant.node_id;
    let changed = expect_context::<MembersChanged>().0;
    let members = LocalResource::new(move || {
        changed.track();
        api::members(node)
    });
    view! {
        <section class="card team-members">
            <h2>{grant.node_name}" · "{move || s.t(Msg::Members)}</h2>
            <Transition fallback=Loading>
                {move || members.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| members.refetch()) /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <Empty msg=Msg::NoMembers /> }.into_any(),
                    Ok(list) => view! {
                        <ul class="row-list">
                            {list.into_iter().map(|u| view! { <MemberRow u=u /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MemberRow(u: UserSummary) -> impl IntoView {
    let s = use_session();
    let id = u.id;
    let error = RwSignal::new(None::<String>);
    let issue = Action::new_local(move |_: &()| async move {
        match api::issue_reset_code(id).await {
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
    let code_view = move |c: ResetCode| {
        let until = when_words(c.expires_at);
        let spaced = format!("{} {}", &c.code[..4], &c.code[4..]);
        view! {
            <div class="member-code">
                <p class="reset-code-value" role="status">
                    <span class="sr-only">{move || s.t(Msg::ResetCodeIssued)}</span>{spaced}
                </p>
                <p class="muted small">{move || s.t(Msg::ResetCodeHowTo)}" "{until}</p>
            </div>
        }
    };
    view! {
        <li class="row member-row">
            <div class="row-main">
                <span class="person-name">{u.name}</span>
                <span class="muted small">{u.phone}</span>
            </div>
            <button class="btn btn-secondary btn-small" type="button" disabled=move || issue.pending().get()
                on:click=move |_| { issue.dispatch_local(()); }>
                {move || s.t(PointsMsg::LeadResetCode)}
            </button>
            {move || issue.value().get().flatten().map(code_view)}
            <FormError message=error />
        </li>
    }
}
