//! Property tests of the books: random sequences of earning, donating, adjusting,
//! reversing, retrying and expiring with an advancing clock, against a real SQLite file.
//! After every step the books balance, and each step did exactly what the rules say:
//! overspends refused (not clamped), lots drawn oldest first, expiry taking only what
//! was left, retries posting nothing.

use std::collections::HashMap;
use std::path::Path;

use linli_app::api::ledger::{AdjustRequest, AwardRequest, EarningRules, TransferKind, Validity};
use linli_app::api::Reason;
use linli_server::error::AppError;
use linli_server::ledger::{self, lots, Posted};
use linli_server::store::{self, Db};
use proptest::prelude::*;
use rusqlite::{params, Connection, TransactionBehavior};

/// 2025-12-01 00:00 Beijing: sequences cross a year end, so "valid to year end" lapses.
const START: i64 = 1_764_518_400;
const MEMBERS: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    Earn {
        who: usize,
        minutes: i64,
        night: bool,
    },
    Donate {
        who: usize,
        amount: i64,
    },
    Adjust {
        who: usize,
        amount: i64,
    },
    Reverse {
        pick: usize,
    },
    Retry {
        pick: usize,
    },
    /// Moves the clock; `sweep` runs the expiry job, otherwise spends lapse lots lazily.
    Advance {
        hours: i64,
        sweep: bool,
    },
    Validity {
        which: u8,
        days: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..MEMBERS, 1..600i64, any::<bool>())
            .prop_map(|(who, minutes, night)| Op::Earn { who, minutes, night }),
        4 => (0..MEMBERS, 1..90i64).prop_map(|(who, amount)| Op::Donate { who, amount }),
        1 => (0..MEMBERS, -80..80i64)
            .prop_filter("non-zero", |(_, a)| *a != 0)
            .prop_map(|(who, amount)| Op::Adjust { who, amount }),
        1 => any::<usize>().prop_map(|pick| Op::Reverse { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Retry { pick }),
        2 => (1..24 * 40i64, any::<bool>()).prop_map(|(hours, sweep)| Op::Advance { hours, sweep }),
        1 => (0..3u8, 1..20i64).prop_map(|(which, days)| Op::Validity { which, days }),
    ]
}

/// A request that succeeded, to send again.
#[derive(Debug, Clone)]
enum Sent {
    Award(AwardRequest),
    Adjust(AdjustRequest),
    Donate { user: i64, amount: i64, key: String },
}

struct World {
    conn: Connection,
    admin: i64,
    members: Vec<i64>,
    now: i64,
    sent: Vec<(Sent, i64)>,
    seq: u64,
}

/// Runs `f` in one BEGIN IMMEDIATE transaction, committed on Ok, as `Db::write` does.
fn write<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Connection) -> linli_server::error::AppResult<T>,
) -> linli_server::error::AppResult<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

fn setup(path: &Path) -> World {
    drop(Db::open(path).expect("migrated"));
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = OFF;")
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..=MEMBERS {
        conn.execute(
            "INSERT INTO users (name, phone, password_hash, created_at) VALUES (?1, ?2, 'x', 0)",
            params![format!("人{i}"), format!("1390000000{i}")],
        )
        .unwrap();
        ids.push(conn.last_insert_rowid());
    }
    World {
        conn,
        admin: ids[0],
        members: ids[1..].to_vec(),
        now: START,
        sent: Vec::new(),
        seq: 0,
    }
}

fn balance(conn: &Connection, user: i64) -> i64 {
    conn.query_row(
        "SELECT COALESCE((SELECT balance FROM ledger_accounts WHERE user_id = ?1), 0)",
        [user],
        |r| r.get(0),
    )
    .unwrap()
}

fn pool_balance(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT balance FROM ledger_accounts WHERE kind = 'charity_pool'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// Open lots of an account: those still valid at `now`, and the sum of those lapsed.
fn open_lots(conn: &Connection, account: i64, now: i64) -> (Vec<lots::OpenLot>, i64) {
    let mut stmt = conn
        .prepare(
            "SELECT id, remaining, expires_at, created_at FROM ledger_lots
             WHERE account_id = ?1 AND remaining > 0",
        )
        .unwrap();
    let all: Vec<lots::OpenLot> = stmt
        .query_map([account], |r| {
            Ok(lots::OpenLot {
                id: r.get(0)?,
                remaining: r.get(1)?,
                expires_at: r.get(2)?,
                created_at: r.get(3)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let due: i64 = all
        .iter()
        .filter(|l| l.expires_at.is_some_and(|t| t <= now))
        .map(|l| l.remaining)
        .sum();
    let valid = all
        .into_iter()
        .filter(|l| l.expires_at.is_none_or(|t| t > now))
        .collect();
    (valid, due)
}

fn account_of(conn: &Connection, user: i64) -> Option<i64> {
    conn.query_row(
        "SELECT id FROM ledger_accounts WHERE user_id = ?1",
        [user],
        |r| r.get(0),
    )
    .ok()
}

fn draws_of(conn: &Connection, transfer: i64) -> Vec<(i64, i64)> {
    let mut stmt = conn
        .prepare(
            "SELECT lot_id, amount FROM ledger_lot_draws WHERE transfer_id = ?1 ORDER BY lot_id",
        )
        .unwrap();
    stmt.query_map([transfer], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn balances(w: &World) -> Vec<i64> {
    let mut b: Vec<i64> = w.members.iter().map(|&u| balance(&w.conn, u)).collect();
    b.push(pool_balance(&w.conn));
    b
}

/// What a member can spend now: their lots still valid.
fn spendable(w: &World, user: i64) -> (Vec<lots::OpenLot>, i64) {
    match account_of(&w.conn, user) {
        Some(a) => {
            let (valid, _) = open_lots(&w.conn, a, w.now);
            let sum = valid.iter().map(|l| l.remaining).sum();
            (valid, sum)
        }
        None => (vec![], 0),
    }
}

fn is_insufficient(e: &AppError) -> bool {
    matches!(e, AppError::Refused(Reason::InsufficientPoints))
}

/// A debit of `amount` from `user` drew from their valid lots exactly as oldest-first says.
fn assert_drawn_oldest_first(w: &World, before: Vec<lots::OpenLot>, posted: &Posted, amount: i64) {
    // Written out independently of the code under test: soonest expiry first, lots that
    // never lapse last, then by age.
    let mut order = before;
    order.sort_by_key(|l| (l.expires_at.unwrap_or(i64::MAX), l.created_at, l.id));
    let mut left = amount;
    let mut expected = Vec::new();
    for l in order {
        if left > 0 {
            expected.push((l.id, l.remaining.min(left)));
            left -= l.remaining.min(left);
        }
    }
    assert_eq!(left, 0, "covered");
    expected.sort();
    assert_eq!(
        draws_of(&w.conn, posted.transfer.id),
        expected,
        "oldest lots first"
    );
}

fn step(w: &mut World, op: &Op) {
    w.seq += 1;
    let key = format!("k{}", w.seq);
    let (now, admin) = (w.now, w.admin);
    match *op {
        Op::Earn {
            who,
            minutes,
            night,
        } => {
            let user = w.members[who];
            let req = AwardRequest {
                user_id: user,
                activity: "patrol".into(),
                minutes,
                multiplier: night.then(|| "night".to_string()),
                served_at: None,
                reason: "巡逻".into(),
                idempotency_key: key,
            };
            let before = balance(&w.conn, user);
            let r = req.clone();
            match write(&mut w.conn, move |c| ledger::award(c, admin, &r, now)) {
                Ok(p) => {
                    let raw = minutes * 10 * if night { 2 } else { 1 } / 60;
                    assert!(p.transfer.amount > 0 && p.transfer.amount <= raw);
                    assert_eq!(balance(&w.conn, user), before + p.transfer.amount);
                    w.sent.push((Sent::Award(req), p.transfer.id));
                }
                // Too few minutes for a point, or the cap is reached: nothing moves.
                Err(e) => {
                    let expected = matches!(e, AppError::Refused(Reason::EarningCapReached))
                        || matches!(e, AppError::Invalid(ref i) if i.field == "minutes");
                    assert!(expected, "{e:?}");
                    assert_eq!(balance(&w.conn, user), before);
                }
            }
        }
        Op::Donate { who, amount } => {
            let user = w.members[who];
            let (valid, can) = spendable(w, user);
            let pool = pool_balance(&w.conn);
            let before = balance(&w.conn, user);
            let k = key.clone();
            let res = write(&mut w.conn, move |c| {
                ledger::donate_to_pool(c, user, amount, &k, now)
            });
            match res {
                Ok(p) => {
                    assert!(amount <= can, "spent {amount} of {can}");
                    assert_eq!(balance(&w.conn, user), can - amount);
                    assert_eq!(pool_balance(&w.conn), pool + amount);
                    assert_drawn_oldest_first(w, valid, &p, amount);
                    w.sent
                        .push((Sent::Donate { user, amount, key }, p.transfer.id));
                }
                Err(e) => {
                    assert!(
                        amount > can && is_insufficient(&e),
                        "{e:?}: {amount} of {can}"
                    );
                    assert_eq!(balance(&w.conn, user), before, "refused, not clamped");
                }
            }
        }
        Op::Adjust { who, amount } => {
            let user = w.members[who];
            let (valid, can) = spendable(w, user);
            let before = balance(&w.conn, user);
            let req = AdjustRequest {
                user_id: user,
                amount,
                reason: "更正".into(),
                idempotency_key: key,
            };
            let r = req.clone();
            match write(&mut w.conn, move |c| ledger::adjust(c, admin, &r, now)) {
                Ok(p) if amount > 0 => {
                    assert_eq!(balance(&w.conn, user), before + amount);
                    w.sent.push((Sent::Adjust(req), p.transfer.id));
                }
                Ok(p) => {
                    assert!(-amount <= can);
                    assert_eq!(balance(&w.conn, user), can + amount);
                    assert_drawn_oldest_first(w, valid, &p, -amount);
                    w.sent.push((Sent::Adjust(req), p.transfer.id));
                }
                Err(e) => {
                    assert!(amount < 0 && -amount > can && is_insufficient(&e), "{e:?}");
                    assert_eq!(balance(&w.conn, user), before);
                }
            }
        }
        Op::Reverse { pick } => {
            let count: i64 = w
                .conn
                .query_row("SELECT COUNT(*) FROM ledger_transfers", [], |r| r.get(0))
                .unwrap();
            if count == 0 {
                return;
            }
            let target: i64 = w
                .conn
                .query_row(
                    "SELECT id FROM ledger_transfers ORDER BY id LIMIT 1 OFFSET ?1",
                    [pick as i64 % count],
                    |r| r.get(0),
                )
                .unwrap();
            let before = balances(w);
            let res = write(&mut w.conn, move |c| {
                ledger::reverse(c, admin, target, "随机冲正", now)
            });
            match res {
                Ok(p) if p.replayed => assert_eq!(balances(w), before),
                Ok(p) => {
                    assert_eq!(p.transfer.kind, TransferKind::Reverse);
                    assert_eq!(p.transfer.reverses_id, Some(target));
                }
                Err(_) => assert_eq!(balances(w), before, "a refused reversal moves nothing"),
            }
        }
        Op::Retry { pick } => {
            if w.sent.is_empty() {
                return;
            }
            let (sent, id) = w.sent[pick % w.sent.len()].clone();
            let before = balances(w);
            let p = write(&mut w.conn, move |c| match &sent {
                Sent::Award(r) => ledger::award(c, admin, r, now),
                Sent::Adjust(r) => ledger::adjust(c, admin, r, now),
                Sent::Donate { user, amount, key } => {
                    ledger::donate_to_pool(c, *user, *amount, key, now)
                }
            })
            .expect("a retry returns the first result");
            assert!(p.replayed);
            assert_eq!(p.transfer.id, id);
            assert_eq!(balances(w), before, "a retry posts nothing");
        }
        Op::Advance { hours, sweep } => {
            w.now += hours * 3600;
            if !sweep {
                return;
            }
            let now = w.now;
            let pool = pool_balance(&w.conn);
            let mut lapsing = HashMap::new();
            for &user in &w.members {
                if let Some(a) = account_of(&w.conn, user) {
                    let (_, due) = open_lots(&w.conn, a, now);
                    lapsing.insert(user, (balance(&w.conn, user), due));
                }
            }
            write(&mut w.conn, move |c| ledger::expire_due(c, now, 100_000)).unwrap();
            for (user, (before, due)) in lapsing {
                assert_eq!(
                    balance(&w.conn, user),
                    before - due,
                    "exactly what was left lapses"
                );
            }
            assert_eq!(pool_balance(&w.conn), pool, "spent points never lapse");
        }
        Op::Validity { which, days } => {
            let validity = match which {
                0 => Validity::YearEnd,
                1 => Validity::Days { days },
                _ => Validity::None,
            };
            write(&mut w.conn, move |c| {
                let mut rules: EarningRules = store::ledger::current_rules(c)?.rules;
                rules.validity = validity;
                rules.daily_cap = Some(60);
                store::ledger::insert_rules(c, &rules, "测试", admin, now)?;
                Ok(())
            })
            .unwrap();
        }
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
}

proptest! {
    // 40 cases in `make test`; PROPTEST_CASES=1000 for a longer hunt.
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Any sequence of operations keeps every invariant of the books.
    #[test]
    fn the_books_always_balance(ops in proptest::collection::vec(op(), 1..50)) {
        let dir = tempfile::tempdir().unwrap();
        let mut w = setup(&dir.path().join("props.db"));
        for op in &ops {
            step(&mut w, op);
            let broken = ledger::broken_invariants(&w.conn).unwrap();
            prop_assert!(broken.is_empty(), "after {:?}: {:?}", op, broken);
        }
        // Issuance is the only account below zero, and it mirrors everything outstanding.
        let (issuance, rest): (i64, i64) = w.conn.query_row(
            "SELECT SUM(CASE WHEN kind = 'issuance' THEN balance END),
                    SUM(CASE WHEN kind <> 'issuance' THEN balance END) FROM ledger_accounts",
            [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        prop_assert_eq!(issuance + rest, 0);
    }
}
