//! The organisation page for administrators: both trees drawn nested; choosing a node opens
//! a panel (a sheet on phones, a side column on desktops) to rename it, move it, add below
//! it, and manage its members and the roles people hold there.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{CreateNode, GrantRoleRequest, Node, NodeKind, Tree, UpdateNode, UserSummary};
use crate::i18n::{kind_text, problem_text, role_text, AdminMsg, Msg};
use crate::roles::Role;
use crate::tree::{ancestry, build_forest, child_kinds, move_targets, TreeNode};
use crate::ui::api::{self, ApiResult};
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::{use_session, Session};
use crate::validate;

#[derive(Clone, Copy)]
struct OrgCtx {
    org: LocalResource<ApiResult<Vec<Node>>>,
    territory: LocalResource<ApiResult<Vec<Node>>>,
    all: Memo<Vec<Node>>,
    selected: RwSignal<Option<i64>>,
}

impl OrgCtx {
    fn refresh(&self) {
        self.org.refetch();
        self.territory.refetch();
    }
}

/// A success or failure note after an action, announced to screen readers.
#[derive(Clone, Copy)]
struct Outcome {
    ok: RwSignal<Option<String>>,
    err: RwSignal<Option<String>>,
}

impl Outcome {
    fn new() -> Self {
        Self {
            ok: RwSignal::new(None),
            err: RwSignal::new(None),
        }
    }
    fn done(&self, text: String) {
        self.err.set(None);
        self.ok.set(Some(text));
    }
    fn failed(&self, text: String) {
        self.ok.set(None);
        self.err.set(Some(text));
    }
    fn view(self) -> impl IntoView {
        view! {
            {move || self.ok.get().map(|t| view! { <p class="form-ok" role="status">{t}</p> })}
            {move || self.err.get().map(|t| view! { <p class="form-error" role="alert">{t}</p> })}
        }
    }
}

#[component]
pub fn AdminOrgPage() -> impl IntoView {
    view! { <AdminOnly><OrgAdmin /></AdminOnly> }
}

#[component]
fn OrgAdmin() -> impl IntoView {
    let s = use_session();
    let org = LocalResource::new(|| api::nodes(Tree::Org));
    let territory = LocalResource::new(|| api::nodes(Tree::Territory));
    let all = Memo::new(move |_| {
        let mut v = org.get().and_then(|r| r.ok()).unwrap_or_default();
        v.extend(territory.get().and_then(|r| r.ok()).unwrap_or_default());
        v
    });
    let ctx = OrgCtx {
        org,
        territory,
        all,
        selected: RwSignal::new(None),
    };
    provide_context(ctx);
    view! {
        <section class="page admin-org">
            <h1>{move || s.t(Msg::NavAdminOrg)}</h1>
            <p class="muted">{move || s.t(AdminMsg::PickNodeHint)}</p>
            <div class="org-layout" class:has-panel=move || ctx.selected.with(|s| s.is_some())>
                <div class="trees">
                    <TreeCard tree=Tree::Org title=AdminMsg::OrgTree res=org />
                    <TreeCard tree=Tree::Territory title=AdminMsg::TerritoryTree res=territory />
                </div>
                {move || ctx.selected.get().map(|id| view! { <NodePanel id=id /> })}
            </div>
        </section>
    }
}

#[component]
fn TreeCard(
    tree: Tree,
    title: AdminMsg,
    res: LocalResource<ApiResult<Vec<Node>>>,
) -> impl IntoView {
    let s = use_session();
    let heading = match tree {
        Tree::Org => "tree-org",
        Tree::Territory => "tree-territory",
    };
    view! {
        <section class="card tree-card" aria-labelledby=heading>
            <h2 id=heading>{move || s.t(title)}</h2>
            <Transition fallback=Loading>
                {move || res.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| res.refetch()) /> }.into_any(),
                    Ok(nodes) if nodes.is_empty() => view! {
                        <Empty msg=AdminMsg::EmptyTree />
                        <AddNodeForm tree=tree parent=None />
                    }.into_any(),
                    Ok(nodes) => view! {
                        <ul class="tree" role="list">
                            {build_forest(&nodes).into_iter().map(tree_item).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn tree_item(t: TreeNode) -> AnyView {
    let s = use_session();
    let ctx = expect_context::<OrgCtx>();
    let TreeNode { node, children } = t;
    let id = node.id;
    let kind = node.kind;
    let count = node.member_count;
    let is_team = kind == NodeKind::Team;
    view! {
        <li>
            <button type="button" class="tree-node"
                class:selected=move || ctx.selected.get() == Some(id)
                aria-pressed=move || (ctx.selected.get() == Some(id)).to_string()
                on:click=move |_| {
                    ctx.selected.set(Some(id));
                    on_phone_scroll_to_top();
                }>
                <span class="badge" class:badge-team=is_team>{move || kind_text(s.lang.get(), kind)}</span>
                <span class="tree-name">{node.name}</span>
                {is_team.then(|| view! {
                    <span class="muted count">{count}" "{move || s.t(AdminMsg::MembersCount)}</span>
                })}
            </button>
            {(!children.is_empty()).then(|| view! {
                <ul role="list">{children.into_iter().map(tree_item).collect_view()}</ul>
            })}
        </li>
    }
    .into_any()
}

/// On phones the panel replaces the trees; start it at the top, where its title is.
fn on_phone_scroll_to_top() {
    if let Some(w) = web_sys::window() {
        let narrow = w
            .inner_width()
            .ok()
            .and_then(|v| v.as_f64())
            .is_some_and(|px| px < 900.0);
        if narrow {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

#[component]
fn NodePanel(id: i64) -> impl IntoView {
    let s = use_session();
    let ctx = expect_context::<OrgCtx>();
    let node = Memo::new(move |_| ctx.all.with(|ns| ns.iter().find(|n| n.id == id).cloned()));
    let shape = Memo::new(move |_| node.with(|n| n.as_ref().map(|n| (n.kind, n.tree))));
    let crumbs = move || ctx.all.with(|ns| ancestry(ns, id)).join(" › ");
    view! {
        <aside class="node-panel" aria-labelledby="node-panel-title">
            <header class="panel-head">
                <div>
                    <p class="muted crumbs">{crumbs}</p>
                    <h2 id="node-panel-title">
                        {move || node.get().map(|n| view! {
                            <span class="badge">{move || kind_text(s.lang.get(), n.kind)}</span>" "{n.name.clone()}
                        })}
                    </h2>
                </div>
                <button type="button" class="btn btn-small btn-secondary close"
                    on:click=move |_| ctx.selected.set(None)>
                    {move || s.t(Msg::Close)}
                </button>
            </header>
            {move || match shape.get() {
                None => view! { <Loading /> }.into_any(),
                Some((kind, tree)) => view! {
                    <RenameForm id=id />
                    <MoveForm id=id />
                    {(!child_kinds(tree, Some(kind)).is_empty()).then(|| {
                        view! { <AddNodeForm tree=tree parent=Some((id, kind)) /> }
                    })}
                    {(tree == Tree::Org).then(|| view! { <People id=id kind=kind /> })}
                }.into_any(),
            }}
        </aside>
    }
}

#[component]
fn RenameForm(id: i64) -> impl IntoView {
    let s = use_session();
    let ctx = expect_context::<OrgCtx>();
    let current = ctx
        .all
        .with_untracked(|ns| ns.iter().find(|n| n.id == id).map(|n| n.name.clone()))
        .unwrap_or_default();
    let name = RwSignal::new(current);
    let out = Outcome::new();
    let save = Action::new_local(move |name: &String| {
        let req = UpdateNode {
            name: Some(name.clone()),
            parent_id: None,
        };
        async move {
            match api::update_node(id, req).await {
                Ok(_) => {
                    out.done(s.t(Msg::Saved).to_string());
                    ctx.refresh();
                }
                Err(e) => out.failed(e.text(s.lang.get_untracked())),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match validate::node_name(&name.get_untracked()) {
            Ok(n) => {
                save.dispatch_local(n);
            }
            Err(p) => out.failed(problem_text(s.lang.get_untracked(), &p)),
        }
    };
    view! {
        <form class="panel-section" on:submit=on_submit>
            <h3><label for="rename-name">{move || s.t(AdminMsg::Rename)}</label></h3>
            <div class="inline-form">
                <input id="rename-name" type="text" bind:value=name />
                <button class="btn btn-secondary" type="submit" disabled=move || save.pending().get()>
                    {move || s.t(Msg::Save)}
                </button>
            </div>
            {out.view()}
        </form>
    }
}

#[component]
fn MoveForm(id: i64) -> impl IntoView {
    let s = use_session();
    let ctx = expect_context::<OrgCtx>();
    let targets = Memo::new(move |_| {
        ctx.all.with(|ns| {
            move_targets(ns, id)
                .into_iter()
                .map(|t| (t.id, ancestry(ns, t.id).join(" › ")))
                .collect::<Vec<_>>()
        })
    });
    let choice = RwSignal::new(String::new());
    let out = Outcome::new();
    let save = Action::new_local(move |parent: &i64| {
        let req = UpdateNode {
            name: None,
            parent_id: Some(*parent),
        };
        async move {
            match api::update_node(id, req).await {
                Ok(_) => {
                    out.done(s.t(Msg::Saved).to_string());
                    choice.set(String::new());
                    ctx.refresh();
                }
                Err(e) => out.failed(e.text(s.lang.get_untracked())),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Ok(parent) = choice.get_untracked().parse::<i64>() {
            save.dispatch_local(parent);
        }
    };
    view! {
        <form class="panel-section" on:submit=on_submit>
            <h3><label for="move-target">{move || s.t(AdminMsg::MoveTo)}</label></h3>
            <Show
                when=move || targets.with(|t| !t.is_empty())
                fallback=move || view! { <p class="muted">{move || s.t(AdminMsg::MoveNoTargets)}</p> }
            >
                <div class="inline-form">
                    <select id="move-target" prop:value=move || choice.get()
                        on:change=move |ev| choice.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || targets.get().into_iter().map(|(tid, label)| view! {
                            <option value=tid.to_string()>{label}</option>
                        }).collect_view()}
                    </select>
                    <button class="btn btn-secondary" type="submit"
                        disabled=move || save.pending().get() || choice.with(|c| c.is_empty())>
                        {move || s.t(Msg::Save)}
                    </button>
                </div>
            </Show>
            {out.view()}
        </form>
    }
}

/// Creates a node below `parent` (id and kind), or at the top of an empty tree.
#[component]
fn AddNodeForm(tree: Tree, parent: Option<(i64, NodeKind)>) -> impl IntoView {
    let s = use_session();
    let ctx = expect_context::<OrgCtx>();
    let kinds = child_kinds(tree, parent.map(|p| p.1));
    let default_kind = kinds.last().copied();
    let kind = RwSignal::new(default_kind);
    let name = RwSignal::new(String::new());
    let out = Outcome::new();
    let uid = parent.map(|p| p.0).unwrap_or(0);
    let kind_id = format!("new-kind-{uid}");
    let name_id = format!("new-name-{uid}");
    let create = Action::new_local(move |req: &CreateNode| {
        let req = req.clone();
        async move {
            match api::create_node(req).await {
                Ok(n) => {
                    out.done(s.t(Msg::Saved).to_string());
                    name.set(String::new());
                    ctx.refresh();
                    ctx.selected.set(Some(n.id));
                }
                Err(e) => out.failed(e.text(s.lang.get_untracked())),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(k) = kind.get_untracked() else {
            return;
        };
        let checked = validate::node_name(&name.get_untracked())
            .and_then(|n| validate::node_placement(tree, parent.map(|p| p.1), k).map(|_| n));
        match checked {
            Ok(n) => {
                create.dispatch_local(CreateNode {
                    tree,
                    parent_id: parent.map(|p| p.0),
                    kind: k,
                    name: n,
                });
            }
            Err(p) => out.failed(problem_text(s.lang.get_untracked(), &p)),
        }
    };
    let title = if parent.is_some() {
        AdminMsg::AddChild
    } else {
        AdminMsg::AddRoot
    };
    view! {
        <form class="panel-section add-node" on:submit=on_submit>
            <h3>{move || s.t(title)}</h3>
            <div class="field">
                <label for=kind_id.clone()>{move || s.t(Msg::FieldKind)}</label>
                <select id=kind_id
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        kind.set(kinds.iter().copied().find(|k| format!("{k:?}") == v));
                    }>
                    {kinds.iter().copied().map(|k| view! {
                        <option value=format!("{k:?}") selected=Some(k) == default_kind>
                            {move || kind_text(s.lang.get(), k)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=name_id.clone()>{move || s.t(Msg::FieldName)}</label>
                <input id=name_id type="text" bind:value=name />
            </div>
            <button class="btn btn-primary" type="submit" disabled=move || create.pending().get()>
                {move || s.t(AdminMsg::Create)}
            </button>
            {out.view()}
        </form>
    }
}

/// Members of a team, and finding people to add as members or grant a role here.
#[component]
fn People(id: i64, kind: NodeKind) -> impl IntoView {
    let s = use_session();
    let ctx = expect_context::<OrgCtx>();
    let is_team = kind == NodeKind::Team;
    let members = LocalResource::new(move || async move {
        if is_team {
            api::members(id).await
        } else {
            Ok(Vec::new())
        }
    });
    let member_out = Outcome::new();
    let remove = Action::new_local(move |user: &i64| {
        let user = *user;
        async move {
            match api::remove_member(id, user).await {
                Ok(()) => {
                    member_out.done(s.t(Msg::Saved).to_string());
                    members.refetch();
                    ctx.refresh();
                }
                Err(e) => member_out.failed(e.text(s.lang.get_untracked())),
            }
        }
    });

    view! {
        {is_team.then(|| view! {
            <section class="panel-section members">
                <h3>{move || s.t(Msg::Members)}</h3>
                <Transition fallback=Loading>
                    {move || members.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| members.refetch()) /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <Empty msg=Msg::NoMembers /> }.into_any(),
                        Ok(list) => view! {
                            <ul class="row-list">
                                {list.into_iter().map(|u| {
                                    let uid = u.id;
                                    view! {
                                        <li class="row">
                                            <A href=format!("/admin/users/{uid}") attr:class="row-main row-link">
                                                <span class="person-name">{u.name}</span>
                                                <span class="muted">{u.phone}</span>
                                            </A>
                                            <button type="button" class="btn btn-small btn-danger-outline"
                                                disabled=move || remove.pending().get()
                                                on:click=move |_| { remove.dispatch_local(uid); }>
                                                {move || s.t(AdminMsg::Remove)}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    })}
                </Transition>
                {member_out.view()}
            </section>
        })}
        <PersonPicker id=id kind=kind on_member_added=Callback::new(move |_| {
            members.refetch();
            ctx.refresh();
        }) />
    }
}

#[component]
fn PersonPicker(id: i64, kind: NodeKind, on_member_added: Callback<()>) -> impl IntoView {
    let s = use_session();
    let is_team = kind == NodeKind::Team;
    let typed = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<UserSummary>);
    let role = RwSignal::new(Role::TeamLeader);
    let out = Outcome::new();
    let search = Action::new_local(move |q: &String| {
        let q = q.clone();
        async move { api::users(&q, None, 10).await }
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        chosen.set(None);
        match validate::search_text(&typed.get_untracked()) {
            Ok(q) => {
                search.dispatch_local(q.unwrap_or_default());
            }
            Err(p) => out.failed(problem_text(s.lang.get_untracked(), &p)),
        }
    };
    let grant = Action::new_local(move |(user, role): &(UserSummary, Role)| {
        let (user, role) = (user.clone(), *role);
        async move {
            let req = GrantRoleRequest { role, node_id: id };
            match api::grant_role(user.id, req).await {
                Ok(_) => out.done(granted_text(s, &user, role)),
                Err(e) => out.failed(e.text(s.lang.get_untracked())),
            }
        }
    });
    let add = Action::new_local(move |user: &UserSummary| {
        let user = user.clone();
        async move {
            match api::add_member(id, user.id).await {
                Ok(()) => {
                    out.done(format!("{} · {}", s.t(Msg::Saved), user.name));
                    on_member_added.run(());
                }
                Err(e) => out.failed(e.text(s.lang.get_untracked())),
            }
        }
    });
    let grantable: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| validate::grantable_role(*r, kind.tree()).is_ok())
        .collect();
    if let Some(first) = grantable.first() {
        role.set(*first);
    }
    let busy = move || grant.pending().get() || add.pending().get();
    view! {
        <section class="panel-section people">
            <h3>{move || s.t(AdminMsg::AddPeople)}</h3>
            <form class="inline-form" role="search" on:submit=on_search>
                <label for="person-search" class="sr-only">{move || s.t(AdminMsg::SearchPeopleHint)}</label>
                <input id="person-search" type="search" bind:value=typed
                    placeholder=move || s.t(AdminMsg::SearchPeopleHint) />
                <button class="btn btn-secondary" type="submit" disabled=move || search.pending().get()>
                    {move || s.t(AdminMsg::Search)}
                </button>
            </form>
            {move || search.value().get().map(|r| match r {
                Err(e) => view! { <ErrorView error=e /> }.into_any(),
                Ok(page) if page.items.is_empty() => view! { <Empty msg=AdminMsg::NoPeopleFound /> }.into_any(),
                Ok(page) => view! {
                    <ul class="row-list results">
                        {page.items.into_iter().map(|u| {
                            let uid = u.id;
                            let label = format!("{} {}", u.name, u.phone);
                            view! {
                                <li class="row">
                                    <button type="button" class="row-main pick"
                                        aria-pressed=move || chosen.with(|c| c.as_ref().map(|c| c.id) == Some(uid)).to_string()
                                        on:click=move |_| chosen.set(Some(u.clone()))>
                                        {label}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
            {move || chosen.get().map(|u| {
                let (u1, u2) = (u.clone(), u.clone());
                view! {
                    <div class="chosen">
                        <p>{move || s.t(AdminMsg::ChosenPerson)}<strong class="person-name">{u.name.clone()}</strong>" "
                            <A href=format!("/admin/users/{}", u.id)>{move || s.t(AdminMsg::ViewPerson)}</A>
                        </p>
                        <div class="field">
                            <label for="grant-role">{move || s.t(AdminMsg::RoleLabel)}</label>
                            <select id="grant-role"
                                on:change=move |ev| {
                                    if let Some(r) = Role::parse(&event_target_value(&ev)) {
                                        role.set(r);
                                    }
                                }>
                                {grantable.iter().copied().map(|r| view! {
                                    <option value=r.as_str() selected=move || role.get() == r>
                                        {move || role_text(s.lang.get(), r)}
                                    </option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="actions">
                            <button type="button" class="btn btn-primary" disabled=busy
                                on:click=move |_| { grant.dispatch_local((u1.clone(), role.get_untracked())); }>
                                {move || s.t(AdminMsg::GrantRole)}
                            </button>
                            {is_team.then(|| view! {
                                <button type="button" class="btn btn-secondary" disabled=busy
                                    on:click=move |_| { add.dispatch_local(u2.clone()); }>
                                    {move || s.t(AdminMsg::AddAsMember)}
                                </button>
                            })}
                        </div>
                    </div>
                }
            })}
            {out.view()}
        </section>
    }
}

fn granted_text(s: Session, user: &UserSummary, role: Role) -> String {
    let lang = s.lang.get_untracked();
    format!(
        "{} · {} · {}",
        s.t(Msg::Saved),
        user.name,
        role_text(lang, role)
    )
}
