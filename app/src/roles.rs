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
    /// 网格员: looks after a grid (granted at a grid or community of the territory tree).
    GridWorker,
    /// 巡逻志愿者: patrols a grid on its rota and is reached by its alarms.
    Patrol,
    /// 调度员: staffs a community's dispatch desk.
    Dispatcher,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Resident,
        Role::TeamLeader,
        Role::Reviewer,
        Role::Kiosk,
        Role::Property,
        Role::Admin,
        Role::GridWorker,
        Role::Patrol,
        Role::Dispatcher,
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
            Role::GridWorker => "grid_worker",
            Role::Patrol => "patrol",
            Role::Dispatcher => "dispatcher",
        }
    }

    /// Roles about places are granted on the territory tree (a grid or a community),
    /// the others on the organisation tree.
    pub fn territorial(self) -> bool {
        matches!(self, Role::GridWorker | Role::Patrol | Role::Dispatcher)
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
