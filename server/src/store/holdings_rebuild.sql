-- Recomputes what each kind of account holds (migration 0019) from the balances: the
-- migration's backfill, and part of `store::stats::REBUILD`.
DELETE FROM ledger_holdings;
INSERT INTO ledger_holdings (kind, balance)
SELECT kind, SUM(balance) FROM ledger_accounts GROUP BY kind;
