-- The patrol rota, continued: check-in and check-out on a shift give an hour record that
-- goes through the same review → points path as project sessions and service orders.

ALTER TABLE patrol_signups ADD COLUMN checked_in_at INTEGER;
ALTER TABLE patrol_signups ADD COLUMN checked_out_at INTEGER;

-- hour_records gains `shift_id` and, for a shift's record, the volunteer's `team_id` whose
-- reviewers decide it. A record belongs to exactly one of a session, an order, a shift.
-- Rebuilt as in 0009 (same ids: the ledger's key for an earn is `hours:{id}`), with its
-- indexes and triggers.
CREATE TABLE hour_records_new (
    id               INTEGER PRIMARY KEY,
    signup_id        INTEGER UNIQUE REFERENCES signups(id),
    session_id       INTEGER REFERENCES project_sessions(id),
    order_id         INTEGER REFERENCES orders(id),
    shift_id         INTEGER REFERENCES patrol_shifts(id),
    team_id          INTEGER REFERENCES nodes(id),
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
    CHECK ((session_id IS NOT NULL AND signup_id IS NOT NULL AND order_id IS NULL
            AND shift_id IS NULL)
        OR (session_id IS NULL AND signup_id IS NULL AND order_id IS NOT NULL
            AND shift_id IS NULL)
        OR (session_id IS NULL AND signup_id IS NULL AND order_id IS NULL
            AND shift_id IS NOT NULL AND team_id IS NOT NULL)),
    UNIQUE (order_id, user_id),
    -- One record per volunteer and shift.
    UNIQUE (shift_id, user_id)
);
INSERT INTO hour_records_new (id, signup_id, session_id, order_id, user_id, checked_in_at,
    checked_out_at, computed_minutes, minutes, edit_reason, edited_by, status, submitted_by,
    submitted_at, decided_by, decided_at, reject_reason, points, transfer_id, created_at)
SELECT id, signup_id, session_id, order_id, user_id, checked_in_at, checked_out_at,
    computed_minutes, minutes, edit_reason, edited_by, status, submitted_by, submitted_at,
    decided_by, decided_at, reject_reason, points, transfer_id, created_at
FROM hour_records;
DROP TABLE hour_records;
ALTER TABLE hour_records_new RENAME TO hour_records;
CREATE INDEX hour_records_user ON hour_records(user_id);
CREATE INDEX hour_records_session ON hour_records(session_id);
CREATE INDEX hour_records_status ON hour_records(status);
CREATE TRIGGER hour_records_approved_final BEFORE UPDATE ON hour_records
WHEN OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved hour record is final'); END;

-- Approved hours (final): service or training minutes at the project's team and place,
-- and the volunteer active that month.
CREATE TRIGGER stats_hours AFTER UPDATE OF status ON hour_records
WHEN NEW.status = 'approved' AND OLD.status <> 'approved'
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, CASE WHEN p.category = 'training' THEN 'training_minutes'
                               ELSE 'service_minutes' END,
           strftime('%Y-%m', NEW.checked_in_at + 28800, 'unixepoch'), NEW.minutes
    FROM project_sessions s JOIN projects p ON p.id = s.project_id
    JOIN node_ancestors a ON a.node_id IN (p.team_id, p.territory_id)
    WHERE s.id = NEW.session_id
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'active_volunteers',
           strftime('%Y-%m', NEW.checked_in_at + 28800, 'unixepoch'), 1
    FROM project_sessions s JOIN projects p ON p.id = s.project_id
    JOIN node_ancestors a ON a.node_id IN (p.team_id, p.territory_id)
    WHERE s.id = NEW.session_id AND p.category <> 'training'
      AND NOT EXISTS (SELECT 1 FROM stats_active WHERE user_id = NEW.user_id
                      AND month = strftime('%Y-%m', NEW.checked_in_at + 28800, 'unixepoch'))
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
    INSERT OR IGNORE INTO stats_active (user_id, month)
    SELECT NEW.user_id, strftime('%Y-%m', NEW.checked_in_at + 28800, 'unixepoch')
    FROM project_sessions s JOIN projects p ON p.id = s.project_id
    WHERE s.id = NEW.session_id AND p.category <> 'training';
END;


-- The patrol log: what patrol volunteers and grid workers saw on their rounds, with at
-- most one photo (files as the shop's: content-addressed, two sizes).
CREATE TABLE patrol_log (
    id           INTEGER PRIMARY KEY,
    grid_id      INTEGER NOT NULL REFERENCES nodes(id),
    community_id INTEGER NOT NULL REFERENCES nodes(id),
    author_id    INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT    NOT NULL CHECK (kind IN
        ('fire', 'street_stall', 'medical', 'dispute', 'sanitation', 'other')),
    text         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX patrol_log_community ON patrol_log(community_id, created_at);

CREATE TABLE patrol_log_photos (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL UNIQUE REFERENCES patrol_log(id),
    hash        TEXT    NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
