-- Points cards and the public-welfare bank (公益银行).

-- Secrets the server generates for itself on first use (e.g. the key that signs the
-- phone's card QR tokens). Never in the repository, never sent.
CREATE TABLE server_secrets (
    name       TEXT    PRIMARY KEY,
    value      BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);

-- Every card ever issued. A person has at most one card that is not replaced; a
-- reissue marks the old row replaced and adds a new number for the same person, so
-- history and balance stay with the person.
CREATE TABLE cards (
    id                INTEGER PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users(id),
    number            TEXT    NOT NULL UNIQUE CHECK (length(number) = 12),
    status            TEXT    NOT NULL DEFAULT 'active'
                          CHECK (status IN ('active', 'blocked', 'replaced')),
    status_reason     TEXT    NOT NULL DEFAULT '',
    status_changed_at INTEGER,
    issued_at         INTEGER NOT NULL
);
CREATE UNIQUE INDEX cards_current ON cards(user_id) WHERE status <> 'replaced';
CREATE TRIGGER cards_no_delete BEFORE DELETE ON cards
BEGIN SELECT RAISE(ABORT, 'cards are never deleted'); END;
CREATE TRIGGER cards_replaced_is_final BEFORE UPDATE OF status ON cards
WHEN OLD.status = 'replaced'
BEGIN SELECT RAISE(ABORT, 'a replaced card never comes back'); END;

-- A person's card PIN (argon2id) and the wrong-PIN lock. It belongs to the person, so
-- it carries over to a reissued card.
CREATE TABLE card_pins (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id),
    pin_hash     TEXT    NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_until INTEGER,
    updated_at   INTEGER NOT NULL
);

-- Families in difficulty. Residents see only the category and the first character of
-- the name. `user_id` is the person who signs in and spends for the family.
CREATE TABLE families (
    id         INTEGER PRIMARY KEY,
    full_name  TEXT    NOT NULL,
    category   TEXT    NOT NULL CHECK (category IN
                   ('hardship', 'elderly_alone', 'disability', 'left_behind_children')),
    contact    TEXT    NOT NULL DEFAULT '',
    note       TEXT    NOT NULL DEFAULT '',
    user_id    INTEGER UNIQUE REFERENCES users(id),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE TRIGGER families_no_delete BEFORE DELETE ON families
BEGIN SELECT RAISE(ABORT, 'families are deactivated, never deleted'); END;

-- Property companies: their staff hold the `property` role at `node_id`; the rate is
-- what administrators set.
CREATE TABLE property_companies (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    node_id         INTEGER NOT NULL UNIQUE REFERENCES nodes(id),
    points_per_yuan INTEGER NOT NULL CHECK (points_per_yuan > 0),
    updated_by      INTEGER REFERENCES users(id),
    updated_at      INTEGER NOT NULL
);

-- A resident's request to offset a month's property fee. The points left the resident
-- in `transfer_id` (member → fee_offset) when it was made; a rejection gives them back
-- in `refund_transfer_id`.
CREATE TABLE fee_offsets (
    id                 INTEGER PRIMARY KEY,
    company_id         INTEGER NOT NULL REFERENCES property_companies(id),
    user_id            INTEGER NOT NULL REFERENCES users(id),
    month              TEXT    NOT NULL CHECK (length(month) = 7),
    unit               TEXT    NOT NULL,
    points             INTEGER NOT NULL CHECK (points > 0),
    points_per_yuan    INTEGER NOT NULL CHECK (points_per_yuan > 0),
    yuan               INTEGER NOT NULL CHECK (yuan > 0 AND yuan * points_per_yuan = points),
    status             TEXT    NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'confirmed', 'rejected')),
    decision_reason    TEXT,
    decided_by         INTEGER REFERENCES users(id),
    decided_at         INTEGER,
    transfer_id        INTEGER NOT NULL UNIQUE REFERENCES ledger_transfers(id),
    refund_transfer_id INTEGER UNIQUE REFERENCES ledger_transfers(id),
    requested_at       INTEGER NOT NULL,
    CHECK ((status = 'rejected') = (refund_transfer_id IS NOT NULL))
);
CREATE INDEX fee_offsets_company_month ON fee_offsets(company_id, month, id);
CREATE INDEX fee_offsets_user ON fee_offsets(user_id, id);
CREATE TRIGGER fee_offsets_no_delete BEFORE DELETE ON fee_offsets
BEGIN SELECT RAISE(ABORT, 'fee offsets are never deleted'); END;
CREATE TRIGGER fee_offsets_decided_is_final BEFORE UPDATE OF status ON fee_offsets
WHEN OLD.status <> 'pending'
BEGIN SELECT RAISE(ABORT, 'a decided fee offset is final'); END;
