//! Earning lots as pure functions: the order spending draws them in, and how a debit is
//! split across them.

/// A lot with points left in it (the store reads them).
pub use crate::store::ledger::OpenLot;

/// Oldest first: the soonest expiry, then lots that never expire; ties by creation. Spending
/// what lapses soonest first is what a member would choose for themselves.
pub fn fifo_key(lot: &OpenLot) -> (bool, i64, i64, i64) {
    (
        lot.expires_at.is_none(),
        lot.expires_at.unwrap_or(0),
        lot.created_at,
        lot.id,
    )
}

/// Whether a lot's time has come (it lapses before its holder spends again).
pub fn is_due(lot: &OpenLot, now: i64) -> bool {
    lot.expires_at.is_some_and(|at| at <= now)
}

/// Splits a debit of `amount` across `lots` in the order given: `(lot id, points taken)`.
/// None when the lots hold less than `amount`, so an overspend is refused, never clamped.
pub fn plan_draws(lots: &[OpenLot], amount: i64) -> Option<Vec<(i64, i64)>> {
    let mut left = amount;
    let mut draws = Vec::new();
    for lot in lots {
        if left == 0 {
            break;
        }
        let take = lot.remaining.min(left);
        if take > 0 {
            draws.push((lot.id, take));
            left -= take;
        }
    }
    (left == 0).then_some(draws)
}

/// The order a debit draws in: lots listed in `first` (a reversal takes back the very
/// points it undoes), then everything else oldest first.
pub fn draw_order(mut lots: Vec<OpenLot>, first: &[i64]) -> Vec<OpenLot> {
    lots.sort_by_key(|l| (!first.contains(&l.id), fifo_key(l)));
    lots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lot(id: i64, remaining: i64, expires_at: Option<i64>, created_at: i64) -> OpenLot {
        OpenLot {
            id,
            remaining,
            expires_at,
            created_at,
        }
    }

    #[test]
    fn spending_draws_the_soonest_to_expire_first() {
        let lots = draw_order(
            vec![
                lot(1, 10, None, 1),
                lot(2, 10, Some(500), 3),
                lot(3, 10, Some(200), 5),
                lot(4, 10, Some(200), 2),
            ],
            &[],
        );
        let ids: Vec<i64> = lots.iter().map(|l| l.id).collect();
        assert_eq!(ids, vec![4, 3, 2, 1]);
        assert_eq!(plan_draws(&lots, 25), Some(vec![(4, 10), (3, 10), (2, 5)]));
    }

    #[test]
    fn an_overspend_is_refused_not_clamped() {
        let lots = [lot(1, 10, None, 1), lot(2, 5, None, 2)];
        assert_eq!(plan_draws(&lots, 16), None);
        assert_eq!(plan_draws(&lots, 15), Some(vec![(1, 10), (2, 5)]));
    }

    #[test]
    fn a_reversal_takes_back_its_own_lot_first() {
        let lots = draw_order(vec![lot(1, 10, Some(100), 1), lot(2, 10, None, 2)], &[2]);
        assert_eq!(plan_draws(&lots, 12), Some(vec![(2, 10), (1, 2)]));
    }
}
