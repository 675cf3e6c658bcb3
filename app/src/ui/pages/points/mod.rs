//! 我的: my points, card, donations, fee offsets, property and profile, joining a team
//! (and a leader's teams); the public points standard.

pub mod card;
pub mod donate;
pub mod family;
pub mod me;
pub mod mine;
pub mod offset;
pub mod property;
pub mod settings;
pub mod standard;
pub mod teams;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::ui::area::area_routes;
use crate::ui::pages::not_found::NotFoundPage;

area_routes!(
    points,
    pub fn routes() {
        view! {
            <Routes fallback=NotFoundPage>
                <Route path=path!("/me") view=me::MePage />
                <Route path=path!("/me/family") view=family::FamilyPage />
                <Route path=path!("/me/settings") view=settings::SettingsPage />
                <Route path=path!("/me/teams") view=teams::JoinPage />
                <Route path=path!("/me/lead") view=teams::LeadPage />
                <Route path=path!("/points") view=mine::PointsPage />
                <Route path=path!("/points/card") view=card::CardPage />
                <Route path=path!("/points/donate") view=donate::DonatePage />
                <Route path=path!("/points/offset") view=offset::OffsetPage />
                <Route path=path!("/points/standard") view=standard::StandardPage />
                <Route path=path!("/property") view=property::PropertyPage />
            </Routes>
        }
    }
);
