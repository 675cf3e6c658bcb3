//! A transfer to post: what it moves, why, and the key that makes a retry harmless.

use linli_app::api::ledger::{TransferKind, TransferNote};
use linli_app::i18n::Lang;
use linli_app::ledger::transfer_reason_text;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::store::ledger::TransferRow;

/// A ledger account id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct AccountId(pub i64);

/// One movement of `amount` points from one account to another. Every kind of transfer
/// is a pair of postings, −amount and +amount, so the books always sum to zero.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTransfer {
    pub kind: TransferKind,
    pub from: AccountId,
    pub to: AccountId,
    /// Positive.
    pub amount: i64,
    /// Who asked for it; None for the system (the expiry job).
    pub author: Option<i64>,
    pub reason: String,
    /// What the server made it for, worded for each reader (see [`NewTransfer::note`]).
    pub note: Option<TransferNote>,
    /// Unique across the ledger: the same key posts at most once. Namespace client keys
    /// (e.g. `shop:{card}:{client key}`) so two callers cannot collide.
    pub idempotency_key: String,
    /// Entered by hand rather than derived from an approved record.
    pub manual: bool,
    /// The earning-rules version that priced an earn.
    pub rule_version: Option<i64>,
    /// For an undo (a reversal or a refund): the transfer it gives back. Recorded with it,
    /// so that transfer is never given back again by any path.
    pub undoes: Option<i64>,
    /// Type-specific facts, kept with the transfer (JSON object).
    pub meta: serde_json::Value,
    /// For a credit to a member or family: when the new lot lapses (None: never).
    pub credit_expires_at: Option<i64>,
    /// Lots a debit draws first, before the oldest-first rest: a reversal takes back the
    /// very points it undoes, an expiry takes exactly its lot.
    pub draw_first_lots: Vec<i64>,
    /// Overrides the content fingerprint when the amount is derived from a request (an
    /// earn priced by the rules): retries compare the request, not the price.
    pub fingerprint: Option<String>,
    /// The key names a row made in this very transaction (an order's payment), so no
    /// earlier transfer can hold it: the replay lookup is skipped. The key's UNIQUE index
    /// still refuses a second post.
    pub fresh_key: bool,
}

impl NewTransfer {
    /// A transfer with no author, no meta and lots that never lapse; refine with the
    /// builder methods.
    pub fn new(
        kind: TransferKind,
        from: AccountId,
        to: AccountId,
        amount: i64,
        reason: impl Into<String>,
        idempotency_key: impl Into<String>,
    ) -> NewTransfer {
        NewTransfer {
            kind,
            from,
            to,
            amount,
            author: None,
            reason: reason.into(),
            note: None,
            idempotency_key: idempotency_key.into(),
            manual: false,
            rule_version: None,
            undoes: None,
            meta: serde_json::json!({}),
            credit_expires_at: None,
            draw_first_lots: Vec::new(),
            fingerprint: None,
            fresh_key: false,
        }
    }

    pub fn by(mut self, author: i64) -> Self {
        self.author = Some(author);
        self
    }

    pub fn manual(mut self) -> Self {
        self.manual = true;
        self
    }

    /// What the server made it for. The reason becomes the note's Chinese wording, as
    /// before notes: the column is never empty, readers of the bare text still read a
    /// sentence, and a retry's fingerprint is the same as it was. Cut to the 200
    /// characters a reason may have (a help request's words, as the "project" of its
    /// hours, can be longer); the note keeps them whole.
    pub fn note(mut self, note: TransferNote) -> Self {
        let words = transfer_reason_text(Lang::Zh, Some(&note), "");
        self.reason = words.chars().take(200).collect();
        self.note = Some(note);
        self
    }

    pub fn meta(mut self, meta: serde_json::Value) -> Self {
        self.meta = meta;
        self
    }

    /// Marks the key as made in this transaction (see the field of that name).
    pub fn fresh_key(mut self) -> Self {
        self.fresh_key = true;
        self
    }

    pub fn credit_expires_at(mut self, at: Option<i64>) -> Self {
        self.credit_expires_at = at;
        self
    }

    /// SHA-256 of what the caller asked for. The same key with a different fingerprint is
    /// a different request reusing a key, and is refused.
    pub fn content_fingerprint(&self) -> String {
        if let Some(f) = &self.fingerprint {
            return f.clone();
        }
        fingerprint(&(
            self.kind.as_str(),
            self.from,
            self.to,
            self.amount,
            self.author,
            &self.reason,
            self.manual,
            self.undoes,
            &self.meta,
        ))
    }
}

/// Hex SHA-256 of a value's JSON (struct fields and tuples serialise in a fixed order).
pub fn fingerprint<T: Serialize>(content: &T) -> String {
    let json = serde_json::to_vec(content).unwrap_or_default();
    let digest = Sha256::digest(&json);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The outcome of posting: the transfer, and whether it already existed (a retry).
#[derive(Debug, Clone, PartialEq)]
pub struct Posted {
    pub transfer: TransferRow,
    /// True when the idempotency key had been used with this content: nothing was posted
    /// now and `transfer` is the original.
    pub replayed: bool,
    /// The paying account's balance after this posting (None for a replay): a receipt
    /// shows it without reading it back.
    pub from_balance: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spend(amount: i64) -> NewTransfer {
        NewTransfer::new(
            TransferKind::Donate,
            AccountId(5),
            AccountId(4),
            amount,
            "捐赠",
            "k1",
        )
        .by(9)
    }

    #[test]
    fn the_same_content_has_the_same_fingerprint() {
        assert_eq!(
            spend(10).content_fingerprint(),
            spend(10).content_fingerprint()
        );
        assert_eq!(spend(10).content_fingerprint().len(), 64);
    }

    #[test]
    fn different_content_has_a_different_fingerprint() {
        assert_ne!(
            spend(10).content_fingerprint(),
            spend(11).content_fingerprint()
        );
        assert_ne!(
            spend(10).content_fingerprint(),
            spend(10).by(8).content_fingerprint()
        );
    }

    #[test]
    fn a_note_keeps_its_chinese_wording_as_the_reason_within_its_length() {
        let pool = spend(10).note(TransferNote::PoolDonation);
        assert_eq!(pool.reason, "捐赠至公益积分池", "as written before notes");
        assert_eq!(pool.note, Some(TransferNote::PoolDonation));
        let long = TransferNote::HoursApproved {
            project: "帮".repeat(300),
            served_at: 1_772_413_200,
        };
        let t = spend(10).note(long.clone());
        assert_eq!(t.reason.chars().count(), 200);
        assert_eq!(t.note, Some(long), "the note keeps the whole name");
    }

    #[test]
    fn the_key_itself_is_not_part_of_the_fingerprint() {
        let mut other = spend(10);
        other.idempotency_key = "k2".into();
        assert_eq!(spend(10).content_fingerprint(), other.content_fingerprint());
    }
}
