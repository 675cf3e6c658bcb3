//! 无人超市: the self-checkout and the pickup of reservations.

pub mod checkout;
pub mod pickup;

use leptos::prelude::*;

use crate::ui::area::area_routes;

area_routes!(
    kiosk,
    pub fn routes() {
        view! { <checkout::KioskPage /> }
    }
);
