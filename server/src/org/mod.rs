//! The organisation tree ("1+3+N": society → branches → teams) and the territory tree
//! (district → street → community → grid), and who is in which team.

mod joins;
mod members;
mod nodes;

use utoipa_axum::{router::OpenApiRouter, routes};

/// Materialised paths live with the store, whose path index they are shaped for.
pub use crate::store::tree;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(nodes::list_nodes, nodes::create_node))
        .routes(routes!(nodes::update_node))
        .routes(routes!(members::list_members, members::add_member))
        .routes(routes!(members::remove_member))
        .routes(routes!(joins::ask_to_join, joins::pending_join_requests))
        .routes(routes!(joins::my_join_requests))
        .routes(routes!(joins::accept_join))
        .routes(routes!(joins::decline_join))
}
