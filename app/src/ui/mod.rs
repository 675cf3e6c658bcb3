//! The browser UI (Leptos, client-side rendered). Built only with the `csr` feature.

pub mod api;
pub mod components;
pub mod pages;
pub mod pwa;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::prelude::*;

use components::shell::Shell;
use pages::admin::{
    audit::AdminAuditPage,
    cards::AdminCardsPage,
    dashboard::AdminDashboardPage,
    families::AdminFamiliesPage,
    org::AdminOrgPage,
    person::PersonPage,
    points::{AdminAccountPage, AdminPointsPage},
    rules::AdminRulesPage,
    shop::AdminShopPage,
    shop_labels::AdminShopLabelsPage,
    shop_orders::AdminShopOrdersPage,
    stock::AdminStockPage,
    stock_count::AdminStockCountPage,
    transfer::AdminTransferPage,
    users::AdminUsersPage,
};
use pages::kiosk::checkout::KioskPage;
use pages::points::{
    card::CardPage, donate::DonatePage, me::MePage, mine::PointsPage, offset::OffsetPage,
    property::PropertyPage,
};
use pages::projects::{
    board::ProjectsPage, certificate::VerifyCertificatePage, detail::ProjectPage,
    leader::ManagePage, record::RecordPage, review::ReviewPage, roster::RosterPage,
    signups::MySignupsPage,
};
use pages::shop::{
    catalogue::ShopPage, donors::HonourRollPage, item::ShopItemPage, reservations::ReservationsPage,
};
use pages::{home::HomePage, login::LoginPage, not_found::NotFoundPage, register::RegisterPage};

/// Entry point called by the generated JS: mounts the app, which then takes the place of
/// the static first paint in `#app` (see `pwa::mount`).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    pwa::mount(App);
}

#[component]
fn App() -> impl IntoView {
    state::provide_session();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/register") view=RegisterPage />
                    <Route path=path!("/me") view=MePage />
                    <Route path=path!("/shop") view=ShopPage />
                    <Route path=path!("/shop/items/:id") view=ShopItemPage />
                    <Route path=path!("/shop/donors") view=HonourRollPage />
                    <Route path=path!("/shop/reservations") view=ReservationsPage />
                    <Route path=path!("/kiosk") view=KioskPage />
                    <Route path=path!("/admin") view=AdminDashboardPage />
                    <Route path=path!("/admin/shop") view=AdminShopPage />
                    <Route path=path!("/admin/shop/stock") view=AdminStockPage />
                    <Route path=path!("/admin/shop/count") view=AdminStockCountPage />
                    <Route path=path!("/admin/shop/orders") view=AdminShopOrdersPage />
                    <Route path=path!("/admin/shop/labels") view=AdminShopLabelsPage />
                    <Route path=path!("/projects") view=ProjectsPage />
                    <Route path=path!("/projects/mine") view=MySignupsPage />
                    <Route path=path!("/projects/record") view=RecordPage />
                    <Route path=path!("/projects/manage") view=ManagePage />
                    <Route path=path!("/projects/:id") view=ProjectPage />
                    <Route path=path!("/sessions/:id/roster") view=RosterPage />
                    <Route path=path!("/review") view=ReviewPage />
                    <Route path=path!("/certificates/:code") view=VerifyCertificatePage />
                    <Route path=path!("/admin/org") view=AdminOrgPage />
                    <Route path=path!("/admin/users") view=AdminUsersPage />
                    <Route path=path!("/admin/users/:id") view=PersonPage />
                    <Route path=path!("/points") view=PointsPage />
                    <Route path=path!("/points/card") view=CardPage />
                    <Route path=path!("/points/donate") view=DonatePage />
                    <Route path=path!("/points/offset") view=OffsetPage />
                    <Route path=path!("/property") view=PropertyPage />
                    <Route path=path!("/admin/points") view=AdminPointsPage />
                    <Route path=path!("/admin/rules") view=AdminRulesPage />
                    <Route path=path!("/admin/points/accounts/:id") view=AdminAccountPage />
                    <Route path=path!("/admin/points/transfers/:id") view=AdminTransferPage />
                    <Route path=path!("/admin/families") view=AdminFamiliesPage />
                    <Route path=path!("/admin/cards") view=AdminCardsPage />
                    <Route path=path!("/admin/audit") view=AdminAuditPage />
                </Routes>
            </Shell>
        </Router>
    }
}
