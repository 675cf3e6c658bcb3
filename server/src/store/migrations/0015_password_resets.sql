-- One-time codes to reset a forgotten password. A team leader or an admin of the
-- person's node issues one in person (no SMS gateway); only its SHA-256 is kept. A new
-- code replaces the person's old one, and a used one is deleted.
CREATE TABLE password_resets (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    code_hash  BLOB    NOT NULL,
    issued_by  INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
