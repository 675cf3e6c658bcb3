//! 商城: the catalogue (in the main module: it is the first screen of many visits), and
//! in the shop's chunk an item, the honour roll and my reservations.

pub mod catalogue;
pub mod donors;
pub mod item;
pub mod reservations;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::ui::area::area_routes;
use crate::ui::pages::not_found::NotFoundPage;

area_routes!(
    shop,
    pub fn routes() {
        view! {
            <Routes fallback=NotFoundPage>
                <Route path=path!("/shop/items/:id") view=item::ShopItemPage />
                <Route path=path!("/shop/donors") view=donors::HonourRollPage />
                <Route path=path!("/shop/reservations") view=reservations::ReservationsPage />
            </Routes>
        }
    }
);
