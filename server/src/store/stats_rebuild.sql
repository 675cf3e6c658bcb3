-- Recomputes every running total of migration 0011 from the records themselves: the
-- migration's backfill, and what a test compares the triggers' totals with.
DELETE FROM node_ancestors;
DELETE FROM stats_rollup;
DELETE FROM stats_people;
DELETE FROM stats_active;
DELETE FROM stats_served;
DELETE FROM ledger_monthly;

INSERT INTO node_ancestors (node_id, ancestor_id)
SELECT n.id, a.id FROM nodes n JOIN nodes a ON substr(n.path, 1, length(a.path)) = a.path;

INSERT INTO stats_people (user_id, node_id, since)
SELECT user_id, node_id, joined_at FROM (
    SELECT user_id, node_id, joined_at,
           ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY joined_at, rowid) AS n
    FROM memberships) WHERE n = 1;

INSERT INTO stats_active (user_id, month)
SELECT DISTINCT h.user_id, strftime('%Y-%m', h.checked_in_at + 28800, 'unixepoch')
FROM hour_records h JOIN project_sessions s ON s.id = h.session_id
JOIN projects p ON p.id = s.project_id
WHERE h.status = 'approved' AND p.category <> 'training';

INSERT INTO stats_served (person)
SELECT DISTINCT COALESCE('u' || served_id, 'p' || placed_by || ':' || served_name)
FROM orders WHERE done_at IS NOT NULL;

-- Each fact once, at its node; then summed at every ancestor.
CREATE TEMP TABLE stats_facts (node_id INTEGER, metric TEXT, month TEXT, value INTEGER);

INSERT INTO stats_facts
SELECT id, CASE WHEN kind = 'team' THEN 'teams' ELSE 'organisations' END,
       strftime('%Y-%m', created_at + 28800, 'unixepoch'), 1
FROM nodes WHERE tree = 'org';

INSERT INTO stats_facts
SELECT node_id, 'volunteers', strftime('%Y-%m', since + 28800, 'unixepoch'), 1 FROM stats_people;

INSERT INTO stats_facts
SELECT n.id, 'projects', strftime('%Y-%m', p.created_at + 28800, 'unixepoch'), 1
FROM projects p JOIN nodes n ON n.id IN (p.team_id, p.territory_id)
WHERE p.status IN ('published', 'closed');

INSERT INTO stats_facts
SELECT n.id, 'sessions', strftime('%Y-%m', s.starts_at + 28800, 'unixepoch'), 1
FROM project_sessions s JOIN projects p ON p.id = s.project_id
JOIN nodes n ON n.id IN (p.team_id, p.territory_id)
WHERE p.status IN ('published', 'closed');

INSERT INTO stats_facts
SELECT n.id, CASE WHEN p.category = 'training' THEN 'training_minutes' ELSE 'service_minutes' END,
       strftime('%Y-%m', h.checked_in_at + 28800, 'unixepoch'), h.minutes
FROM hour_records h JOIN project_sessions s ON s.id = h.session_id
JOIN projects p ON p.id = s.project_id JOIN nodes n ON n.id IN (p.team_id, p.territory_id)
WHERE h.status = 'approved';

-- Active in a month: at the team of that month's first approved service record.
INSERT INTO stats_facts
SELECT n.id, 'active_volunteers', f.month, 1 FROM (
    SELECT p.team_id, p.territory_id,
           strftime('%Y-%m', h.checked_in_at + 28800, 'unixepoch') AS month,
           ROW_NUMBER() OVER (PARTITION BY h.user_id,
               strftime('%Y-%m', h.checked_in_at + 28800, 'unixepoch')
               ORDER BY h.decided_at, h.id) AS k
    FROM hour_records h JOIN project_sessions s ON s.id = h.session_id
    JOIN projects p ON p.id = s.project_id
    WHERE h.status = 'approved' AND p.category <> 'training') f
JOIN nodes n ON n.id IN (f.team_id, f.territory_id)
WHERE f.k = 1;

INSERT INTO stats_facts
SELECT n.id, 'orders_taken', strftime('%Y-%m', o.accepted_at + 28800, 'unixepoch'), 1
FROM orders o JOIN nodes n ON n.id IN (o.team_id, o.territory_id)
WHERE o.accepted_at IS NOT NULL;

INSERT INTO stats_facts
SELECT n.id, 'orders_done', strftime('%Y-%m', o.done_at + 28800, 'unixepoch'), 1
FROM orders o JOIN nodes n ON n.id IN (o.team_id, o.territory_id)
WHERE o.done_at IS NOT NULL;

INSERT INTO stats_facts
SELECT n.id, 'people_served', f.month, 1 FROM (
    SELECT team_id, territory_id, strftime('%Y-%m', done_at + 28800, 'unixepoch') AS month,
           ROW_NUMBER() OVER (PARTITION BY
               COALESCE('u' || served_id, 'p' || placed_by || ':' || served_name)
               ORDER BY done_at, id) AS k
    FROM orders WHERE done_at IS NOT NULL) f
JOIN nodes n ON n.id IN (f.team_id, f.territory_id)
WHERE f.k = 1;

INSERT INTO stats_facts
SELECT team_id, 'ratings', strftime('%Y-%m', created_at + 28800, 'unixepoch'), 1
FROM ratings WHERE team_id IS NOT NULL;
INSERT INTO stats_facts
SELECT team_id, 'rating_stars', strftime('%Y-%m', created_at + 28800, 'unixepoch'), stars
FROM ratings WHERE team_id IS NOT NULL;

INSERT INTO stats_facts
SELECT h.node_id,
       CASE WHEN oa.kind = 'issuance' AND t.kind = 'expire' THEN 'points_expired'
            WHEN oa.kind = 'issuance' THEN 'points_issued'
            WHEN oa.kind = 'shop' THEN 'points_spent'
            WHEN oa.kind = 'charity_pool' THEN 'points_donated'
            WHEN oa.kind = 'fee_offset' THEN 'points_offset' END,
       strftime('%Y-%m', t.created_at + 28800, 'unixepoch'),
       CASE WHEN oa.kind = 'issuance' AND t.kind <> 'expire' THEN p.amount ELSE -p.amount END
FROM ledger_postings p
JOIN ledger_transfers t ON t.id = p.transfer_id
JOIN ledger_accounts a ON a.id = p.account_id AND a.kind = 'member'
JOIN stats_people h ON h.user_id = a.user_id AND h.since <= t.created_at
JOIN ledger_postings o ON o.transfer_id = p.transfer_id AND o.id <> p.id
JOIN ledger_accounts oa ON oa.id = o.account_id
WHERE oa.kind IN ('issuance', 'shop', 'charity_pool', 'fee_offset');

INSERT INTO stats_facts
SELECT h.node_id, 'redemptions', strftime('%Y-%m', t.created_at + 28800, 'unixepoch'),
       CASE WHEN t.kind = 'redeem' THEN 1 ELSE -1 END
FROM ledger_postings p
JOIN ledger_transfers t ON t.id = p.transfer_id AND t.kind IN ('redeem', 'refund')
JOIN ledger_accounts a ON a.id = p.account_id AND a.kind = 'member'
JOIN stats_people h ON h.user_id = a.user_id AND h.since <= t.created_at
JOIN ledger_postings o ON o.transfer_id = p.transfer_id AND o.id <> p.id
JOIN ledger_accounts oa ON oa.id = o.account_id AND oa.kind = 'shop';

INSERT INTO stats_rollup (node_id, metric, month, value)
SELECT x.ancestor_id, f.metric, f.month, SUM(f.value)
FROM stats_facts f JOIN node_ancestors x ON x.node_id = f.node_id
GROUP BY 1, 2, 3;
DROP TABLE stats_facts;

INSERT INTO ledger_monthly (month, kind, from_kind, to_kind, amount, transfers)
SELECT strftime('%Y-%m', t.created_at + 28800, 'unixepoch'), t.kind, fa.kind, ta.kind,
       SUM(t.amount), COUNT(*)
FROM ledger_transfers t
JOIN ledger_postings f ON f.transfer_id = t.id AND f.amount < 0
JOIN ledger_accounts fa ON fa.id = f.account_id
JOIN ledger_postings tp ON tp.transfer_id = t.id AND tp.amount > 0
JOIN ledger_accounts ta ON ta.id = tp.account_id
GROUP BY 1, 2, 3, 4;
