//! 账户: signing in, registering and resetting a forgotten password, in their own chunk. A first visit to `/` or `/shop`
//! needs neither, and both pages are a form that can wait for a small download.

pub mod login;
pub mod register;
pub mod reset;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::ui::area::area_routes;
use crate::ui::pages::not_found::NotFoundPage;

area_routes!(
    account,
    pub fn routes() {
        view! {
            <Routes fallback=NotFoundPage>
                <Route path=path!("/login") view=login::LoginPage />
                <Route path=path!("/register") view=register::RegisterPage />
                <Route path=path!("/reset") view=reset::ResetPage />
            </Routes>
        }
    }
);
