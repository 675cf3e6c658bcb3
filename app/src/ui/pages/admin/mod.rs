//! 管理: the back office.

pub mod audit;
pub mod cards;
pub mod companies;
pub mod dashboard;
pub mod families;
pub mod org;
pub mod person;
pub mod points;
pub mod rules;
pub mod shop;
pub mod shop_labels;
pub mod shop_orders;
pub mod stock;
pub mod stock_count;
pub mod transfer;
pub mod users;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::ui::area::area_routes;
use crate::ui::pages::not_found::NotFoundPage;

area_routes!(
    admin,
    pub fn routes() {
        view! {
            <Routes fallback=NotFoundPage>
                <Route path=path!("/admin") view=dashboard::AdminDashboardPage />
                <Route path=path!("/admin/shop") view=shop::AdminShopPage />
                <Route path=path!("/admin/shop/stock") view=stock::AdminStockPage />
                <Route path=path!("/admin/shop/count") view=stock_count::AdminStockCountPage />
                <Route path=path!("/admin/shop/orders") view=shop_orders::AdminShopOrdersPage />
                <Route path=path!("/admin/shop/labels") view=shop_labels::AdminShopLabelsPage />
                <Route path=path!("/admin/org") view=org::AdminOrgPage />
                <Route path=path!("/admin/users") view=users::AdminUsersPage />
                <Route path=path!("/admin/users/:id") view=person::PersonPage />
                <Route path=path!("/admin/points") view=points::AdminPointsPage />
                <Route path=path!("/admin/rules") view=rules::AdminRulesPage />
                <Route path=path!("/admin/points/accounts/:id") view=points::AdminAccountPage />
                <Route path=path!("/admin/points/transfers/:id") view=transfer::AdminTransferPage />
                <Route path=path!("/admin/families") view=families::AdminFamiliesPage />
                <Route path=path!("/admin/companies") view=companies::AdminCompaniesPage />
                <Route path=path!("/admin/cards") view=cards::AdminCardsPage />
                <Route path=path!("/admin/audit") view=audit::AdminAuditPage />
            </Routes>
        }
    }
);
