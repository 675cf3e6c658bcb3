-- One undo per transfer. Points given back (an administrator's reversal, a shop order's
-- refund when it is refunded, cancelled or expires, a fee offset's rejection) are an
-- "undo" of the transfer that took them, and each transfer is undone at most once,
-- whatever the path: the primary key refuses a second.
CREATE TABLE ledger_undos (
    undone_id INTEGER PRIMARY KEY REFERENCES ledger_transfers(id),
    undo_id   INTEGER NOT NULL UNIQUE REFERENCES ledger_transfers(id),
    CHECK (undo_id > undone_id)
);
CREATE TRIGGER ledger_undos_no_update BEFORE UPDATE ON ledger_undos
BEGIN SELECT RAISE(ABORT, 'undos are never edited'); END;
CREATE TRIGGER ledger_undos_no_delete BEFORE DELETE ON ledger_undos
BEGIN SELECT RAISE(ABORT, 'undos are never deleted'); END;

-- The undos made before this table: reversals and order refunds, oldest first. Where a
-- transfer was given back twice already, the first stands and the invariants name the
-- second.
INSERT OR IGNORE INTO ledger_undos (undone_id, undo_id)
SELECT undone_id, undo_id FROM (
    SELECT reverses_id AS undone_id, id AS undo_id FROM ledger_transfers
    WHERE reverses_id IS NOT NULL
    UNION ALL
    SELECT transfer_id, refund_transfer_id FROM shop_orders
    WHERE transfer_id IS NOT NULL AND refund_transfer_id IS NOT NULL
)
ORDER BY undo_id;
