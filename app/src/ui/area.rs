//! The app's areas (shop pages past the list, points, projects, kiosk, administration),
//! each compiled into its own wasm chunk (`make site` splits the module) that the browser
//! fetches on the first visit to the area. Each area is one split function that renders
//! the area's own `<Routes>`, so one chunk per area rather than one per page, and the
//! route table of an area lives in its chunk.
//!
//! While the chunk loads the page shows the usual loading line. A chunk that cannot be
//! fetched would abort the whole app with the stock `#[lazy]`, so the split functions are
//! `fallible`: the failure shows a retry, and a later attempt fetches again.

use std::future::Future;

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::ui::components::status::Loading;
use crate::ui::state::use_session;

/// What an area's split function returns: its routes, or the chunk failed to load.
pub type AreaRoutes = Result<AnyView, leptos::wasm_split::SplitLoaderError>;

/// Declares an area's split function: everything only it reaches goes into the chunk
/// named after the area.
macro_rules! area_routes {
    ($chunk:ident, $(#[$attr:meta])* $vis:vis fn $name:ident() $body:block) => {
        #[leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible
        )]
        $(#[$attr])*
        $vis fn $name() -> $crate::ui::area::AreaRoutes {
            Ok(leptos::prelude::IntoAny::into_any($body))
        }
    };
}
pub(crate) use area_routes;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Loading,
    Failed,
    Shown,
}

/// Shows an area: loads its chunk (once per session) and renders its routes.
#[component]
pub fn Area<F, Fut>(routes: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = AreaRoutes> + Send + 'static,
{
    let status = RwSignal::new(Status::Loading);
    let attempt = RwSignal::new(0u32);
    let area = move || {
        attempt.track();
        Suspend::new(async move {
            let view = routes().await;
            status.set(if view.is_ok() {
                Status::Shown
            } else {
                Status::Failed
            });
            view.ok()
        })
    };
    let retry = move || {
        status.set(Status::Loading);
        attempt.update(|n| *n += 1);
    };
    view! {
        {area}
        {move || match status.get() {
            Status::Loading => view! { <Loading /> }.into_any(),
            Status::Failed => view! { <AreaFailed retry /> }.into_any(),
            Status::Shown => ().into_any(),
        }}
    }
}

#[component]
fn AreaFailed(retry: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let s = use_session();
    view! {
        <div class="state state-error state-network" role="alert" data-testid="area-failed">
            <p>{move || s.t(Msg::AreaLoadFailed)}</p>
            <button class="btn btn-secondary" type="button" on:click=move |_| retry()>
                {move || s.t(Msg::Retry)}
            </button>
        </div>
    }
}
