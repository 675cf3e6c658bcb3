//! Roles a person can hold, each granted at a node of the organisation tree.

use serde::{Deserialize, Serialize};

/// What a person may do. Every signed-in person is a resident; the other roles are
/// granted at a node of the organisation tree and reach everything below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    TeamLeader,
    Reviewer,
    Kiosk,
    Property,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Resident,
        Role::TeamLeader,
        Role::Reviewer,
        Role::Kiosk,
        Role::Property,
        Role::Admin,
    ];

    /// The name stored in the database and used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::TeamLeader => "team_leader",
            Role::Reviewer => "reviewer",
            Role::Kiosk => "kiosk",
            Role::Property => "property",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
