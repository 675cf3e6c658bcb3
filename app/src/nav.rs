//! What the app shell offers a person: the tabs on a phone and the side navigation on a
//! desktop, with administration entries only for administrators.

use crate::api::Profile;
use crate::i18n::Msg;
use crate::roles::Role;

/// A place in the app the navigation can lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Home,
    Shop,
    Services,
    Projects,
    Me,
    AdminOrg,
    AdminUsers,
    Points,
    Property,
    AdminPoints,
    AdminRules,
    AdminFamilies,
    AdminCompanies,
    AdminCards,
    AdminAudit,
    AdminShop,
    Kiosk,
    AdminDashboard,
    Alarm,
    Dispatch,
}

impl Place {
    pub fn href(self) -> &'static str {
        match self {
            Place::Home => "/",
            Place::Shop => "/shop",
            Place::Services => "/services",
            Place::Projects => "/projects",
            Place::Me => "/me",
            Place::AdminOrg => "/admin/org",
            Place::AdminUsers => "/admin/users",
            Place::Points => "/points",
            Place::Property => "/property",
            Place::AdminPoints => "/admin/points",
            Place::AdminRules => "/admin/rules",
            Place::AdminFamilies => "/admin/families",
            Place::AdminCompanies => "/admin/companies",
            Place::AdminCards => "/admin/cards",
            Place::AdminAudit => "/admin/audit",
            Place::AdminShop => "/admin/shop",
            Place::Kiosk => "/kiosk",
            Place::AdminDashboard => "/admin",
            Place::Alarm => "/alarm",
            Place::Dispatch => "/dispatch",
        }
    }

    /// Marked as the current page only on its own path, not on the paths below it:
    /// home and the dashboard begin the paths of places that have entries of their own.
    pub fn exact(self) -> bool {
        matches!(self, Place::Home | Place::AdminDashboard)
    }

    pub fn label(self) -> Msg {
        match self {
            Place::Home => Msg::NavHome,
            Place::Shop => Msg::NavShop,
            Place::Services => Msg::NavServices,
            Place::Projects => Msg::NavProjects,
            Place::Me => Msg::NavMe,
            Place::AdminOrg => Msg::NavAdminOrg,
            Place::AdminUsers => Msg::NavAdminUsers,
            Place::Points => Msg::NavPoints,
            Place::Property => Msg::NavProperty,
            Place::AdminPoints => Msg::NavAdminPoints,
            Place::AdminRules => Msg::NavAdminRules,
            Place::AdminFamilies => Msg::NavAdminFamilies,
            Place::AdminCompanies => Msg::NavAdminCompanies,
            Place::AdminCards => Msg::NavAdminCards,
            Place::AdminAudit => Msg::NavAdminAudit,
            Place::AdminShop => Msg::NavAdminShop,
            Place::Kiosk => Msg::NavKiosk,
            Place::AdminDashboard => Msg::NavAdminDashboard,
            Place::Alarm => Msg::NavAlarm,
            Place::Dispatch => Msg::NavDispatch,
        }
    }
}

/// The five tabs every phone user sees at the bottom.
pub const TABS: [Place; 5] = [
    Place::Home,
    Place::Shop,
    Place::Services,
    Place::Projects,
    Place::Me,
];

/// Whether a person administers anything (an admin grant at any node).
pub fn is_admin(profile: &Profile) -> bool {
    profile.roles.iter().any(|g| g.role == Role::Admin)
}

/// Whether a person runs the shop's self-checkout (the kiosk account).
pub fn is_kiosk(profile: &Profile) -> bool {
    profile.roles.iter().any(|g| g.role == Role::Kiosk)
}

/// Whether the account is a shop kiosk and nothing more: it lives at `/kiosk`, full
/// screen, with no way out to the rest of the app (an administrator's card signs it out).
pub fn is_kiosk_only(profile: &Profile) -> bool {
    is_kiosk(profile) && !is_admin(profile)
}

/// Where a person lands after signing in: a kiosk always at the kiosk, anyone else where
/// they were heading (see [`after_sign_in`]).
pub fn landing<'a>(profile: &Profile, next: Option<&'a str>) -> &'a str {
    if is_kiosk_only(profile) {
        "/kiosk"
    } else {
        after_sign_in(next)
    }
}

/// Whether a person acts for a property company (confirms fee offsets).
pub fn is_property(profile: &Profile) -> bool {
    profile.roles.iter().any(|g| g.role == Role::Property)
}

/// The administration entries a person may see: none unless they are an administrator
/// (the dashboard first: it is where they start), or the fee-offset page for
/// property-company staff. The server refuses these pages' requests to anyone else
/// regardless.
pub fn admin_places(profile: Option<&Profile>) -> Vec<Place> {
    match profile {
        Some(p) if is_admin(p) => vec![
            Place::AdminDashboard,
            Place::AdminOrg,
            Place::AdminUsers,
            Place::AdminPoints,
            Place::AdminRules,
            Place::AdminFamilies,
            Place::AdminCompanies,
            Place::AdminCards,
            Place::AdminAudit,
            Place::Property,
            Place::AdminShop,
            Place::Kiosk,
        ],
        Some(p) if is_property(p) => vec![Place::Property],
        Some(p) if is_kiosk(p) => vec![Place::Kiosk],
        _ => Vec::new(),
    }
}

/// The one-key alarm for everyone signed in; the dispatch desk for dispatchers and
/// administrators.
pub fn duty_places(profile: Option<&Profile>) -> Vec<Place> {
    match profile {
        Some(p) if is_admin(p) || p.roles.iter().any(|g| g.role == Role::Dispatcher) => {
            vec![Place::Alarm, Place::Dispatch]
        }
        Some(_) => vec![Place::Alarm],
        None => Vec::new(),
    }
}

/// Whether an admin page leads back to the dashboard: the pages the dashboard links to
/// (`/admin/<page>` and the shop's `/admin/shop/<page>`), not the detail pages under
/// them, which lead back to their own list instead.
pub fn leads_to_dashboard(path: &str) -> bool {
    let Some(rest) = path.trim_end_matches('/').strip_prefix("/admin/") else {
        return false;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    !rest.is_empty() && (parts.len() == 1 || (parts[0] == "shop" && parts.len() == 2))
}

/// Where to go after signing in: the page that asked for it, if it is a path inside this
/// app (never another site, never back to the sign-in or registration forms), else home.
pub fn after_sign_in(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.starts_with("/login")
                && !n.starts_with("/register") =>
        {
            n
        }
        _ => "/",
    }
}

/// Whether a person leads a team or reviews, so the board offers the management pages.
pub fn has_role(profile: Option<&Profile>, role: Role) -> bool {
    profile.is_some_and(|p| p.roles.iter().any(|g| g.role == role))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One navigation entry is current at a time: a place whose path begins another
    /// entry's path matches exactly.
    #[test]
    fn no_two_entries_are_current_at_once() {
        let mut places = TABS.to_vec();
        places.extend(admin_places(Some(&person(&[Role::Admin]))));
        for a in &places {
            for b in &places {
                let under = b.href().starts_with(a.href()) && b.href() != a.href();
                assert!(
                    !under || a.exact(),
                    "{} is current on {}",
                    a.href(),
                    b.href()
                );
            }
        }
    }
    use crate::api::RoleGrant;
    use crate::i18n::Lang;

    fn person(roles: &[Role]) -> Profile {
        Profile {
            id: 1,
            name: "李梅".into(),
            phone: "13800000002".into(),
            lang: Lang::Zh,
            roles: roles
                .iter()
                .enumerate()
                .map(|(i, r)| RoleGrant {
                    id: i as i64,
                    role: *r,
                    node_id: 1,
                    node_name: "协会".into(),
                })
                .collect(),
            teams: vec![],
            created_at: 0,
        }
    }

    #[test]
    fn a_kiosk_always_lands_at_the_kiosk_and_others_where_they_were_heading() {
        let kiosk = person(&[Role::Kiosk]);
        assert_eq!(landing(&kiosk, Some("/me")), "/kiosk");
        assert_eq!(landing(&kiosk, None), "/kiosk");
        let both = person(&[Role::Kiosk, Role::Admin]);
        assert!(!is_kiosk_only(&both));
        assert_eq!(landing(&both, Some("/admin")), "/admin");
        assert_eq!(landing(&person(&[Role::Resident]), Some("/me")), "/me");
    }

    #[test]
    fn residents_and_visitors_see_no_administration() {
        assert!(admin_places(None).is_empty());
        assert!(admin_places(Some(&person(&[Role::Resident, Role::TeamLeader]))).is_empty());
    }

    #[test]
    fn administrators_see_the_dashboard_first_then_organisation_and_people() {
        let places = admin_places(Some(&person(&[Role::Admin])));
        assert_eq!(
            places[..3],
            [Place::AdminDashboard, Place::AdminOrg, Place::AdminUsers]
        );
        assert_eq!(Place::AdminDashboard.href(), "/admin");
        assert!(places.contains(&Place::AdminPoints));
        assert!(places.contains(&Place::AdminAudit));
    }

    #[test]
    fn property_staff_see_only_the_fee_offset_page() {
        assert_eq!(
            admin_places(Some(&person(&[Role::Property]))),
            vec![Place::Property]
        );
    }

    #[test]
    fn admin_pages_lead_back_to_the_dashboard_but_detail_pages_to_their_list() {
        for yes in [
            "/admin/org",
            "/admin/users",
            "/admin/shop",
            "/admin/shop/stock",
            "/admin/shop/orders/",
        ] {
            assert!(leads_to_dashboard(yes), "{yes}");
        }
        for no in [
            "/admin",
            "/admin/",
            "/admin/users/7",
            "/admin/points/accounts/3",
            "/review",
            "/",
        ] {
            assert!(!leads_to_dashboard(no), "{no}");
        }
    }

    #[test]
    fn sign_in_returns_to_the_page_that_asked_for_it() {
        assert_eq!(after_sign_in(Some("/admin/org")), "/admin/org");
        assert_eq!(after_sign_in(Some("/admin/users/7")), "/admin/users/7");
        assert_eq!(after_sign_in(None), "/");
    }

    #[test]
    fn sign_in_never_sends_people_to_another_site_or_back_to_a_form() {
        for bad in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
            "/login",
            "/register?x=1",
        ] {
            assert_eq!(after_sign_in(Some(bad)), "/", "{bad}");
        }
    }

    #[test]
    fn the_phone_tabs_are_home_shop_services_projects_and_me() {
        let hrefs: Vec<&str> = TABS.iter().map(|p| p.href()).collect();
        assert_eq!(hrefs, vec!["/", "/shop", "/services", "/projects", "/me"]);
    }
}
