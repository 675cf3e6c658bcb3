-- Service orders (群众点单): the catalogue of services teams offer, orders with their
-- timeline, ratings (of orders, attended project sessions and shop items) and
-- notifications stored as a kind plus parameters.

CREATE TABLE services (
    id          INTEGER PRIMARY KEY,
    team_id     INTEGER NOT NULL REFERENCES nodes(id),
    category    TEXT    NOT NULL,
    title       TEXT    NOT NULL CHECK (length(title) > 0),
    description TEXT    NOT NULL DEFAULT '',
    -- What the resident should have ready.
    prepare     TEXT    NOT NULL DEFAULT '',
    -- The territory node served, with everything below it.
    serves_id   INTEGER NOT NULL REFERENCES nodes(id),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX services_team ON services(team_id);
CREATE INDEX services_category ON services(category, active);
CREATE TRIGGER services_no_delete BEFORE DELETE ON services
BEGIN SELECT RAISE(ABORT, 'services are deactivated, never deleted'); END;

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    service_id     INTEGER NOT NULL REFERENCES services(id),
    -- The person served; NULL when ordered by proxy for someone without an account.
    served_id      INTEGER REFERENCES users(id),
    served_name    TEXT    NOT NULL,
    placed_by      INTEGER NOT NULL REFERENCES users(id),
    territory_id   INTEGER NOT NULL REFERENCES nodes(id),
    address        TEXT    NOT NULL,
    preferred_time TEXT    NOT NULL DEFAULT '',
    phone          TEXT    NOT NULL,
    need           TEXT    NOT NULL,
    state          TEXT    NOT NULL DEFAULT 'submitted' CHECK (state IN
        ('submitted', 'pooled', 'assigned', 'rejected', 'accepted', 'in_progress', 'done',
         'cancelled')),
    team_id        INTEGER REFERENCES nodes(id),
    reject_reason  TEXT,
    reject_text    TEXT,
    report         TEXT,
    -- JSON array of user ids.
    volunteers     TEXT    NOT NULL DEFAULT '[]',
    submitted_at   INTEGER NOT NULL,
    reviewed_at    INTEGER,
    accepted_at    INTEGER,
    started_at     INTEGER,
    done_at        INTEGER,
    closed_at      INTEGER,
    -- When it entered its current state (how long a queue has kept it).
    state_at       INTEGER NOT NULL
);
CREATE INDEX orders_state ON orders(state, state_at);
CREATE INDEX orders_served ON orders(served_id, id);
CREATE INDEX orders_placed ON orders(placed_by, id);
CREATE INDEX orders_team ON orders(team_id, state);
CREATE TRIGGER orders_no_delete BEFORE DELETE ON orders
BEGIN SELECT RAISE(ABORT, 'orders are never deleted'); END;

-- The timeline: one row per step, never changed.
CREATE TABLE order_events (
    id       INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    actor_id INTEGER REFERENCES users(id),
    action   TEXT    NOT NULL,
    state    TEXT    NOT NULL,
    note     TEXT    NOT NULL DEFAULT '',
    at       INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events(order_id, id);
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN SELECT RAISE(ABORT, 'order events are never edited'); END;
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN SELECT RAISE(ABORT, 'order events are never deleted'); END;

-- One rating per (subject, rater). `team_id` is the team judged (orders, sessions).
-- A hidden comment stays here and in the audit log; the API sends it blank.
CREATE TABLE ratings (
    id          INTEGER PRIMARY KEY,
    subject     TEXT    NOT NULL CHECK (subject IN ('order', 'session', 'shop_item')),
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
CREATE INDEX ratings_team ON ratings(team_id);
CREATE INDEX ratings_subject ON ratings(subject, subject_id);

-- Notifications become a kind plus JSON parameters, worded when read; `text` stays for
-- rows written before (and is blank on new ones).
ALTER TABLE notifications ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE notifications ADD COLUMN order_id INTEGER REFERENCES orders(id);
ALTER TABLE notifications ADD COLUMN read_at INTEGER;
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;
