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
