-- A resident asks to join a volunteer team; the team's leaders accept or decline. One
-- pending request per person and team, so asking twice keeps one; answered ones stay as
-- the person's history.
CREATE TABLE join_requests (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    node_id    INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    state      TEXT    NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'accepted', 'declined')),
    reason     TEXT    NOT NULL DEFAULT '',
    decided_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    decided_at INTEGER
);
CREATE UNIQUE INDEX join_requests_one_pending ON join_requests(user_id, node_id)
    WHERE state = 'pending';
CREATE INDEX join_requests_user ON join_requests(user_id, id);
CREATE INDEX join_requests_node_pending ON join_requests(node_id) WHERE state = 'pending';
