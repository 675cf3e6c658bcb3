//! The browser UI (Leptos, client-side rendered). Built only with the `csr` feature.

pub mod api;
pub mod area;
pub mod components;
pub mod pages;
pub mod photo;
pub mod pwa;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::prelude::*;

use area::Area;
use components::shell::Shell;
use pages::shop::catalogue::ShopPage;
use pages::{home::HomePage, not_found::NotFoundPage};

/// Entry point called by the generated JS: mounts the app, which then takes the place of
/// the static first paint in `#app` (see `pwa::mount`).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    pwa::mount(App);
}

/// The main module's route table: the home page and the shop's list are here, so
/// the first screen of most visits needs no chunk; every other area is one route (or a
/// few prefixes) whose pages load with the area's chunk. An area's prefix is one
/// `/x/*any` route, which matches `/x` too: were `/x` a route of its own, going from `/x`
/// to `/x/1` would mount the area afresh, and the old area's router, which also follows
/// the address, would then draw `/x/1` under its disposed owner (a router link there
/// panics: "use_resolved_path outside a <Router>").
#[component]
fn App() -> impl IntoView {
    state::provide_session();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/shop") view=ShopPage />
                    <Route path=path!("/shop/*any") view=ShopArea />
                    <Route path=path!("/me/*any") view=PointsArea />
                    <Route path=path!("/points/*any") view=PointsArea />
                    <Route path=path!("/property") view=PointsArea />
                    <Route path=path!("/projects/*any") view=ProjectsArea />
                    <Route path=path!("/sessions/*any") view=ProjectsArea />
                    <Route path=path!("/review") view=ProjectsArea />
                    <Route path=path!("/certificates/*any") view=ProjectsArea />
                    <Route path=path!("/services/*any") view=ServicesArea />
                    <Route path=path!("/trainings/*any") view=TrainingsArea />
                    <Route path=path!("/alarm/*any") view=AlarmsArea />
                    <Route path=path!("/dispatch/*any") view=AlarmsArea />
                    <Route path=path!("/help") view=AlarmsArea />
                    <Route path=path!("/kiosk") view=KioskArea />
                    <Route path=path!("/admin/*any") view=AdminArea />
                    <Route path=path!("/stats") view=StatsArea />
                    <Route path=path!("/open-books") view=StatsArea />
                    // Signing in, registering and resetting a password: one route (the
                    // first match wins, so this comes last), so moving between them keeps
                    // the area; any other one-word address is the area's not-found page.
                    <Route path=path!("/:page") view=AccountArea />
                </Routes>
            </Shell>
        </Router>
    }
}

#[component]
fn AccountArea() -> impl IntoView {
    view! { <Area routes=pages::account::routes /> }
}

#[component]
fn ShopArea() -> impl IntoView {
    view! { <Area routes=pages::shop::routes /> }
}

#[component]
fn PointsArea() -> impl IntoView {
    view! { <Area routes=pages::points::routes /> }
}

#[component]
fn ProjectsArea() -> impl IntoView {
    view! { <Area routes=pages::projects::routes /> }
}

#[component]
fn ServicesArea() -> impl IntoView {
    view! { <Area routes=pages::services::routes /> }
}

#[component]
fn TrainingsArea() -> impl IntoView {
    view! { <Area routes=pages::trainings::routes /> }
}

#[component]
fn AlarmsArea() -> impl IntoView {
    view! { <Area routes=pages::alarms::routes /> }
}

#[component]
fn KioskArea() -> impl IntoView {
    view! { <Area routes=pages::kiosk::routes /> }
}

#[component]
fn AdminArea() -> impl IntoView {
    view! { <Area routes=pages::admin::routes /> }
}

#[component]
fn StatsArea() -> impl IntoView {
    view! { <Area routes=pages::stats::routes /> }
}
