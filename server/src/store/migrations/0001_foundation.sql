-- Foundation: people, sessions, the organisation and territory trees, roles, audit log.
-- Timestamps are Unix seconds.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    phone         TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    lang          TEXT    NOT NULL DEFAULT 'zh-CN' CHECK (lang IN ('zh-CN', 'en')),
    created_at    INTEGER NOT NULL
);

-- Server-side sessions: the cookie holds a random token, the table its SHA-256.
CREATE TABLE sessions (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Both trees in one table. `path` is the materialised path of ids ('/1/4/9/'), so
-- "everything under a node" is one range query on the path index.
CREATE TABLE nodes (
    id         INTEGER PRIMARY KEY,
    tree       TEXT    NOT NULL CHECK (tree IN ('org', 'territory')),
    parent_id  INTEGER REFERENCES nodes(id),
    kind       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    path       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE INDEX nodes_parent ON nodes(parent_id);

-- People in teams (organisation nodes).
CREATE TABLE memberships (
    user_id   INTEGER NOT NULL REFERENCES users(id),
    node_id   INTEGER NOT NULL REFERENCES nodes(id),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, node_id)
);
CREATE INDEX memberships_node ON memberships(node_id);

-- Roles granted at an organisation node; a grant reaches the whole subtree.
CREATE TABLE role_grants (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    role       TEXT    NOT NULL,
    node_id    INTEGER NOT NULL REFERENCES nodes(id),
    granted_by INTEGER REFERENCES users(id),
    granted_at INTEGER NOT NULL,
    UNIQUE (user_id, role, node_id)
);

-- Who did what, when. Never updated or deleted.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    actor_id INTEGER REFERENCES users(id),
    action   TEXT    NOT NULL,
    subject  TEXT    NOT NULL DEFAULT '',
    detail   TEXT    NOT NULL DEFAULT '{}',
    at       INTEGER NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
