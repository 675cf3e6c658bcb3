//! Input rules both sides apply: the form checks before sending, the server checks again.

use crate::api::{NodeKind, Tree};
use crate::roles::Role;

/// Why a field was refused. Turned into words by `i18n::problem_text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    InvalidPhone,
    WrongTree,
    KindNotAllowedHere,
    /// A role that cannot be granted (everyone is a resident already).
    NotGrantable,
    /// A role granted on the other tree (a grid worker on a team, a leader on a grid).
    RoleNotForNode,
    /// A number outside its allowed range (points, minutes, days…).
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// A code that is not one of the configured choices (an activity, a multiplier).
    UnknownOption,
    /// Two entries share a code that must be unique.
    Duplicate,
    /// Not a date (or month) in the expected form.
    BadDate,
    /// Not the 8 digits of a reset code.
    BadResetCode,
    /// A time earlier than the earliest allowed, worded as a date.
    NotBefore {
        at: i64,
    },
    /// A time later than the latest allowed, worded as a date.
    NotAfter {
        at: i64,
    },
    /// A time that must come after another (an end after its start, a start after now).
    After {
        at: i64,
    },
    /// An attendance scanned before its session's check-in window opens at `at`.
    CheckInOpens {
        at: i64,
    },
}

/// A refused field: which one and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub problem: Problem,
}

pub type Checked<T> = Result<T, Invalid>;

/// The one way to say a field broke a rule (both sides: the server turns it into its 422).
pub fn invalid(field: &'static str, problem: Problem) -> Invalid {
    Invalid { field, problem }
}

/// Checks a trimmed text length in characters (not bytes: names are Chinese). With
/// `min` 0 the text is optional and may be empty.
pub fn text(field: &'static str, raw: &str, min: usize, max: usize) -> Checked<String> {
    let t = raw.trim();
    let n = t.chars().count();
    if n < min {
        let problem = if n == 0 {
            Problem::Required
        } else {
            Problem::TooShort { min }
        };
        return Err(invalid(field, problem));
    }
    if n > max {
        return Err(invalid(field, Problem::TooLong { max }));
    }
    // A control character (a NUL, an escape) is never typed; refuse it rather than store
    // it. A line break is typed in longer texts.
    if t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid(field, Problem::UnknownOption));
    }
    Ok(t.to_string())
}

/// A person's display name: 1–32 characters.
pub fn person_name(raw: &str) -> Checked<String> {
    text("name", raw, 1, 32)
}

/// A one-time reset code: 8 digits, spaces allowed between them.
pub fn reset_code(raw: &str) -> Checked<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Err(invalid("reset_code", Problem::Required));
    }
    if digits.len() != 8 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid("reset_code", Problem::BadResetCode));
    }
    Ok(digits)
}

/// A mainland mobile number: 11 digits starting with 1. Spaces and dashes are dropped.
pub fn phone(raw: &str) -> Checked<String> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if digits.is_empty() {
        return Err(invalid("phone", Problem::Required));
    }
    let ok =
        digits.len() == 11 && digits.starts_with('1') && digits.chars().all(|c| c.is_ascii_digit());
    if ok {
        Ok(digits)
    } else {
        Err(invalid("phone", Problem::InvalidPhone))
    }
}

/// A password: 8–128 characters, kept as typed (no trimming).
pub fn password(raw: &str) -> Checked<String> {
    let n = raw.chars().count();
    if n == 0 {
        return Err(invalid("password", Problem::Required));
    }
    if n < 8 {
        return Err(invalid("password", Problem::TooShort { min: 8 }));
    }
    if n > 128 {
        return Err(invalid("password", Problem::TooLong { max: 128 }));
    }
    Ok(raw.to_string())
}

/// An organisation or territory node's name: 1–64 characters.
pub fn node_name(raw: &str) -> Checked<String> {
    text("name", raw, 1, 64)
}

/// A role an administrator may grant at a node of `tree`: any but `resident`, which
/// everyone holds; roles about places on the territory tree, the others on the
/// organisation tree.
pub fn grantable_role(role: Role, tree: Tree) -> Checked<Role> {
    if role == Role::Resident {
        return Err(invalid("role", Problem::NotGrantable));
    }
    if role.territorial() != (tree == Tree::Territory) {
        return Err(invalid("node_id", Problem::RoleNotForNode));
    }
    Ok(role)
}

/// A search text for people: at most 64 characters, trimmed; blank means "everyone".
pub fn search_text(raw: &str) -> Checked<Option<String>> {
    let t = raw.trim();
    if t.chars().count() > 64 {
        return Err(invalid("q", Problem::TooLong { max: 64 }));
    }
    Ok((!t.is_empty()).then(|| t.to_string()))
}

/// Shows a phone number to someone who may not see it whole: 138****0001.
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "****".to_string()
    }
}

impl NodeKind {
    pub fn tree(self) -> Tree {
        match self {
            NodeKind::Society | NodeKind::Branch | NodeKind::Team => Tree::Org,
            NodeKind::District | NodeKind::Street | NodeKind::Community | NodeKind::Grid => {
                Tree::Territory
            }
        }
    }
}

/// Which kinds may sit under which. Organisations: a head society at the root, branches
/// under the society or other branches (any depth), teams under either; teams are leaves.
/// Territory: district → street → community → grid, strictly.
pub fn child_kind_allowed(parent: Option<NodeKind>, child: NodeKind) -> bool {
    use NodeKind::*;
    matches!(
        (parent, child),
        (None, Society)
            | (Some(Society | Branch), Branch | Team)
            | (None, District)
            | (Some(District), Street)
            | (Some(Street), Community)
            | (Some(Community), Grid)
    )
}

/// Checks a new node against its tree and parent.
pub fn node_placement(tree: Tree, parent: Option<NodeKind>, kind: NodeKind) -> Checked<()> {
    if kind.tree() != tree || parent.is_some_and(|p| p.tree() != tree) {
        return Err(invalid("kind", Problem::WrongTree));
    }
    if !child_kind_allowed(parent, kind) {
        return Err(invalid("kind", Problem::KindNotAllowedHere));
    }
    Ok(())
}

// ---- points ledger -------------------------------------------------------------------

/// Largest single movement of points; far above any real award, low enough that sums of
/// many never overflow.
pub const MAX_POINTS: i64 = 1_000_000;

/// Why points moved: 1–200 characters, required on every manual entry.
pub fn reason(raw: &str) -> Checked<String> {
    text("reason", raw, 1, 200)
}

/// A client-chosen idempotency key: 1–100 visible ASCII characters (a UUID fits).
pub fn idempotency_key(raw: &str) -> Checked<String> {
    let k = raw.trim();
    if k.is_empty() {
        return Err(invalid("idempotency_key", Problem::Required));
    }
    if k.len() > 100 {
        return Err(invalid("idempotency_key", Problem::TooLong { max: 100 }));
    }
    if !k.chars().all(|c| c.is_ascii_graphic()) {
        return Err(invalid("idempotency_key", Problem::UnknownOption));
    }
    Ok(k.to_string())
}

/// A whole number within `min..=max`.
pub fn in_range(field: &'static str, n: i64, min: i64, max: i64) -> Checked<i64> {
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(invalid(field, Problem::OutOfRange { min, max }))
    }
}

/// A moment between `earliest` and `latest`, both included. The refusal names the bound
/// that was crossed as a date, never a numeric range (which reads inverted when the window
/// has not opened yet).
pub fn time_between(field: &'static str, at: i64, earliest: i64, latest: i64) -> Checked<i64> {
    if at < earliest {
        Err(invalid(field, Problem::NotBefore { at: earliest }))
    } else if at > latest {
        Err(invalid(field, Problem::NotAfter { at: latest }))
    } else {
        Ok(at)
    }
}

/// An amount of points to move: 1..=MAX_POINTS.
pub fn points(n: i64) -> Checked<i64> {
    in_range("amount", n, 1, MAX_POINTS)
}

/// A manual adjustment: non-zero, either sign.
pub fn adjustment(n: i64) -> Checked<i64> {
    if n == 0 {
        return Err(invalid("amount", Problem::Required));
    }
    in_range("amount", n, -MAX_POINTS, MAX_POINTS)
}

/// Verified service time for one record: 1 minute to 24 hours.
pub fn service_minutes(n: i64) -> Checked<i64> {
    in_range("minutes", n, 1, 24 * 60)
}

/// A new version of the earning rules: sensible numbers, unique codes, names given.
pub fn earning_rules(r: &crate::api::ledger::EarningRules) -> Checked<()> {
    use crate::api::ledger::Validity;
    if r.activities.is_empty() {
        return Err(invalid("activities", Problem::Required));
    }
    let mut codes = std::collections::HashSet::new();
    for a in &r.activities {
        text("code", &a.code, 1, 32)?;
        text("name", &a.name, 1, 64)?;
        in_range("points_per_hour", a.points_per_hour, 0, 10_000)?;
        if !codes.insert(a.code.trim()) {
            return Err(invalid("code", Problem::Duplicate));
        }
    }
    let mut codes = std::collections::HashSet::new();
    for m in &r.multipliers {
        text("code", &m.code, 1, 32)?;
        text("name", &m.name, 1, 64)?;
        in_range("percent", m.percent, 1, 1_000)?;
        if !codes.insert(m.code.trim()) {
            return Err(invalid("code", Problem::Duplicate));
        }
    }
    if let Some(cap) = r.daily_cap {
        in_range("daily_cap", cap, 1, MAX_POINTS)?;
    }
    if let Some(cap) = r.monthly_cap {
        in_range("monthly_cap", cap, 1, MAX_POINTS)?;
    }
    if let Validity::Days { days } = r.validity {
        in_range("days", days, 1, 3650)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_counted_in_characters_not_bytes() {
        let name = "王".repeat(32);
        assert_eq!(person_name(&name), Ok(name.clone()));
        assert_eq!(
            person_name(&"王".repeat(33)).unwrap_err().problem,
            Problem::TooLong { max: 32 }
        );
    }

    #[test]
    fn names_are_trimmed_and_blank_ones_refused() {
        assert_eq!(person_name("  李梅 "), Ok("李梅".to_string()));
        assert_eq!(person_name("   ").unwrap_err().problem, Problem::Required);
    }

    #[test]
    fn phones_accept_separators_and_refuse_anything_else() {
        assert_eq!(phone("138 0000-0001"), Ok("13800000001".to_string()));
        assert_eq!(
            phone("23800000001").unwrap_err().problem,
            Problem::InvalidPhone
        );
        assert_eq!(
            phone("1380000000").unwrap_err().problem,
            Problem::InvalidPhone
        );
        assert_eq!(
            phone("1380000000a").unwrap_err().problem,
            Problem::InvalidPhone
        );
        assert_eq!(
            phone("１３８００００００01").unwrap_err().problem,
            Problem::InvalidPhone
        );
        assert_eq!(phone("").unwrap_err().problem, Problem::Required);
    }

    #[test]
    fn passwords_need_eight_characters() {
        assert!(password("1234567").is_err());
        assert!(password("12345678").is_ok());
        assert!(password(&"x".repeat(129)).is_err());
    }

    #[test]
    fn phones_are_masked_in_the_middle() {
        assert_eq!(mask_phone("13800000001"), "138****0001");
        assert_eq!(mask_phone("short"), "****");
    }

    #[test]
    fn organisation_tree_places_teams_under_branches_at_any_depth() {
        use NodeKind::*;
        assert!(node_placement(Tree::Org, None, Society).is_ok());
        assert!(node_placement(Tree::Org, Some(Society), Branch).is_ok());
        assert!(node_placement(Tree::Org, Some(Branch), Branch).is_ok());
        assert!(node_placement(Tree::Org, Some(Branch), Team).is_ok());
        assert_eq!(
            node_placement(Tree::Org, Some(Team), Team)
                .unwrap_err()
                .problem,
            Problem::KindNotAllowedHere
        );
        assert_eq!(
            node_placement(Tree::Org, None, Grid).unwrap_err().problem,
            Problem::WrongTree
        );
    }

    /// Residents are everyone, so `resident` is not something an admin can grant.
    #[test]
    fn every_role_but_resident_can_be_granted() {
        assert_eq!(
            grantable_role(Role::Resident, Tree::Org)
                .unwrap_err()
                .problem,
            Problem::NotGrantable
        );
        assert_eq!(grantable_role(Role::Kiosk, Tree::Org), Ok(Role::Kiosk));
    }

    /// Grid workers, patrol volunteers and dispatchers sit on grids and communities;
    /// leaders, reviewers and admins on the organisation tree.
    #[test]
    fn roles_about_places_are_granted_on_the_territory_tree_only() {
        for role in [Role::GridWorker, Role::Patrol, Role::Dispatcher] {
            assert_eq!(grantable_role(role, Tree::Territory), Ok(role));
            assert_eq!(
                grantable_role(role, Tree::Org).unwrap_err().problem,
                Problem::RoleNotForNode
            );
        }
        assert_eq!(
            grantable_role(Role::TeamLeader, Tree::Territory)
                .unwrap_err()
                .problem,
            Problem::RoleNotForNode
        );
    }

    /// Search text is trimmed, blank means no filter, and long text is refused.
    #[test]
    fn search_text_is_trimmed_and_bounded() {
        assert_eq!(search_text("  李 "), Ok(Some("李".to_string())));
        assert_eq!(search_text("   "), Ok(None));
        assert!(search_text(&"x".repeat(65)).is_err());
    }

    #[test]
    fn points_amounts_are_positive_and_bounded() {
        assert_eq!(points(1), Ok(1));
        assert!(points(0).is_err());
        assert!(points(-5).is_err());
        assert!(points(MAX_POINTS + 1).is_err());
        assert!(adjustment(0).is_err());
        assert_eq!(adjustment(-30), Ok(-30));
    }

    #[test]
    fn idempotency_keys_are_short_visible_ascii() {
        assert_eq!(idempotency_key(" k-1 "), Ok("k-1".to_string()));
        assert!(idempotency_key("").is_err());
        assert!(idempotency_key("有中文").is_err());
        assert!(idempotency_key(&"k".repeat(101)).is_err());
    }

    #[test]
    fn a_reason_is_required() {
        assert_eq!(reason("  ").unwrap_err().problem, Problem::Required);
        assert_eq!(reason(" 夜间巡逻 "), Ok("夜间巡逻".to_string()));
    }

    #[test]
    fn territory_tree_goes_district_street_community_grid() {
        use NodeKind::*;
        assert!(node_placement(Tree::Territory, None, District).is_ok());
        assert!(node_placement(Tree::Territory, Some(District), Street).is_ok());
        assert!(node_placement(Tree::Territory, Some(Street), Community).is_ok());
        assert!(node_placement(Tree::Territory, Some(Community), Grid).is_ok());
        assert!(node_placement(Tree::Territory, Some(District), Grid).is_err());
        assert!(node_placement(Tree::Territory, Some(Grid), Grid).is_err());
    }
}
