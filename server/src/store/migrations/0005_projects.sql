-- Project board: projects published by teams, their sessions, sign-ups with waitlists,
-- attendance, hour records and their review, notifications, certificates.

CREATE TABLE projects (
    id                   INTEGER PRIMARY KEY,
    team_id              INTEGER NOT NULL REFERENCES nodes(id),
    title                TEXT    NOT NULL,
    category             TEXT    NOT NULL,
    description          TEXT    NOT NULL DEFAULT '',
    place                TEXT    NOT NULL,
    territory_id         INTEGER REFERENCES nodes(id),
    -- An activity code of the points rules.
    activity             TEXT    NOT NULL,
    -- JSON array of strings.
    skills               TEXT    NOT NULL DEFAULT '[]',
    signup_opens_at      INTEGER,
    signup_closes_at     INTEGER,
    cancel_cutoff_minutes INTEGER NOT NULL DEFAULT 180 CHECK (cancel_cutoff_minutes >= 0),
    status               TEXT    NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'published', 'rejected', 'closed')),
    reject_reason        TEXT,
    created_by           INTEGER NOT NULL REFERENCES users(id),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX projects_team ON projects(team_id);
CREATE INDEX projects_status ON projects(status);

CREATE TABLE project_sessions (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity > 0),
    CHECK (ends_at > starts_at)
);
CREATE INDEX project_sessions_project ON project_sessions(project_id, starts_at);
CREATE INDEX project_sessions_start ON project_sessions(starts_at);

-- One row per sign-up; a cancelled row stays (history), and one may sign up again.
-- `arrival` is the order sign-ups of a session were committed: the waitlist order.
CREATE TABLE signups (
    id             INTEGER PRIMARY KEY,
    session_id     INTEGER NOT NULL REFERENCES project_sessions(id),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    status         TEXT    NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    arrival        INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    promoted_at    INTEGER,
    cancelled_at   INTEGER,
    checked_in_at  INTEGER,
    checked_out_at INTEGER,
    no_show        INTEGER NOT NULL DEFAULT 0 CHECK (no_show IN (0, 1)),
    UNIQUE (session_id, arrival)
);
CREATE UNIQUE INDEX signups_live ON signups(session_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX signups_user ON signups(user_id);
CREATE INDEX signups_waiting ON signups(session_id, status, arrival);

-- A person's hours at a session, from check-in and check-out.
CREATE TABLE hour_records (
    id               INTEGER PRIMARY KEY,
    signup_id        INTEGER NOT NULL UNIQUE REFERENCES signups(id),
    session_id       INTEGER NOT NULL REFERENCES project_sessions(id),
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
    created_at       INTEGER NOT NULL
);
CREATE INDEX hour_records_user ON hour_records(user_id);
CREATE INDEX hour_records_session ON hour_records(session_id);
CREATE INDEX hour_records_status ON hour_records(status);
-- An approved record is final.
CREATE TRIGGER hour_records_approved_final BEFORE UPDATE ON hour_records
WHEN OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved hour record is final'); END;

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    project_id INTEGER REFERENCES projects(id),
    session_id INTEGER REFERENCES project_sessions(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, id);

-- Issued service-record certificates: the facts as canonical JSON and their SHA-256.
CREATE TABLE certificates (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    facts      TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    issued_at  INTEGER NOT NULL
);
CREATE TRIGGER certificates_no_update BEFORE UPDATE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificates are never edited'); END;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificates are never deleted'); END;
