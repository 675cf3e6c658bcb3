//! The service order's state machine: which party may do which action from which state.
//! The server enforces it; the browser asks it which buttons to show.
//!
//! ```text
//! submitted ──approve──▶ pooled ──take──▶ accepted ──start──▶ in_progress ──complete──▶ done
//!     │  └──assign──▶ assigned ──take──┘     │  └──────────complete─────────────────────┘
//!     └──reject──▶ rejected     ▲  pooled ◀──hand_back (assigned, accepted, in_progress)
//! cancel (submitted, pooled, assigned) ──▶ cancelled
//! ```

use crate::api::orders::{OrderAction, OrderState};
use crate::api::Reason;
use crate::i18n::Msg;
use crate::validate::{self, Checked};

/// How the caller stands to one order. One person can be several (a reviewer who
/// ordered for themselves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The person the service is for.
    Served,
    /// Whoever placed the order (the served person, or a proxy).
    Placer,
    /// A reviewer whose grant reaches the order's area or service team.
    Reviewer,
    /// A leader of the team the order is assigned to or accepted by.
    TeamLeader,
    /// A leader of a team offering this kind of service to the order's area (may take
    /// it from the pool).
    AreaLeader,
}

impl Party {
    pub const ALL: [Party; 5] = [
        Party::Served,
        Party::Placer,
        Party::Reviewer,
        Party::TeamLeader,
        Party::AreaLeader,
    ];

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The set of parties the caller is to an order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Actor(u8);

impl Actor {
    pub fn of(parties: &[Party]) -> Actor {
        Actor(parties.iter().fold(0, |acc, p| acc | p.bit()))
    }

    pub fn with(self, p: Party, yes: bool) -> Actor {
        if yes {
            Actor(self.0 | p.bit())
        } else {
            self
        }
    }

    pub fn is(self, p: Party) -> bool {
        self.0 & p.bit() != 0
    }

    /// No part in the order at all.
    pub fn is_stranger(self) -> bool {
        self.0 == 0
    }
}

/// Why an action was refused: the caller may never do it (403), or not now (409, with
/// the state the order is in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Forbidden,
    WrongState(OrderState),
}

use OrderAction as A;
use OrderState as S;

/// (action, who, from which states, to which state; `None`: unchanged).
const RULES: &[(OrderAction, Party, &[OrderState], Option<OrderState>)] = &[
    (
        A::Approve,
        Party::Reviewer,
        &[S::Submitted],
        Some(S::Pooled),
    ),
    (
        A::Assign,
        Party::Reviewer,
        &[S::Submitted, S::Pooled],
        Some(S::Assigned),
    ),
    (
        A::Reject,
        Party::Reviewer,
        &[S::Submitted],
        Some(S::Rejected),
    ),
    (
        A::Cancel,
        Party::Served,
        &[S::Submitted, S::Pooled, S::Assigned],
        Some(S::Cancelled),
    ),
    (
        A::Cancel,
        Party::Placer,
        &[S::Submitted, S::Pooled, S::Assigned],
        Some(S::Cancelled),
    ),
    (
        A::Take,
        Party::TeamLeader,
        &[S::Assigned],
        Some(S::Accepted),
    ),
    (A::Take, Party::AreaLeader, &[S::Pooled], Some(S::Accepted)),
    (
        A::Staff,
        Party::TeamLeader,
        &[S::Accepted, S::InProgress],
        None,
    ),
    (
        A::Start,
        Party::TeamLeader,
        &[S::Accepted],
        Some(S::InProgress),
    ),
    (
        A::HandBack,
        Party::TeamLeader,
        &[S::Assigned, S::Accepted, S::InProgress],
        Some(S::Pooled),
    ),
    (
        A::Complete,
        Party::TeamLeader,
        &[S::Accepted, S::InProgress],
        Some(S::Done),
    ),
];

/// The state after `action` by `actor` from `state`, or why not. A party that may never
/// do the action is refused as forbidden whatever the state, so a stranger learns
/// nothing about where the order is.
pub fn next(state: OrderState, action: OrderAction, actor: Actor) -> Result<OrderState, Refusal> {
    let mut any_rule = false;
    for (a, party, from, to) in RULES {
        if *a != action || !actor.is(*party) {
            continue;
        }
        any_rule = true;
        if from.contains(&state) {
            return Ok(to.unwrap_or(state));
        }
    }
    if any_rule {
        Err(Refusal::WrongState(state))
    } else {
        Err(Refusal::Forbidden)
    }
}

/// The actions `actor` may take now, in a stable order (the buttons to show).
pub fn allowed(state: OrderState, actor: Actor) -> Vec<OrderAction> {
    OrderAction::ALL
        .into_iter()
        .filter(|a| next(state, *a, actor).is_ok())
        .collect()
}

/// Is the order finished (nothing more can happen to it)?
pub fn is_closed(state: OrderState) -> bool {
    matches!(state, S::Rejected | S::Done | S::Cancelled)
}

/// "This order is …, so that cannot be done now": one refusal per state.
pub fn state_refusal(state: OrderState) -> Reason {
    match state {
        S::Submitted => Reason::OrderIsSubmitted,
        S::Pooled => Reason::OrderIsPooled,
        S::Assigned => Reason::OrderIsAssigned,
        S::Rejected => Reason::OrderIsRejected,
        S::Accepted => Reason::OrderIsAccepted,
        S::InProgress => Reason::OrderIsInProgress,
        S::Done => Reason::OrderIsDone,
        S::Cancelled => Reason::OrderIsCancelled,
    }
}

/// Is this the refusal of an order that has moved on (someone else acted first)?
pub fn moved_on(reason: Reason) -> bool {
    OrderState::ALL
        .into_iter()
        .any(|s| state_refusal(s) == reason)
}

/// The state's short name.
pub fn state_name(state: OrderState) -> Msg {
    match state {
        S::Submitted => Msg::OrderSubmitted,
        S::Pooled => Msg::OrderPooled,
        S::Assigned => Msg::OrderAssigned,
        S::Rejected => Msg::OrderRejected,
        S::Accepted => Msg::OrderAccepted,
        S::InProgress => Msg::OrderInProgress,
        S::Done => Msg::OrderDone,
        S::Cancelled => Msg::OrderCancelled,
    }
}

/// A reject reason's name.
pub fn reject_reason_name(r: crate::api::orders::RejectReason) -> Msg {
    use crate::api::orders::RejectReason as R;
    match r {
        R::OutOfScope => Msg::RejectOutOfScope,
        R::Duplicate => Msg::RejectDuplicate,
        R::MissingInformation => Msg::RejectMissingInformation,
        R::OtherChannel => Msg::RejectOtherChannel,
        R::Other => Msg::RejectOther,
    }
}

// ---- input rules ---------------------------------------------------------------------------

/// Longest comment on a rating, in characters.
pub const MAX_COMMENT: usize = 500;
/// Days a rating can still be edited after it was first given.
pub const RATING_EDIT_DAYS: i64 = 7;

/// A service's title: 1–40 characters.
pub fn service_title(raw: &str) -> Checked<String> {
    validate::text("name", raw, 1, 40)
}

/// A longer free text (description, what to prepare, address, report): up to `max`.
pub fn free_text(field: &'static str, raw: &str, max: usize) -> Checked<String> {
    validate::text(field, raw, 0, max)
}

/// A required text of 1..=max characters (what is needed, an address, a reason).
pub fn required_text(field: &'static str, raw: &str, max: usize) -> Checked<String> {
    validate::text(field, raw, 1, max)
}

/// Stars: 1 to 5.
pub fn stars(n: i64) -> Checked<i64> {
    validate::in_range("stars", n, 1, 5)
}

/// A rating's comment: optional, at most [`MAX_COMMENT`] characters, kept as typed
/// (plain text; the page escapes it).
pub fn comment(raw: &str) -> Checked<String> {
    validate::text("comment", raw, 0, MAX_COMMENT)
}

/// May a rating given at `created_at` still be edited at `now`?
pub fn rating_editable(created_at: i64, now: i64) -> bool {
    now - created_at <= RATING_EDIT_DAYS * 86_400
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(p: Party) -> Actor {
        Actor::of(&[p])
    }

    /// The happy path through the pool: approve, take, start, complete.
    #[test]
    fn an_order_walks_from_submitted_to_done_through_the_pool() {
        let s = next(S::Submitted, A::Approve, who(Party::Reviewer)).unwrap();
        assert_eq!(s, S::Pooled);
        let s = next(s, A::Take, who(Party::AreaLeader)).unwrap();
        assert_eq!(s, S::Accepted);
        let s = next(s, A::Staff, who(Party::TeamLeader)).unwrap();
        assert_eq!(s, S::Accepted);
        let s = next(s, A::Start, who(Party::TeamLeader)).unwrap();
        assert_eq!(s, S::InProgress);
        assert_eq!(next(s, A::Complete, who(Party::TeamLeader)), Ok(S::Done));
    }

    /// An assigned order is the assigned team's to accept; other teams wait for the pool.
    #[test]
    fn only_the_assigned_team_accepts_an_assigned_order() {
        assert_eq!(
            next(S::Assigned, A::Take, who(Party::TeamLeader)),
            Ok(S::Accepted)
        );
        assert_eq!(
            next(S::Assigned, A::Take, who(Party::AreaLeader)),
            Err(Refusal::WrongState(S::Assigned))
        );
    }

    /// The second team to take a pooled order hears where it is now.
    #[test]
    fn a_taken_order_cannot_be_taken_again() {
        assert_eq!(
            next(S::Accepted, A::Take, who(Party::AreaLeader)),
            Err(Refusal::WrongState(S::Accepted))
        );
    }

    /// Residents withdraw only before a team accepts.
    #[test]
    fn cancelling_stops_at_acceptance() {
        for s in [S::Submitted, S::Pooled, S::Assigned] {
            assert_eq!(next(s, A::Cancel, who(Party::Served)), Ok(S::Cancelled));
            assert_eq!(next(s, A::Cancel, who(Party::Placer)), Ok(S::Cancelled));
        }
        for s in [
            S::Accepted,
            S::InProgress,
            S::Done,
            S::Rejected,
            S::Cancelled,
        ] {
            assert_eq!(
                next(s, A::Cancel, who(Party::Served)),
                Err(Refusal::WrongState(s))
            );
        }
    }

    /// A stranger is forbidden everything, in every state (never told the state).
    #[test]
    fn strangers_are_forbidden_everything() {
        for s in OrderState::ALL {
            for a in OrderAction::ALL {
                assert_eq!(next(s, a, Actor::default()), Err(Refusal::Forbidden));
            }
            assert!(allowed(s, Actor::default()).is_empty());
        }
    }

    /// Closed orders allow nothing to anyone.
    #[test]
    fn closed_orders_are_final() {
        let everyone = Actor::of(&Party::ALL);
        for s in OrderState::ALL.into_iter().filter(|s| is_closed(*s)) {
            assert!(allowed(s, everyone).is_empty(), "{s:?}");
        }
    }

    /// Handing back returns the order to the pool, from any state the team holds it in.
    #[test]
    fn handing_back_returns_to_the_pool() {
        for s in [S::Assigned, S::Accepted, S::InProgress] {
            assert_eq!(next(s, A::HandBack, who(Party::TeamLeader)), Ok(S::Pooled));
        }
        assert_eq!(
            next(S::Pooled, A::HandBack, who(Party::TeamLeader)),
            Err(Refusal::WrongState(S::Pooled))
        );
    }

    /// Residents cannot review, and reviewers cannot run the service.
    #[test]
    fn each_party_keeps_to_its_own_actions() {
        assert_eq!(
            next(S::Submitted, A::Approve, who(Party::Served)),
            Err(Refusal::Forbidden)
        );
        assert_eq!(
            next(S::Accepted, A::Complete, who(Party::Reviewer)),
            Err(Refusal::Forbidden)
        );
        assert_eq!(
            allowed(S::Submitted, who(Party::Reviewer)),
            vec![A::Approve, A::Assign, A::Reject]
        );
    }

    #[test]
    fn ratings_are_editable_for_seven_days() {
        assert!(rating_editable(0, 7 * 86_400));
        assert!(!rating_editable(0, 7 * 86_400 + 1));
        assert!(stars(0).is_err() && stars(6).is_err() && stars(5).is_ok());
        assert!(comment(&"好".repeat(MAX_COMMENT)).is_ok());
        assert!(comment(&"好".repeat(MAX_COMMENT + 1)).is_err());
        assert_eq!(comment("  "), Ok(String::new()));
    }
}
