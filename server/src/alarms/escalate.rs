//! The background task that climbs the ladder: it reads the alarms whose stored deadline
//! has passed (by the [`Clock`], which tests move by hand) and takes each one's next step
//! in its own write; the same for help requests due to go wider
//! ([`super::help::widen`]). Deadlines live in the database, so a restarted server picks up where
//! the last one stopped; two runners never take the same step twice (see
//! [`super::escalate`]).

use std::time::Duration;

use crate::clock::Clock;
use crate::notifications::live::Live;
use crate::store::{alarms as store, help as help_store, Db};

use super::Ladder;

/// How often the task looks when the clock does not move by hand. Deadlines are whole
/// seconds, so a step fires within about a second of its time.
const LOOK: Duration = Duration::from_secs(1);
/// Most alarms one look escalates (it looks again at once when full).
const BATCH: i64 = 100;

/// Starts the task on the current runtime.
pub fn spawn(db: Db, clock: Clock, ladder: Ladder, live: Live) {
    tokio::spawn(async move {
        loop {
            let looked = run_due(&db, &clock, &ladder).await.unwrap_or_else(|e| {
                tracing::error!(error = ?e, "alarm escalation failed; trying again");
                0
            });
            if looked > 0 {
                live.committed();
            }
            if looked < BATCH as usize {
                clock.tick(LOOK).await;
            }
        }
    });
}

/// Takes every step due now; how many alarms or help requests it looked at (at most
/// [`BATCH`] of each).
pub async fn run_due(db: &Db, clock: &Clock, ladder: &Ladder) -> crate::error::AppResult<usize> {
    let now = clock.now();
    let due = db.read(move |c| store::due(c, now, BATCH)).await?;
    for id in &due {
        let (id, ladder) = (*id, ladder.clone());
        db.write(move |tx| super::escalate(tx, id, &ladder, now))
            .await?;
    }
    let wider = db.read(move |c| help_store::due(c, now, BATCH)).await?;
    for id in &wider {
        let id = *id;
        db.write(move |tx| super::help::widen(tx, id, now)).await?;
    }
    Ok(due.len().max(wider.len()))
}
