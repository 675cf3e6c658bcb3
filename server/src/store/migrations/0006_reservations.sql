-- Reservations from the phone (预约取货): a member picks goods on the shop pages and pays
-- at once; the kiosk hands them over later against a pickup code.
--
-- The sale itself is an ordinary shop_orders row made at reserve time (points, stock,
-- receipt lines, monthly limits, refunds and the daily summary all work on it unchanged):
-- its kiosk_id is the member's own account (they placed it from their phone) and its
-- card_number is empty (no card was presented). This table adds the pickup: one row per
-- reserved order, sharing its id. Cancelled and expired reservations are refunded
-- through the order in the same transaction that closes them.

CREATE TABLE shop_reservations (
    order_id     INTEGER PRIMARY KEY REFERENCES shop_orders(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    -- Ten random digits; the QR adds an HMAC signature (not stored: it is derived).
    code         TEXT    NOT NULL UNIQUE CHECK (length(code) = 10),
    status       TEXT    NOT NULL DEFAULT 'reserved'
                     CHECK (status IN ('reserved', 'collected', 'cancelled', 'expired')),
    expires_at   INTEGER NOT NULL,
    collected_at INTEGER,
    -- The kiosk (or admin) account that handed the goods over.
    collected_by INTEGER REFERENCES users(id),
    -- When it was cancelled or expired (and refunded).
    closed_at    INTEGER,
    created_at   INTEGER NOT NULL,
    CHECK ((status = 'collected') = (collected_at IS NOT NULL AND collected_by IS NOT NULL)),
    CHECK ((status IN ('cancelled', 'expired')) = (closed_at IS NOT NULL))
);
CREATE INDEX shop_reservations_user ON shop_reservations(user_id, order_id);
-- The expiry sweep's question: which waiting reservations are due.
CREATE INDEX shop_reservations_due ON shop_reservations(expires_at) WHERE status = 'reserved';
CREATE TRIGGER shop_reservations_no_delete BEFORE DELETE ON shop_reservations
BEGIN SELECT RAISE(ABORT, 'reservations are never deleted'); END;
CREATE TRIGGER shop_reservations_fixed
BEFORE UPDATE OF order_id, user_id, code, expires_at, created_at ON shop_reservations
BEGIN SELECT RAISE(ABORT, 'a reservation is never edited'); END;
-- A reservation leaves 'reserved' once and never changes again.
CREATE TRIGGER shop_reservations_once BEFORE UPDATE ON shop_reservations
WHEN OLD.status <> 'reserved'
BEGIN SELECT RAISE(ABORT, 'a reservation is closed at most once'); END;
