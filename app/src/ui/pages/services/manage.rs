//! Managing the catalogue: a team's leader (or an admin over it) adds services, edits
//! them and retires them (a retired service leaves the catalogue; its orders stay).

use leptos::prelude::*;

use crate::api::orders::{CreateService, Service, UpdateService};
use crate::api::projects::ProjectCategory;
use crate::api::{Node, NodeKind, Tree};
use crate::i18n::{project_category_text, Msg, ServicesMsg};
use crate::roles::Role;
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::projects::board::category_badge;
use crate::ui::state::use_session;

use super::ServiceLinks;

/// Teams whose catalogue the signed-in person may manage: under a team-leader or admin
/// grant.
fn manageable(nodes: &[Node], grants: &[(Role, i64)]) -> Vec<Node> {
    nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Team)
        .filter(|n| {
            grants.iter().any(|(role, at)| {
                matches!(role, Role::TeamLeader | Role::Admin)
                    && n.path.contains(&format!("/{at}/"))
            })
        })
        .cloned()
        .collect()
}

#[component]
pub fn ManageServicesPage() -> impl IntoView {
    let s = use_session();
    let data = LocalResource::new(move || async move {
        let org = api::nodes(Tree::Org).await?;
        let areas = api::nodes(Tree::Territory).await?;
        Ok::<_, api::ApiError>((org, areas))
    });
    view! {
        <SignedIn>
            <section class="page sv-manage">
                <h1>{move || s.t(ServicesMsg::SvManage)}</h1>
                <ServiceLinks />
                <Transition fallback=Loading>
                    {move || data.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok((org, areas)) => {
                            let grants: Vec<(Role, i64)> = s.me.with_untracked(|m| {
                                m.as_ref().map(|p| p.roles.iter().map(|g| (g.role, g.node_id)).collect()).unwrap_or_default()
                            });
                            let teams = manageable(&org, &grants);
                            if teams.is_empty() {
                                view! { <Empty msg=ServicesMsg::SvNoTeamToManage /> }.into_any()
                            } else {
                                view! { <TeamCatalogue teams areas /> }.into_any()
                            }
                        }
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

#[component]
fn TeamCatalogue(teams: Vec<Node>, areas: Vec<Node>) -> impl IntoView {
    let s = use_session();
    let team = RwSignal::new(teams[0].id);
    let list = LocalResource::new(move || api::team_services(team.get()));
    let editing = RwSignal::new(None::<Service>);
    let saved = Callback::new(move |_| {
        editing.set(None);
        list.refetch();
    });
    let areas: Vec<Node> = areas
        .into_iter()
        .filter(|n| n.kind != NodeKind::Grid)
        .collect();
    view! {
        {(teams.len() > 1).then(|| view! {
            <div class="field">
                <label for="sv-team">{move || s.t(ServicesMsg::SvTeam)}</label>
                <select id="sv-team" on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse() { editing.set(None); team.set(id) }
                }>
                    {teams.iter().map(|t| view! { <option value=t.id.to_string()>{t.name.clone()}</option> }).collect_view()}
                </select>
            </div>
        })}
        <Transition fallback=Loading>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorView error=e /> }.into_any(),
                Ok(l) if l.is_empty() => view! { <Empty msg=ServicesMsg::SvNoServices /> }.into_any(),
                Ok(l) => view! {
                    <ul class="row-list sv-manage-list">
                        {l.into_iter().map(|sv| view! { <ManagedRow sv editing saved /> }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Transition>
        {move || {
            let current = editing.get();
            let key = current.as_ref().map(|sv| sv.id);
            let areas = areas.clone();
            // A new form for each service edited (and one for a new service).
            view! { <ServiceForm team=team.get() current areas saved /> }.attr("data-editing", key.unwrap_or(0))
        }}
    }
}

#[component]
fn ManagedRow(
    sv: Service,
    editing: RwSignal<Option<Service>>,
    saved: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let (id, active) = (sv.id, sv.active);
    let toggle = Action::new_local(move |_: &()| async move {
        let req = UpdateService {
            active: Some(!active),
            ..UpdateService::default()
        };
        match api::update_service(id, req).await {
            Ok(_) => saved.run(()),
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    let edit = sv.clone();
    view! {
        <li class="row sv-managed" data-service=id class:sv-retired=!active>
            <div class="row-main">
                {category_badge(sv.category)}
                <strong>{sv.title.clone()}</strong>
                <span class="muted small">{sv.serves_name.clone()}</span>
                {(!active).then(|| view! { <span class="badge">{move || s.t(ServicesMsg::SvRetired)}</span> })}
            </div>
            <div class="actions">
                <button type="button" class="btn btn-secondary btn-small" data-action="edit"
                    on:click=move |_| editing.set(Some(edit.clone()))>{move || s.t(ServicesMsg::SvEditService)}</button>
                <button type="button" class="btn btn-secondary btn-small" data-action="retire"
                    disabled=move || toggle.pending().get()
                    on:click=move |_| { toggle.dispatch_local(()); }>
                    {move || s.t(if active { ServicesMsg::SvRetire } else { ServicesMsg::SvOfferAgain })}
                </button>
            </div>
            <FormError message=error />
        </li>
    }
}

/// The form for a new service, or for the one being edited; what was typed stays when
/// the server refuses it.
#[component]
fn ServiceForm(
    team: i64,
    current: Option<Service>,
    areas: Vec<Node>,
    saved: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let id = current.as_ref().map(|sv| sv.id);
    let category = RwSignal::new(
        current
            .as_ref()
            .map_or(ProjectCategory::Health, |sv| sv.category),
    );
    let title = RwSignal::new(
        current
            .as_ref()
            .map(|sv| sv.title.clone())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        current
            .as_ref()
            .map(|sv| sv.description.clone())
            .unwrap_or_default(),
    );
    let prepare = RwSignal::new(
        current
            .as_ref()
            .map(|sv| sv.prepare.clone())
            .unwrap_or_default(),
    );
    let serves = RwSignal::new(
        current
            .as_ref()
            .map(|sv| sv.serves_id)
            .or(areas.first().map(|n| n.id))
            .unwrap_or(0),
    );
    let error = RwSignal::new(None::<String>);
    let ok = RwSignal::new(false);
    let save = Action::new_local(move |_: &()| async move {
        let r = match id {
            Some(id) => {
                let req = UpdateService {
                    category: Some(category.get_untracked()),
                    title: Some(title.get_untracked()),
                    description: Some(description.get_untracked()),
                    prepare: Some(prepare.get_untracked()),
                    serves_id: Some(serves.get_untracked()),
                    active: None,
                };
                api::update_service(id, req).await
            }
            None => {
                let req = CreateService {
                    team_id: team,
                    category: category.get_untracked(),
                    title: title.get_untracked(),
                    description: description.get_untracked(),
                    prepare: prepare.get_untracked(),
                    serves_id: serves.get_untracked(),
                };
                api::create_service(req).await
            }
        };
        match r {
            Ok(_) => {
                ok.set(true);
                saved.run(());
            }
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        ok.set(false);
        save.dispatch_local(());
    };
    let heading = if id.is_some() {
        ServicesMsg::SvEditService
    } else {
        ServicesMsg::SvNewService
    };
    let chosen = serves.get_untracked();
    let chosen_cat = category.get_untracked();
    view! {
        <form class="card form sv-service-form" on:submit=on_submit novalidate>
            <h2>{move || s.t(heading)}</h2>
            <div class="field">
                <label for="sv-f-title">{move || s.t(ServicesMsg::SvServiceName)}</label>
                <input id="sv-f-title" name="title" maxlength="40" bind:value=title />
            </div>
            <div class="field">
                <label for="sv-f-cat">{move || s.t(Msg::FieldCategory)}</label>
                <select id="sv-f-cat" name="category" on:change=move |ev| {
                    if let Some(c) = ProjectCategory::parse(&event_target_value(&ev)) { category.set(c) }
                }>
                    {ProjectCategory::ALL.into_iter().map(|c| view! {
                        <option value=c.as_str() selected=c == chosen_cat>{move || project_category_text(s.lang.get(), c)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="sv-f-serves">{move || s.t(ServicesMsg::SvServes)}</label>
                <select id="sv-f-serves" name="serves" on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse() { serves.set(id) }
                }>
                    {areas.into_iter().map(|n| view! {
                        <option value=n.id.to_string() selected=n.id == chosen>{n.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="sv-f-desc">{move || s.t(Msg::FieldDescription)}</label>
                <textarea id="sv-f-desc" name="description" rows="3" maxlength="1000" bind:value=description></textarea>
            </div>
            <div class="field">
                <label for="sv-f-prep">{move || s.t(ServicesMsg::SvPrepare)}</label>
                <textarea id="sv-f-prep" name="prepare" rows="2" maxlength="500" bind:value=prepare></textarea>
            </div>
            <FormError message=error />
            {move || ok.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(ServicesMsg::SvSaved)}</p> })}
            <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>{move || s.t(Msg::Save)}</button>
        </form>
    }
}
