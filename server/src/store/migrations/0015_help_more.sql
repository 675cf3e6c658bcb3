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
