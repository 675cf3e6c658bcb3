-- Points ledger: double-entry accounts, transfers and postings, earning lots, versioned
-- earning rules. Amounts are whole points. Nothing here is ever edited or deleted except
-- a lot's `remaining`, which spending and expiry draw down.

CREATE TABLE ledger_accounts (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN
                   ('member', 'family', 'issuance', 'shop', 'fee_offset', 'charity_pool')),
    user_id    INTEGER UNIQUE REFERENCES users(id),
    -- The registered family in difficulty (its table comes with the public-welfare bank).
    family_id  INTEGER UNIQUE,
    name       TEXT    NOT NULL DEFAULT '',
    -- Cached sum of this account's postings, updated in the posting's transaction.
    balance    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    -- Only the issuance account may go negative: it is where points come from.
    CHECK (balance >= 0 OR kind = 'issuance'),
    CHECK ((kind = 'member') = (user_id IS NOT NULL)),
    CHECK ((kind = 'family') = (family_id IS NOT NULL))
);
-- One account of each system kind.
CREATE UNIQUE INDEX ledger_accounts_system ON ledger_accounts(kind)
    WHERE kind IN ('issuance', 'shop', 'fee_offset', 'charity_pool');
CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts
BEGIN SELECT RAISE(ABORT, 'ledger accounts are never deleted'); END;
CREATE TRIGGER ledger_accounts_fixed BEFORE UPDATE OF id, kind, user_id, family_id ON ledger_accounts
BEGIN SELECT RAISE(ABORT, 'a ledger account keeps its owner'); END;

INSERT INTO ledger_accounts (kind, name, created_at) VALUES
    ('issuance', '积分发行', unixepoch()),
    ('shop', '公益积分超市', unixepoch()),
    ('fee_offset', '物业费抵扣', unixepoch()),
    ('charity_pool', '公益积分池', unixepoch());

-- The points standard (积分管理办法). Each edit is a new version; `rules` is JSON in the
-- shape of `linli_app::api::ledger::EarningRules`.
CREATE TABLE earning_rules (
    version    INTEGER PRIMARY KEY,
    rules      TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    author_id  INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE TRIGGER earning_rules_no_update BEFORE UPDATE ON earning_rules
BEGIN SELECT RAISE(ABORT, 'earning rules are versioned, never edited'); END;
CREATE TRIGGER earning_rules_no_delete BEFORE DELETE ON earning_rules
BEGIN SELECT RAISE(ABORT, 'earning rules are versioned, never deleted'); END;

INSERT INTO earning_rules (version, rules, reason, created_at) VALUES (1, '{
  "activities": [
    {"code": "patrol", "name": "治安巡逻", "points_per_hour": 10},
    {"code": "cleaning", "name": "清洁家园", "points_per_hour": 10},
    {"code": "clinic", "name": "义诊", "points_per_hour": 15},
    {"code": "legal_aid", "name": "法律援助", "points_per_hour": 15},
    {"code": "teaching", "name": "助学支教", "points_per_hour": 12},
    {"code": "general", "name": "志愿服务", "points_per_hour": 10}
  ],
  "multipliers": [
    {"code": "night", "name": "夜间巡逻", "percent": 200},
    {"code": "holiday", "name": "节假日", "percent": 150}
  ],
  "daily_cap": 100,
  "monthly_cap": 1000,
  "validity": {"kind": "year_end"}
}', '初始积分管理办法', unixepoch());

-- A transfer moves points between accounts; its postings sum to zero.
CREATE TABLE ledger_transfers (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('earn', 'redeem', 'refund', 'donate',
                        'allocate', 'fee_offset', 'adjust', 'expire', 'reverse')),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    -- Chosen by the caller; a retry with the same key gets the first result.
    idempotency_key TEXT    NOT NULL UNIQUE,
    -- SHA-256 of the request content: the same key with other content is refused.
    fingerprint     TEXT    NOT NULL,
    -- NULL: the system (the expiry job).
    author_id       INTEGER REFERENCES users(id),
    reason          TEXT    NOT NULL CHECK (length(reason) > 0),
    -- Entered by hand by an administrator rather than from an approved record.
    manual          INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
    rule_version    INTEGER REFERENCES earning_rules(version),
    -- A reversal names its original; each transfer is reversed at most once.
    reverses_id     INTEGER UNIQUE REFERENCES ledger_transfers(id),
    meta            TEXT    NOT NULL DEFAULT '{}',
    created_at      INTEGER NOT NULL,
    CHECK ((kind = 'reverse') = (reverses_id IS NOT NULL)),
    CHECK (kind <> 'earn' OR rule_version IS NOT NULL)
);
CREATE INDEX ledger_transfers_created ON ledger_transfers(created_at);

CREATE TABLE ledger_postings (
    id            INTEGER PRIMARY KEY,
    transfer_id   INTEGER NOT NULL REFERENCES ledger_transfers(id),
    account_id    INTEGER NOT NULL REFERENCES ledger_accounts(id),
    amount        INTEGER NOT NULL CHECK (amount <> 0),
    balance_after INTEGER NOT NULL,
    UNIQUE (transfer_id, account_id)
);
CREATE INDEX ledger_postings_account ON ledger_postings(account_id, transfer_id);

-- The cached balance must already include this posting: a posting can't be written
-- without moving the balance in the same transaction.
CREATE TRIGGER ledger_postings_match_balance BEFORE INSERT ON ledger_postings
WHEN NEW.balance_after IS NOT (SELECT balance FROM ledger_accounts WHERE id = NEW.account_id)
BEGIN SELECT RAISE(ABORT, 'posting does not match the cached balance'); END;

CREATE TRIGGER ledger_transfers_no_update BEFORE UPDATE ON ledger_transfers
BEGIN SELECT RAISE(ABORT, 'transfers are never edited; reverse them'); END;
CREATE TRIGGER ledger_transfers_no_delete BEFORE DELETE ON ledger_transfers
BEGIN SELECT RAISE(ABORT, 'transfers are never deleted; reverse them'); END;
CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings
BEGIN SELECT RAISE(ABORT, 'postings are never edited'); END;
CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings
BEGIN SELECT RAISE(ABORT, 'postings are never deleted'); END;

-- Points credited to a member or family together, what is left of them and when that
-- lapses. A holder's balance always equals the sum of its lots' `remaining`.
CREATE TABLE ledger_lots (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES ledger_accounts(id),
    transfer_id INTEGER NOT NULL REFERENCES ledger_transfers(id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    remaining   INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
    -- NULL: never expires.
    expires_at  INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ledger_lots_open ON ledger_lots(account_id, expires_at) WHERE remaining > 0;
CREATE INDEX ledger_lots_due ON ledger_lots(expires_at) WHERE remaining > 0;
CREATE INDEX ledger_lots_transfer ON ledger_lots(transfer_id);
CREATE TRIGGER ledger_lots_no_delete BEFORE DELETE ON ledger_lots
BEGIN SELECT RAISE(ABORT, 'lots are never deleted'); END;
CREATE TRIGGER ledger_lots_fixed
BEFORE UPDATE OF id, account_id, transfer_id, amount, expires_at, created_at ON ledger_lots
BEGIN SELECT RAISE(ABORT, 'only a lot''s remaining amount changes'); END;

-- Which transfer drew how much from which lot: the trail behind "oldest first".
CREATE TABLE ledger_lot_draws (
    transfer_id INTEGER NOT NULL REFERENCES ledger_transfers(id),
    lot_id      INTEGER NOT NULL REFERENCES ledger_lots(id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (transfer_id, lot_id)
);
CREATE INDEX ledger_lot_draws_lot ON ledger_lot_draws(lot_id);
CREATE TRIGGER ledger_lot_draws_no_update BEFORE UPDATE ON ledger_lot_draws
BEGIN SELECT RAISE(ABORT, 'lot draws are never edited'); END;
CREATE TRIGGER ledger_lot_draws_no_delete BEFORE DELETE ON ledger_lot_draws
BEGIN SELECT RAISE(ABORT, 'lot draws are never deleted'); END;

-- What an earn was for, so caps can be summed per member per day and month (China time).
CREATE TABLE ledger_earnings (
    transfer_id  INTEGER PRIMARY KEY REFERENCES ledger_transfers(id),
    account_id   INTEGER NOT NULL REFERENCES ledger_accounts(id),
    -- The approved hour record it came from, when it did.
    record_id    INTEGER UNIQUE,
    activity     TEXT    NOT NULL,
    minutes      INTEGER NOT NULL,
    multiplier   TEXT,
    points       INTEGER NOT NULL,
    served_day   TEXT    NOT NULL,
    served_month TEXT    NOT NULL
);
CREATE INDEX ledger_earnings_day ON ledger_earnings(account_id, served_day);
CREATE INDEX ledger_earnings_month ON ledger_earnings(account_id, served_month);
CREATE TRIGGER ledger_earnings_no_update BEFORE UPDATE ON ledger_earnings
BEGIN SELECT RAISE(ABORT, 'earnings are never edited'); END;
CREATE TRIGGER ledger_earnings_no_delete BEFORE DELETE ON ledger_earnings
BEGIN SELECT RAISE(ABORT, 'earnings are never deleted'); END;

CREATE INDEX audit_log_action ON audit_log(action, id);
