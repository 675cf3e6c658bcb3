use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::Msg;
use crate::nav::{admin_places, is_admin, Place};
use crate::shop::{home_preview_query, HOME_PREVIEW};
use crate::ui::api;
use crate::ui::components::icons::place_icon;
use crate::ui::components::status::when_words;
use crate::ui::pages::shop::catalogue::ItemTile;
use crate::ui::state::use_session;

/// How many projects the home page previews, as many as goods.
const PREVIEW: usize = HOME_PREVIEW as usize;

/// A large tile leading to a place (also the dashboard's links to every admin page).
pub fn quick_link(place: Place) -> impl IntoView {
    let s = use_session();
    view! {
        <li>
            <A href=place.href() attr:class="quick-link">
                {place_icon(place)}
                <span>{move || s.t(place.label())}</span>
            </A>
        </li>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let s = use_session();
    let name = move || s.me.with(|m| m.as_ref().map(|p| p.name.clone()));
    view! {
        <section class="page home">
            <div class="card hero welcome">
                {move || match name() {
                    Some(n) => view! {
                        <h1>{move || s.t(Msg::HomeGreeting)}<span class="person-name">{n.clone()}</span></h1>
                    }.into_any(),
                    None => view! { <h1>{move || s.t(Msg::HomeWelcome)}</h1> }.into_any(),
                }}
                <p>{move || s.t(Msg::HomeTagline)}</p>
                <p><A href="/points/standard">{move || s.t(Msg::StdLink)}</A></p>
                {move || s.me.with(|m| m.as_ref().map(|p| p.teams.clone())).filter(|t| !t.is_empty()).map(|teams| view! {
                    <p class="my-teams">
                        {move || s.t(Msg::MyTeams)}{move || s.t(Msg::Colon)}
                        {teams.iter().map(|t| t.name.clone()).collect::<Vec<_>>().join("、")}
                    </p>
                })}
                <Show when=move || s.me.with(|m| m.as_ref().is_some_and(is_admin))>
                    <div class="actions">
                        <A href=Place::AdminDashboard.href() attr:class="btn btn-primary">{move || s.t(Msg::NavAdminDashboard)}</A>
                    </div>
                </Show>
                <Show when=move || name().is_none()>
                    <p>{move || s.t(Msg::HomeSignedOutIntro)}</p>
                    <div class="actions">
                        <A href="/login" attr:class="btn btn-primary">{move || s.t(Msg::SignIn)}</A>
                        <A href="/register" attr:class="btn btn-secondary">{move || s.t(Msg::SignUp)}</A>
                    </div>
                </Show>
            </div>
            <h2>{move || s.t(Msg::HomeQuickLinks)}</h2>
            <ul class="quick-links">
                {move || s.me.with(|m| m.is_some()).then(|| quick_link(Place::Points))}
                {quick_link(Place::Shop)}
                {quick_link(Place::Projects)}
                {quick_link(Place::Me)}
                {move || s.me.with(|m| admin_places(m.as_ref())).into_iter().map(quick_link).collect_view()}
            </ul>
            <p class="open-books-link"><A href="/open-books">{move || s.t(Msg::StOpenBooksLink)}" ›"</A></p>
            // Below the first screen, which index.html paints before the app: what loads
            // late adds to the end and moves nothing already shown.
            <ShopPreview />
            // The board is for people signed in (asking signed out would fail).
            <Show when=move || s.me.with(|m| m.is_some())>
                <ProjectsPreview />
            </Show>
        </section>
    }
}

/// A heading with a way to the whole list.
fn preview_head(title: Msg, href: &'static str) -> impl IntoView {
    let s = use_session();
    view! {
        <div class="preview-head">
            <h2>{move || s.t(title)}</h2>
            <A href=href>{move || s.t(Msg::HomeSeeAll)}" ›"</A>
        </div>
    }
}

/// The newest goods in the points shop, with their photos. Shown only when there are some.
#[component]
fn ShopPreview() -> impl IntoView {
    let goods = LocalResource::new(|| api::catalogue(home_preview_query()));
    move || {
        let items = goods.get().and_then(|r| r.ok())?.items;
        (!items.is_empty()).then(|| {
            view! {
                <section class="home-preview shop-preview">
                    {preview_head(Msg::HomeShopPreview, "/shop")}
                    <ul class="item-grid">
                        {items.into_iter().take(PREVIEW).map(|i| view! { <li><ItemTile item=i /></li> }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

/// The next volunteer projects with places left.
#[component]
fn ProjectsPreview() -> impl IntoView {
    let s = use_session();
    let projects = LocalResource::new(api::project_preview);
    move || {
        let list = projects.get().and_then(|r| r.ok())?;
        Some(view! {
            <section class="home-preview projects-preview">
                {preview_head(Msg::HomeProjectsPreview, "/projects")}
                {if list.is_empty() {
                    view! { <p class="state state-empty">{move || s.t(Msg::HomeNoProjects)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="card row-list">
                            {list.into_iter().take(PREVIEW).map(project_row).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        })
    }
}

fn project_row(p: api::PreviewProject) -> impl IntoView {
    let when = p.next_starts_at.map(when_words);
    view! {
        <li class="row">
            <A href=format!("/projects/{}", p.id) attr:class="row-main row-link preview-project">
                <span class="person-name">{p.title}</span>
                <span class="muted small">{p.team.name}{when.map(|w| view! { " · "{w} })}</span>
            </A>
        </li>
    }
}
