-- Service orders, continued: volunteer hours logged when an order is done go through the
-- same hour records (and so the same review → points path) as project sessions, and an
-- order may carry photos stored like the shop's.

-- hour_records gains `order_id`; a record belongs to a session (with its sign-up) or to an
-- order, never both. SQLite cannot relax NOT NULL in place, so the table is rebuilt with
-- the same ids (the ledger's key for an earn is `hours:{id}`). Nothing references it.
CREATE TABLE hour_records_new (
    id               INTEGER PRIMARY KEY,
    signup_id        INTEGER UNIQUE REFERENCES signups(id),
    session_id       INTEGER REFERENCES project_sessions(id),
    order_id         INTEGER REFERENCES orders(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    checked_in_at    INTEGER NOT NULL,
    checked_out_at   INTEGER NOT NULL,
    computed_minutes INTEGER NOT NULL CHECK (computed_minutes >= 0),
    minutes          INTEGER NOT NULL CHECK (minutes >= 0 AND minutes <= 1440),
    edit_reason      TEXT,
    edited_by        INTEGER REFERENCES users(id),
    status           TEXT    NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'pending', 'approved', 'rejected')),
    submitted_by     INTEGER REFERENCES users(id),
    submitted_at     INTEGER,
    decided_by       INTEGER REFERENCES users(id),
    decided_at       INTEGER,
    reject_reason    TEXT,
    points           INTEGER,
    transfer_id      INTEGER REFERENCES ledger_transfers(id),
    created_at       INTEGER NOT NULL,
    CHECK ((session_id IS NOT NULL AND signup_id IS NOT NULL AND order_id IS NULL)
        OR (session_id IS NULL AND signup_id IS NULL AND order_id IS NOT NULL)),
    -- One record per volunteer and order.
    UNIQUE (order_id, user_id)
);
INSERT INTO hour_records_new (id, signup_id, session_id, user_id, checked_in_at,
    checked_out_at, computed_minutes, minutes, edit_reason, edited_by, status, submitted_by,
    submitted_at, decided_by, decided_at, reject_reason, points, transfer_id, created_at)
SELECT id, signup_id, session_id, user_id, checked_in_at, checked_out_at, computed_minutes,
    minutes, edit_reason, edited_by, status, submitted_by, submitted_at, decided_by,
    decided_at, reject_reason, points, transfer_id, created_at
FROM hour_records;
DROP TABLE hour_records;
ALTER TABLE hour_records_new RENAME TO hour_records;
CREATE INDEX hour_records_user ON hour_records(user_id);
CREATE INDEX hour_records_session ON hour_records(session_id);
CREATE INDEX hour_records_status ON hour_records(status);
CREATE TRIGGER hour_records_approved_final BEFORE UPDATE ON hour_records
WHEN OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved hour record is final'); END;

-- Photos of an order, taken by whoever placed it: files as the shop's (content-addressed,
-- two sizes, served from the same place).
CREATE TABLE order_photos (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    hash        TEXT    NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    UNIQUE (order_id, hash)
);
CREATE INDEX order_photos_order ON order_photos(order_id, id);
