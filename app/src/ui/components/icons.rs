//! Small inline icons for the tab bar, drawn here so no icon font or emoji is needed.

use leptos::prelude::*;

use crate::nav::Place;

/// The outline icon for a navigation place.
pub fn place_icon(place: Place) -> impl IntoView {
    let d = match place {
        Place::Home => "M3 11l9-8 9 8v10a1 1 0 0 1-1 1h-5v-7h-6v7H4a1 1 0 0 1-1-1z",
        Place::Shop => "M5 8h14l-1 13H6zM9 8V6a3 3 0 0 1 6 0v2",
        Place::Projects => "M5 21V4M5 4h11l-2 4 2 4H5",
        Place::Services => "M4 12l4 4 4-3 4 3 4-4M8 16l-2 3M16 16l2 3M9 8a3 3 0 0 1 6 0",
        Place::Me => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
        Place::AdminOrg => "M12 3v6M6 15v-3h12v3M4 15h4v5H4zM10 15h4v5h-4zM16 15h4v5h-4zM9 3h6v6H9z",
        Place::AdminUsers => "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2 20a7 7 0 0 1 14 0M16 4a3.5 3.5 0 0 1 0 7M18 14a6 6 0 0 1 4 6",
        Place::Points | Place::AdminPoints => "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9 9h6M9 12h6M12 9v8",
        Place::Property => "M3 11l9-8 9 8M5 10v10h14V10M10 20v-6h4v6",
        Place::AdminCompanies => "M4 21V5h10v16M14 9h6v12M7 8h4M7 12h4M7 16h4M17 13h1M17 17h1",
        Place::AdminRules => "M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h7",
        Place::AdminFamilies => "M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z",
        Place::AdminCards => "M3 6h18v12H3zM6 10h4v4H6zM13 10h5M13 13h3",
        Place::AdminShop => "M5 8h14l-1 13H6zM9 8V6a3 3 0 0 1 6 0v2M9 13h6",
        Place::Kiosk => "M4 4h16v12H4zM8 20h8M12 16v4M7 8h3M7 11h6",
        Place::AdminAudit => "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 3",
        Place::AdminDashboard => "M4 4h7v9H4zM13 4h7v5h-7zM13 11h7v9h-7zM4 15h7v5H4z",
        Place::Alarm => "M12 3a7 7 0 0 1 7 7v6H5v-6a7 7 0 0 1 7-7zM3 20h18M12 7v5",
        Place::Dispatch => "M3 5h18v11H3zM8 20h8M12 16v4M7 9l3 3-3 3M13 15h4",
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"
            fill="none" stroke="currentColor" stroke-width="1.8"
            stroke-linecap="round" stroke-linejoin="round">
            <path d=d></path>
        </svg>
    }
}
