//! Small inline icons for the tab bar, drawn here so no icon font or emoji is needed.

use leptos::prelude::*;

use crate::nav::Place;

/// The outline icon for a navigation place.
pub fn place_icon(place: Place) -> impl IntoView {
    let d = match place {
        Place::Home => "M3 11l9-8 9 8v10a1 1 0 0 1-1 1h-5v-7h-6v7H4a1 1 0 0 1-1-1z",
        Place::Shop => "M5 8h14l-1 13H6zM9 8V6a3 3 0 0 1 6 0v2",
        Place::Projects => "M5 21V4M5 4h11l-2 4 2 4H5",
        Place::Me => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
        Place::AdminOrg => "M12 3v6M6 15v-3h12v3M4 15h4v5H4zM10 15h4v5h-4zM16 15h4v5h-4zM9 3h6v6H9z",
        Place::AdminUsers => "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2 20a7 7 0 0 1 14 0M16 4a3.5 3.5 0 0 1 0 7M18 14a6 6 0 0 1 4 6",
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"
            fill="none" stroke="currentColor" stroke-width="1.8"
            stroke-linecap="round" stroke-linejoin="round">
            <path d=d></path>
        </svg>
    }
}
