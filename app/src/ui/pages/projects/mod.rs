//! 项目: the board, a project, sign-ups, records, leaders' and reviewers' pages, rosters
//! and certificates.

pub mod board;
pub mod certificate;
pub mod detail;
pub mod leader;
pub mod record;
pub mod review;
pub mod roster;
pub mod signups;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::ui::area::area_routes;
use crate::ui::pages::not_found::NotFoundPage;

area_routes!(
    projects,
    pub fn routes() {
        view! {
            <Routes fallback=NotFoundPage>
                <Route path=path!("/projects") view=board::ProjectsPage />
                <Route path=path!("/projects/mine") view=signups::MySignupsPage />
                <Route path=path!("/projects/record") view=record::RecordPage />
                <Route path=path!("/projects/manage") view=leader::ManagePage />
                <Route path=path!("/projects/:id") view=detail::ProjectPage />
                <Route path=path!("/sessions/:id/roster") view=roster::RosterPage />
                <Route path=path!("/review") view=review::ReviewPage />
                <Route path=path!("/certificates/:code") view=certificate::VerifyCertificatePage />
            </Routes>
        }
    }
);
