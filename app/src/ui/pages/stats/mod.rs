//! 统计 and 公开账本: a node's statistics with charts drawn by the app itself as SVG (each
//! with a data table for screen readers) and the spreadsheet exports; the open books,
//! for anyone, signed in or not.

pub mod books;
pub mod charts;
pub mod page;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::ui::area::area_routes;
use crate::ui::pages::not_found::NotFoundPage;

area_routes!(
    stats,
    pub fn routes() {
        view! {
            <Routes fallback=NotFoundPage>
                <Route path=path!("/stats") view=page::StatsPage />
                <Route path=path!("/open-books") view=books::OpenBooksPage />
            </Routes>
        }
    }
);
