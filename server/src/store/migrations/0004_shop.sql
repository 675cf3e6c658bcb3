-- The points shop (公益积分超市): goods, donors, stock events, orders and receipts.
-- Stock only changes through an event row written in the same transaction (never edited
-- or deleted), and the CHECK keeps it at zero or above whatever the code does.

CREATE TABLE shop_items (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL CHECK (length(name) > 0),
    description    TEXT    NOT NULL DEFAULT '',
    category       TEXT    NOT NULL CHECK (length(category) > 0),
    -- JSON array of strings.
    tags           TEXT    NOT NULL DEFAULT '[]',
    price          INTEGER NOT NULL CHECK (price > 0),
    stock          INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    -- Most one person may take per local (Beijing) calendar month; NULL: no limit.
    monthly_limit  INTEGER CHECK (monthly_limit IS NULL OR monthly_limit > 0),
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- Unix seconds; NULL: open-ended.
    available_from  INTEGER,
    available_until INTEGER,
    -- EAN-13 digits or Code128 text; generated (EAN-13 with prefix 200, in-store) if absent.
    barcode        TEXT    NOT NULL UNIQUE,
    -- Units sold (net of refunds): "popular" sorting.
    sold           INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    created_by     INTEGER REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX shop_items_category ON shop_items(category, id);
CREATE TRIGGER shop_items_no_delete BEFORE DELETE ON shop_items
BEGIN SELECT RAISE(ABORT, 'shop items are deactivated, never deleted'); END;

-- Photos: content-addressed files under the uploads folder, in two sizes.
CREATE TABLE shop_photos (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES shop_items(id),
    -- Hex SHA-256 of the uploaded bytes; files are {hash}-thumb.jpg and {hash}-display.jpg.
    hash        TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    uploaded_by INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    UNIQUE (item_id, hash)
);
CREATE INDEX shop_photos_item ON shop_photos(item_id, position);

-- Donors of stock: local units (单位) and merchants (商户).
CREATE TABLE shop_donors (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE CHECK (length(name) > 0),
    kind       TEXT    NOT NULL CHECK (kind IN ('unit', 'merchant', 'person')),
    contact    TEXT    NOT NULL DEFAULT '',
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE TRIGGER shop_donors_no_delete BEFORE DELETE ON shop_donors
BEGIN SELECT RAISE(ABORT, 'donors are never deleted'); END;

-- A stock count (盘点): what staff counted against what the books said.
CREATE TABLE shop_counts (
    id         INTEGER PRIMARY KEY,
    actor_id   INTEGER NOT NULL REFERENCES users(id),
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE TABLE shop_count_lines (
    count_id INTEGER NOT NULL REFERENCES shop_counts(id),
    item_id  INTEGER NOT NULL REFERENCES shop_items(id),
    expected INTEGER NOT NULL,
    counted  INTEGER NOT NULL CHECK (counted >= 0),
    PRIMARY KEY (count_id, item_id)
);
CREATE TRIGGER shop_count_lines_no_update BEFORE UPDATE ON shop_count_lines
BEGIN SELECT RAISE(ABORT, 'count lines are never edited'); END;
CREATE TRIGGER shop_count_lines_no_delete BEFORE DELETE ON shop_count_lines
BEGIN SELECT RAISE(ABORT, 'count lines are never deleted'); END;

-- Orders: one per checkout; its receipt lines below. Only the refund columns and the
-- ledger transfer (set once, right after the order row) ever change.
CREATE TABLE shop_orders (
    id                 INTEGER PRIMARY KEY,
    user_id            INTEGER NOT NULL REFERENCES users(id),
    card_number        TEXT    NOT NULL,
    -- The kiosk (or admin) account that checked out.
    kiosk_id           INTEGER NOT NULL REFERENCES users(id),
    -- Namespaced by the kiosk: a retry with the same key returns this order.
    idempotency_key    TEXT    NOT NULL UNIQUE,
    fingerprint        TEXT    NOT NULL,
    total              INTEGER NOT NULL CHECK (total > 0),
    transfer_id        INTEGER UNIQUE REFERENCES ledger_transfers(id),
    status             TEXT    NOT NULL DEFAULT 'completed'
                           CHECK (status IN ('completed', 'refunded')),
    refund_transfer_id INTEGER UNIQUE REFERENCES ledger_transfers(id),
    refund_reason      TEXT,
    refunded_by        INTEGER REFERENCES users(id),
    refunded_at        INTEGER,
    -- Local (Beijing) day and month: the daily summary and the monthly limits.
    day                TEXT    NOT NULL,
    month              TEXT    NOT NULL,
    created_at         INTEGER NOT NULL,
    CHECK ((status = 'refunded') = (refund_transfer_id IS NOT NULL))
);
CREATE INDEX shop_orders_user ON shop_orders(user_id, id);
CREATE INDEX shop_orders_user_month ON shop_orders(user_id, month);
CREATE INDEX shop_orders_day ON shop_orders(day);
CREATE TRIGGER shop_orders_no_delete BEFORE DELETE ON shop_orders
BEGIN SELECT RAISE(ABORT, 'orders are never deleted; refund them'); END;
CREATE TRIGGER shop_orders_fixed
BEFORE UPDATE OF id, user_id, card_number, kiosk_id, idempotency_key, fingerprint, total,
    day, month, created_at ON shop_orders
BEGIN SELECT RAISE(ABORT, 'an order is never edited; refund it'); END;
CREATE TRIGGER shop_orders_transfer_once BEFORE UPDATE OF transfer_id ON shop_orders
WHEN OLD.transfer_id IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an order''s transfer is set once'); END;
CREATE TRIGGER shop_orders_refund_once BEFORE UPDATE OF status ON shop_orders
WHEN OLD.status = 'refunded'
BEGIN SELECT RAISE(ABORT, 'an order is refunded at most once'); END;

CREATE TABLE shop_order_lines (
    order_id   INTEGER NOT NULL REFERENCES shop_orders(id),
    item_id    INTEGER NOT NULL REFERENCES shop_items(id),
    -- As sold: later edits to the item do not change a receipt.
    name       TEXT    NOT NULL,
    unit_price INTEGER NOT NULL CHECK (unit_price > 0),
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    -- The donor of the item's latest stock-in when sold, for the by-donor summary.
    donor_id   INTEGER REFERENCES shop_donors(id),
    PRIMARY KEY (order_id, item_id)
);
CREATE INDEX shop_order_lines_item ON shop_order_lines(item_id);
CREATE TRIGGER shop_order_lines_no_update BEFORE UPDATE ON shop_order_lines
BEGIN SELECT RAISE(ABORT, 'receipt lines are never edited'); END;
CREATE TRIGGER shop_order_lines_no_delete BEFORE DELETE ON shop_order_lines
BEGIN SELECT RAISE(ABORT, 'receipt lines are never deleted'); END;

-- Every change of stock, like the ledger's postings: never edited or deleted, and the
-- item's stock must already be `stock_after` when the event is written.
CREATE TABLE shop_stock_events (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES shop_items(id),
    kind        TEXT    NOT NULL CHECK (kind IN
                    ('stock_in', 'adjust', 'count', 'checkout', 'refund', 'set')),
    delta       INTEGER NOT NULL CHECK (delta <> 0),
    stock_after INTEGER NOT NULL CHECK (stock_after >= 0),
    donor_id    INTEGER REFERENCES shop_donors(id),
    order_id    INTEGER REFERENCES shop_orders(id),
    count_id    INTEGER REFERENCES shop_counts(id),
    -- Stock-in: the local date received (YYYY-MM-DD); others: the local day of the event.
    day         TEXT    NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    note        TEXT    NOT NULL DEFAULT '',
    -- Points value of a donation when received (quantity × price then).
    value       INTEGER NOT NULL DEFAULT 0,
    actor_id    INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    CHECK (kind <> 'stock_in' OR (donor_id IS NOT NULL AND delta > 0)),
    CHECK (kind NOT IN ('adjust', 'set') OR length(reason) > 0)
);
CREATE INDEX shop_stock_events_item ON shop_stock_events(item_id, id);
CREATE INDEX shop_stock_events_donor ON shop_stock_events(donor_id) WHERE donor_id IS NOT NULL;
CREATE INDEX shop_stock_events_latest_in ON shop_stock_events(item_id, id) WHERE kind = 'stock_in';
CREATE TRIGGER shop_stock_events_match BEFORE INSERT ON shop_stock_events
WHEN NEW.stock_after IS NOT (SELECT stock FROM shop_items WHERE id = NEW.item_id)
BEGIN SELECT RAISE(ABORT, 'stock event does not match the item''s stock'); END;
CREATE TRIGGER shop_stock_events_no_update BEFORE UPDATE ON shop_stock_events
BEGIN SELECT RAISE(ABORT, 'stock events are never edited'); END;
CREATE TRIGGER shop_stock_events_no_delete BEFORE DELETE ON shop_stock_events
BEGIN SELECT RAISE(ABORT, 'stock events are never deleted'); END;
