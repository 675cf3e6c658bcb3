-- Help requests, continued: the resident's one photo (files as the shop's and the patrol
-- log's: content-addressed, two sizes).
CREATE TABLE help_photos (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL UNIQUE REFERENCES help_requests(id),
    hash        TEXT    NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL
);

-- The wider second round: a request goes first to the volunteers of its grid whose skills
-- match; if it still has places at `widen_at` it goes once to every patrol volunteer of
-- the community and everyone on duty there (`widened_at`). The deadline is stored, so a
-- restarted server keeps it; clearing it is how a runner takes the step, once.
ALTER TABLE help_requests ADD COLUMN widen_at INTEGER;
ALTER TABLE help_requests ADD COLUMN widened_at INTEGER;
CREATE INDEX help_requests_widen ON help_requests(widen_at) WHERE widen_at IS NOT NULL;
-- Which round reached each person (1: the grid with the skill, 2: the community).
ALTER TABLE help_offers ADD COLUMN round INTEGER NOT NULL DEFAULT 1;

-- The resident rates the help they asked for, with the same 1–5 ratings as orders: the
-- subject check gains 'help' (rebuilt as in 0013, with its rows, ids, indexes and the
-- statistics' triggers; nothing references it).
CREATE TABLE ratings_new (
    id          INTEGER PRIMARY KEY,
    subject     TEXT    NOT NULL
        CHECK (subject IN ('order', 'session', 'shop_item', 'training', 'help')),
    subject_id  INTEGER NOT NULL,
    team_id     INTEGER REFERENCES nodes(id),
    rater_id    INTEGER NOT NULL REFERENCES users(id),
    stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment     TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    edited_at   INTEGER,
    hidden      INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    hidden_by   INTEGER REFERENCES users(id),
    hidden_reason TEXT,
    reply       TEXT,
    replied_by  INTEGER REFERENCES users(id),
    replied_at  INTEGER,
    UNIQUE (subject, subject_id, rater_id)
);
INSERT INTO ratings_new (id, subject, subject_id, team_id, rater_id, stars, comment, created_at,
                         edited_at, hidden, hidden_by, hidden_reason, reply, replied_by,
                         replied_at)
SELECT id, subject, subject_id, team_id, rater_id, stars, comment, created_at, edited_at,
       hidden, hidden_by, hidden_reason, reply, replied_by, replied_at
FROM ratings;
DROP TABLE ratings;
ALTER TABLE ratings_new RENAME TO ratings;
CREATE INDEX ratings_team ON ratings(team_id);
CREATE INDEX ratings_subject ON ratings(subject, subject_id);

CREATE TRIGGER stats_ratings_new AFTER INSERT ON ratings
WHEN NEW.team_id IS NOT NULL
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, m.metric, strftime('%Y-%m', NEW.created_at + 28800, 'unixepoch'), m.value
    FROM node_ancestors a
    JOIN (SELECT 'ratings' AS metric, 1 AS value UNION ALL SELECT 'rating_stars', NEW.stars) m
    WHERE a.node_id = NEW.team_id
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER stats_ratings_edited AFTER UPDATE OF stars ON ratings
WHEN NEW.team_id IS NOT NULL AND NEW.stars <> OLD.stars
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'rating_stars', strftime('%Y-%m', NEW.created_at + 28800, 'unixepoch'),
           NEW.stars - OLD.stars
    FROM node_ancestors a WHERE a.node_id = NEW.team_id
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

-- hour_records gains `help_id`: a volunteer who came logs the time a help request took,
-- one record per volunteer and request, decided by the reviewers over the volunteer's
-- `team_id` (as a shift's). Rebuilt as in 0014 (same ids: the ledger's key for an earn is
-- `hours:{id}`), with its indexes and triggers.
CREATE TABLE hour_records_new (
    id               INTEGER PRIMARY KEY,
    signup_id        INTEGER UNIQUE REFERENCES signups(id),
    session_id       INTEGER REFERENCES project_sessions(id),
    order_id         INTEGER REFERENCES orders(id),
    shift_id         INTEGER REFERENCES patrol_shifts(id),
    help_id          INTEGER REFERENCES help_requests(id),
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
            AND shift_id IS NULL AND help_id IS NULL)
        OR (session_id IS NULL AND signup_id IS NULL AND order_id IS NOT NULL
            AND shift_id IS NULL AND help_id IS NULL)
        OR (session_id IS NULL AND signup_id IS NULL AND order_id IS NULL
            AND shift_id IS NOT NULL AND help_id IS NULL AND team_id IS NOT NULL)
        OR (session_id IS NULL AND signup_id IS NULL AND order_id IS NULL
            AND shift_id IS NULL AND help_id IS NOT NULL AND team_id IS NOT NULL)),
    UNIQUE (order_id, user_id),
    UNIQUE (shift_id, user_id),
    -- One record per volunteer and help request.
    UNIQUE (help_id, user_id)
);
INSERT INTO hour_records_new (id, signup_id, session_id, order_id, shift_id, team_id, user_id,
    checked_in_at, checked_out_at, computed_minutes, minutes, edit_reason, edited_by, status,
    submitted_by, submitted_at, decided_by, decided_at, reject_reason, points, transfer_id,
    created_at)
SELECT id, signup_id, session_id, order_id, shift_id, team_id, user_id, checked_in_at,
    checked_out_at, computed_minutes, minutes, edit_reason, edited_by, status, submitted_by,
    submitted_at, decided_by, decided_at, reject_reason, points, transfer_id, created_at
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
