-- District statistics and the open books, kept as running totals by triggers, so they
-- change in the same transaction as the records they count (a posting, an approval, an
-- order step) and a page reads a few dozen rows however large the books grow.
--
-- A fact is counted at one organisation node (the project's or order's team, a member's
-- first team) and, where the record names one, one territory node; `stats_rollup` holds
-- it at that node and every ancestor. So a node's figure is its own plus its children's.
-- Months are local (Beijing) `YYYY-MM`.

-- Every node with each of its ancestors, itself included (nodes never move).
CREATE TABLE node_ancestors (
    node_id     INTEGER NOT NULL REFERENCES nodes(id),
    ancestor_id INTEGER NOT NULL REFERENCES nodes(id),
    PRIMARY KEY (node_id, ancestor_id)
) WITHOUT ROWID;

CREATE TABLE stats_rollup (
    node_id INTEGER NOT NULL,
    metric  TEXT    NOT NULL,
    month   TEXT    NOT NULL,
    value   INTEGER NOT NULL,
    PRIMARY KEY (node_id, metric, month)
) WITHOUT ROWID;

-- A volunteer's first team ("home"): where they count as registered, and where the points
-- they move count once they have one.
CREATE TABLE stats_people (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    node_id INTEGER NOT NULL REFERENCES nodes(id),
    since   INTEGER NOT NULL
);

-- Who was active (approved service hours) in which month, counted at the first team served.
CREATE TABLE stats_active (
    user_id INTEGER NOT NULL,
    month   TEXT    NOT NULL,
    PRIMARY KEY (user_id, month)
) WITHOUT ROWID;

-- People served by a completed order, counted once, at their first completion. An order
-- placed for someone without an account names them by placer and name.
CREATE TABLE stats_served (
    person TEXT PRIMARY KEY
) WITHOUT ROWID;

-- The whole district's transfers by month, kind and the two accounts' kinds: the open books.
CREATE TABLE ledger_monthly (
    month     TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    from_kind TEXT    NOT NULL,
    to_kind   TEXT    NOT NULL,
    amount    INTEGER NOT NULL,
    transfers INTEGER NOT NULL,
    PRIMARY KEY (month, kind, from_kind, to_kind)
) WITHOUT ROWID;

-- Stock donations by donor, read by the open books without touching checkout events.
CREATE INDEX shop_stock_events_donations ON shop_stock_events(donor_id, delta, value)
    WHERE kind = 'stock_in';

-- ---- triggers --------------------------------------------------------------------------

CREATE TRIGGER stats_nodes AFTER INSERT ON nodes
BEGIN
    INSERT INTO node_ancestors (node_id, ancestor_id)
    SELECT NEW.id, ancestor_id FROM node_ancestors WHERE node_id = NEW.parent_id
    UNION SELECT NEW.id, NEW.id;
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, CASE WHEN NEW.kind = 'team' THEN 'teams' ELSE 'organisations' END,
           strftime('%Y-%m', NEW.created_at + 28800, 'unixepoch'), 1
    FROM node_ancestors a WHERE a.node_id = NEW.id AND NEW.tree = 'org'
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER stats_memberships AFTER INSERT ON memberships
WHEN NOT EXISTS (SELECT 1 FROM stats_people WHERE user_id = NEW.user_id)
BEGIN
    INSERT INTO stats_people (user_id, node_id, since) VALUES (NEW.user_id, NEW.node_id, NEW.joined_at);
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'volunteers', strftime('%Y-%m', NEW.joined_at + 28800, 'unixepoch'), 1
    FROM node_ancestors a WHERE a.node_id = NEW.node_id
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER stats_projects_new AFTER INSERT ON projects
WHEN NEW.status IN ('published', 'closed')
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'projects', strftime('%Y-%m', NEW.created_at + 28800, 'unixepoch'), 1
    FROM node_ancestors a WHERE a.node_id IN (NEW.team_id, NEW.territory_id)
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

-- Published: the project and the sessions it already has count.
CREATE TRIGGER stats_projects_published AFTER UPDATE OF status ON projects
WHEN NEW.status IN ('published', 'closed') AND OLD.status NOT IN ('published', 'closed')
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'projects', strftime('%Y-%m', NEW.created_at + 28800, 'unixepoch'), 1
    FROM node_ancestors a WHERE a.node_id IN (NEW.team_id, NEW.territory_id)
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'sessions', strftime('%Y-%m', s.starts_at + 28800, 'unixepoch'), COUNT(*)
    FROM project_sessions s JOIN node_ancestors a ON a.node_id IN (NEW.team_id, NEW.territory_id)
    WHERE s.project_id = NEW.id
    GROUP BY 1, 3
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER stats_sessions_new AFTER INSERT ON project_sessions
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'sessions', strftime('%Y-%m', NEW.starts_at + 28800, 'unixepoch'), 1
    FROM projects p JOIN node_ancestors a ON a.node_id IN (p.team_id, p.territory_id)
    WHERE p.id = NEW.project_id AND p.status IN ('published', 'closed')
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

-- A session moved to another month moves its count.
CREATE TRIGGER stats_sessions_moved AFTER UPDATE OF starts_at ON project_sessions
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'sessions', m.month, m.delta
    FROM projects p JOIN node_ancestors a ON a.node_id IN (p.team_id, p.territory_id)
    JOIN (SELECT strftime('%Y-%m', OLD.starts_at + 28800, 'unixepoch') AS month, -1 AS delta
          UNION ALL
          SELECT strftime('%Y-%m', NEW.starts_at + 28800, 'unixepoch'), 1) m
    WHERE p.id = NEW.project_id AND p.status IN ('published', 'closed')
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

-- Approved hours (final): service or training minutes at the project's team and place,
-- and the volunteer active that month.
CREATE TRIGGER stats_hours AFTER UPDATE OF status ON hour_records
WHEN NEW.status = 'approved' AND OLD.status <> 'approved'
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, CASE WHEN p.category = 'training' THEN 'training_minutes'
                               ELSE 'service_minutes' END,
           strftime('%Y-%m', NEW.checked_in_at + 28800, 'unixepoch'), NEW.minutes
    FROM project_sessions s JOIN projects p ON p.id = s.project_id
    JOIN node_ancestors a ON a.node_id IN (p.team_id, p.territory_id)
    WHERE s.id = NEW.session_id
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'active_volunteers',
           strftime('%Y-%m', NEW.checked_in_at + 28800, 'unixepoch'), 1
    FROM project_sessions s JOIN projects p ON p.id = s.project_id
    JOIN node_ancestors a ON a.node_id IN (p.team_id, p.territory_id)
    WHERE s.id = NEW.session_id AND p.category <> 'training'
      AND NOT EXISTS (SELECT 1 FROM stats_active WHERE user_id = NEW.user_id
                      AND month = strftime('%Y-%m', NEW.checked_in_at + 28800, 'unixepoch'))
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
    INSERT OR IGNORE INTO stats_active (user_id, month)
    SELECT NEW.user_id, strftime('%Y-%m', NEW.checked_in_at + 28800, 'unixepoch')
    FROM project_sessions s JOIN projects p ON p.id = s.project_id
    WHERE s.id = NEW.session_id AND p.category <> 'training';
END;

CREATE TRIGGER stats_orders_taken AFTER UPDATE OF accepted_at ON orders
WHEN OLD.accepted_at IS NULL AND NEW.accepted_at IS NOT NULL
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'orders_taken', strftime('%Y-%m', NEW.accepted_at + 28800, 'unixepoch'), 1
    FROM node_ancestors a WHERE a.node_id IN (NEW.team_id, NEW.territory_id)
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER stats_orders_done AFTER UPDATE OF done_at ON orders
WHEN OLD.done_at IS NULL AND NEW.done_at IS NOT NULL
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'orders_done', strftime('%Y-%m', NEW.done_at + 28800, 'unixepoch'), 1
    FROM node_ancestors a WHERE a.node_id IN (NEW.team_id, NEW.territory_id)
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'people_served', strftime('%Y-%m', NEW.done_at + 28800, 'unixepoch'), 1
    FROM node_ancestors a WHERE a.node_id IN (NEW.team_id, NEW.territory_id)
      AND NOT EXISTS (SELECT 1 FROM stats_served WHERE person = COALESCE('u' || NEW.served_id,
                          'p' || NEW.placed_by || ':' || NEW.served_name))
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
    INSERT OR IGNORE INTO stats_served (person)
    VALUES (COALESCE('u' || NEW.served_id, 'p' || NEW.placed_by || ':' || NEW.served_name));
END;

-- Ratings of a team's work (orders and sessions): count and sum of stars.
CREATE TRIGGER stats_ratings_new AFTER INSERT ON ratings
WHEN NEW.team_id IS NOT NULL
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, m.metric, strftime('%Y-%m', NEW.created_at + 28800, 'unixepoch'), m.value
    FROM node_ancestors a
    JOIN (SELECT 'ratings' AS metric, 1 AS value UNION ALL SELECT 'rating_stars', NEW.stars) m
    WHERE a.node_id = NEW.team_id
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER stats_ratings_edited AFTER UPDATE OF stars ON ratings
WHEN NEW.team_id IS NOT NULL AND NEW.stars <> OLD.stars
BEGIN
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT a.ancestor_id, 'rating_stars', strftime('%Y-%m', NEW.created_at + 28800, 'unixepoch'),
           NEW.stars - OLD.stars
    FROM node_ancestors a WHERE a.node_id = NEW.team_id
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;

-- A transfer's second posting: both are written, so its two accounts are known. Counts
-- the transfer in the open books and, for a member with a team, in their team's figures:
-- points issued (net of corrections), expired, spent in the shop (net of refunds),
-- donated, put against fees (net of rejections), and shop redemptions.
CREATE TRIGGER stats_postings AFTER INSERT ON ledger_postings
WHEN EXISTS (SELECT 1 FROM ledger_postings WHERE transfer_id = NEW.transfer_id AND id <> NEW.id)
BEGIN
    INSERT INTO ledger_monthly (month, kind, from_kind, to_kind, amount, transfers)
    SELECT strftime('%Y-%m', t.created_at + 28800, 'unixepoch'), t.kind, fa.kind, ta.kind,
           t.amount, 1
    FROM ledger_transfers t
    JOIN ledger_postings f ON f.transfer_id = t.id AND f.amount < 0
    JOIN ledger_accounts fa ON fa.id = f.account_id
    JOIN ledger_postings tp ON tp.transfer_id = t.id AND tp.amount > 0
    JOIN ledger_accounts ta ON ta.id = tp.account_id
    WHERE t.id = NEW.transfer_id
    ON CONFLICT (month, kind, from_kind, to_kind) DO UPDATE
        SET amount = amount + excluded.amount, transfers = transfers + excluded.transfers;
    INSERT INTO stats_rollup (node_id, metric, month, value)
    SELECT x.ancestor_id, f.metric, f.month, SUM(f.value) FROM (
        SELECT h.node_id,
               CASE WHEN oa.kind = 'issuance' AND t.kind = 'expire' THEN 'points_expired'
                    WHEN oa.kind = 'issuance' THEN 'points_issued'
                    WHEN oa.kind = 'shop' THEN 'points_spent'
                    WHEN oa.kind = 'charity_pool' THEN 'points_donated'
                    WHEN oa.kind = 'fee_offset' THEN 'points_offset' END AS metric,
               CASE WHEN oa.kind = 'issuance' AND t.kind <> 'expire' THEN p.amount
                    ELSE -p.amount END AS value,
               strftime('%Y-%m', t.created_at + 28800, 'unixepoch') AS month
        FROM ledger_postings p
        JOIN ledger_transfers t ON t.id = p.transfer_id
        JOIN ledger_accounts a ON a.id = p.account_id AND a.kind = 'member'
        JOIN stats_people h ON h.user_id = a.user_id AND h.since <= t.created_at
        JOIN ledger_postings o ON o.transfer_id = p.transfer_id AND o.id <> p.id
        JOIN ledger_accounts oa ON oa.id = o.account_id
        WHERE p.transfer_id = NEW.transfer_id
        UNION ALL
        SELECT h.node_id, 'redemptions', CASE WHEN t.kind = 'redeem' THEN 1 ELSE -1 END,
               strftime('%Y-%m', t.created_at + 28800, 'unixepoch')
        FROM ledger_postings p
        JOIN ledger_transfers t ON t.id = p.transfer_id AND t.kind IN ('redeem', 'refund')
        JOIN ledger_accounts a ON a.id = p.account_id AND a.kind = 'member'
        JOIN stats_people h ON h.user_id = a.user_id AND h.since <= t.created_at
        JOIN ledger_postings o ON o.transfer_id = p.transfer_id AND o.id <> p.id
        JOIN ledger_accounts oa ON oa.id = o.account_id AND oa.kind = 'shop'
        WHERE p.transfer_id = NEW.transfer_id
    ) f JOIN node_ancestors x ON x.node_id = f.node_id
    WHERE f.metric IS NOT NULL
    GROUP BY 1, 2, 3
    ON CONFLICT (node_id, metric, month) DO UPDATE SET value = value + excluded.value;
END;
