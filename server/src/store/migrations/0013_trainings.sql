-- Issue 18: training courses (培训, S8). A course is organised by an organisation node
-- (a team or a branch); trainees enrol in the whole course, within its capacity.
CREATE TABLE trainings (
    id         INTEGER PRIMARY KEY,
    node_id    INTEGER NOT NULL REFERENCES nodes(id),
    title      TEXT    NOT NULL,
    topics     TEXT    NOT NULL,  -- JSON array of strings
    trainer    TEXT    NOT NULL,
    place      TEXT    NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity > 0),
    -- A trainee completes the course by attending this many of its sessions.
    sessions_required INTEGER NOT NULL CHECK (sessions_required > 0),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX trainings_node ON trainings(node_id);

CREATE TABLE training_sessions (
    id          INTEGER PRIMARY KEY,
    training_id INTEGER NOT NULL REFERENCES trainings(id),
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL CHECK (ends_at > starts_at)
);
CREATE INDEX training_sessions_training ON training_sessions(training_id, starts_at);

-- One place per person and course; the count is checked and the row inserted in one
-- write transaction on the single writer, so a course never holds more than its capacity.
CREATE TABLE training_enrolments (
    id          INTEGER PRIMARY KEY,
    training_id INTEGER NOT NULL REFERENCES trainings(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    enrolled_at INTEGER NOT NULL,
    UNIQUE (training_id, user_id)
);
CREATE INDEX training_enrolments_user ON training_enrolments(user_id);

-- Who attended which session, as the organiser records it. Training time is kept here,
-- apart from service hours (hour_records): it never earns points.
CREATE TABLE training_attendance (
    session_id INTEGER NOT NULL REFERENCES training_sessions(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    marked_by  INTEGER NOT NULL REFERENCES users(id),
    marked_at  INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

-- Trainees rate a course once, with the same 1–5 ratings as orders, sessions and shop
-- items: the subject check gains 'training' (SQLite cannot alter a check, so the table
-- is rebuilt with its rows, ids and indexes; nothing references it).
CREATE TABLE ratings_new (
    id          INTEGER PRIMARY KEY,
    subject     TEXT    NOT NULL CHECK (subject IN ('order', 'session', 'shop_item', 'training')),
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

-- Dropping the old table dropped the statistics' triggers on it (0011): the same again.
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
