//! The open books: where the issued points went, month by month, checked against the
//! balances. Only sums and the names of donating units and merchants: nothing in it
//! names, counts or identifies a resident.

use linli_app::api::stats::{
    BooksMonth, Conservation, HonourDonor, OpenBooks, PointsFlow, StockDonated,
};
use rusqlite::Connection;

use crate::error::AppResult;
use crate::store::stats::{self as store, MonthlyFlow};

fn is_holder(kind: &str) -> bool {
    matches!(kind, "member" | "family")
}

/// Adds one monthly row to a flow: only what crosses between holders (members and
/// families) and the system accounts counts; holder-to-holder moves change nothing.
fn add(flow: &mut PointsFlow, f: &MonthlyFlow) {
    let (out, amount) = match (is_holder(&f.from_kind), is_holder(&f.to_kind)) {
        (true, false) => (true, f.amount),
        (false, true) => (false, f.amount),
        _ => return,
    };
    let system = if out {
        f.to_kind.as_str()
    } else {
        f.from_kind.as_str()
    };
    // Out of holders is positive for spent, donated, offset and expired; into holders
    // is positive for issued and allocated.
    let signed = |into_positive: bool| {
        if out != into_positive {
            amount
        } else {
            -amount
        }
    };
    match system {
        "issuance" if f.kind == "expire" => flow.expired += signed(false),
        "issuance" => flow.issued += signed(true),
        "shop" => flow.spent += signed(false),
        "fee_offset" => flow.offset += signed(false),
        "charity_pool" if out => flow.donated += amount,
        "charity_pool" => flow.allocated += amount,
        _ => {}
    }
}

/// What holders hold by the flows alone.
pub fn held(f: &PointsFlow) -> i64 {
    f.issued - f.spent - f.donated + f.allocated - f.offset - f.expired
}

/// The open books from the monthly transfer totals, the balances by account kind and
/// the stock donations by donor.
pub fn assemble(
    flows: &[MonthlyFlow],
    balances: &[(String, i64)],
    donations: &[(String, String, i64, i64)],
) -> OpenBooks {
    let mut months: Vec<BooksMonth> = Vec::new();
    let mut totals = PointsFlow::default();
    for f in flows {
        if months.last().map(|m| m.month.as_str()) != Some(f.month.as_str()) {
            months.push(BooksMonth {
                month: f.month.clone(),
                flow: PointsFlow::default(),
            });
        }
        if let Some(m) = months.last_mut() {
            add(&mut m.flow, f);
        }
        add(&mut totals, f);
    }
    let balance_of = |kinds: &[&str]| -> i64 {
        balances
            .iter()
            .filter(|(k, _)| kinds.contains(&k.as_str()))
            .map(|(_, b)| b)
            .sum()
    };
    let held_by_balances = balance_of(&["member", "family"]);
    let all_balances = balances.iter().map(|(_, b)| b).sum();
    let held_by_flows = held(&totals);
    let mut honour_roll = Vec::new();
    let (mut private, mut stock) = (StockDonated::default(), StockDonated::default());
    for (name, kind, value, units) in donations {
        stock.value += value;
        stock.units += units;
        stock.donors += 1;
        if kind == "person" {
            private.value += value;
            private.units += units;
            private.donors += 1;
        } else {
            honour_roll.push(HonourDonor {
                name: name.clone(),
                kind: kind.clone(),
                value: *value,
                units: *units,
            });
        }
    }
    OpenBooks {
        months,
        totals,
        held: held_by_balances,
        charity_pool: balance_of(&["charity_pool"]),
        conservation: Conservation {
            held_by_flows,
            held_by_balances,
            all_balances,
            holds: held_by_flows == held_by_balances && all_balances == 0,
        },
        honour_roll,
        private_donations: private,
        stock_donated: stock,
    }
}

pub fn open_books(conn: &Connection) -> AppResult<OpenBooks> {
    Ok(assemble(
        &store::ledger_monthly(conn)?,
        &store::balances_by_kind(conn)?,
        &store::donations(conn)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(month: &str, kind: &str, from: &str, to: &str, amount: i64) -> MonthlyFlow {
        MonthlyFlow {
            month: month.into(),
            kind: kind.into(),
            from_kind: from.into(),
            to_kind: to.into(),
            amount,
            transfers: 1,
        }
    }

    /// Issued 100, a reversal of 10, spent 30 with a refund of 5, donated 20 and given on
    /// 15 to a family, offset 8, expired 2, one member paying another: 50 held.
    #[test]
    fn flows_net_out_corrections_and_balance_against_holdings() {
        let flows = vec![
            flow("2026-01", "earn", "issuance", "member", 100),
            flow("2026-01", "reverse", "member", "issuance", 10),
            flow("2026-01", "redeem", "member", "shop", 30),
            flow("2026-02", "refund", "shop", "member", 5),
            flow("2026-02", "donate", "member", "charity_pool", 20),
            flow("2026-02", "allocate", "charity_pool", "family", 15),
            flow("2026-02", "fee_offset", "member", "fee_offset", 8),
            flow("2026-02", "expire", "member", "issuance", 2),
            flow("2026-02", "adjust", "member", "member", 7),
        ];
        let balances = vec![
            ("charity_pool".to_string(), 5),
            ("family".to_string(), 15),
            ("fee_offset".to_string(), 8),
            ("issuance".to_string(), -88),
            ("member".to_string(), 35),
            ("shop".to_string(), 25),
        ];
        let books = assemble(&flows, &balances, &[]);
        assert_eq!(books.months.len(), 2);
        assert_eq!(books.months[0].flow.issued, 90);
        assert_eq!(books.months[0].flow.spent, 30);
        assert_eq!(books.months[1].flow.spent, -5);
        let t = &books.totals;
        assert_eq!(
            (
                t.issued,
                t.spent,
                t.donated,
                t.allocated,
                t.offset,
                t.expired
            ),
            (90, 25, 20, 15, 8, 2)
        );
        assert_eq!(books.held, 50);
        assert_eq!(books.conservation.held_by_flows, 50);
        assert!(books.conservation.holds);
        assert_eq!(books.charity_pool, 5);
    }

    /// Units and merchants are named; private donors only counted.
    #[test]
    fn private_donors_are_counted_not_named() {
        let donations = vec![
            ("爱心超市".to_string(), "merchant".to_string(), 300, 10),
            ("张三".to_string(), "person".to_string(), 40, 2),
        ];
        let books = assemble(&[], &[], &donations);
        assert_eq!(books.honour_roll.len(), 1);
        assert_eq!(books.honour_roll[0].name, "爱心超市");
        assert_eq!(books.private_donations.value, 40);
        assert_eq!(books.stock_donated.value, 340);
        assert_eq!(books.stock_donated.donors, 2);
    }
}
