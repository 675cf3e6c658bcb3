-- What each kind of account holds, kept in the same transaction as the balances it sums,
-- so the open books read a handful of rows instead of every account. The open books
-- still check it against the monthly flows: two totals kept apart must agree.
CREATE TABLE ledger_holdings (
    kind    TEXT    PRIMARY KEY,
    balance INTEGER NOT NULL
) WITHOUT ROWID;

-- Named stats_* with the other running totals: a bulk load drops and rebuilds them.
CREATE TRIGGER stats_holdings AFTER UPDATE OF balance ON ledger_accounts
WHEN NEW.balance IS NOT OLD.balance
BEGIN
    INSERT INTO ledger_holdings (kind, balance) VALUES (NEW.kind, NEW.balance - OLD.balance)
    ON CONFLICT (kind) DO UPDATE SET balance = balance + excluded.balance;
END;

-- Every kind gets its row with its first account, as a rebuild gives it.
CREATE TRIGGER stats_holdings_new AFTER INSERT ON ledger_accounts
BEGIN
    INSERT INTO ledger_holdings (kind, balance) VALUES (NEW.kind, NEW.balance)
    ON CONFLICT (kind) DO UPDATE SET balance = balance + excluded.balance;
END;
