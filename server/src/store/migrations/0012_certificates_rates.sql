-- Issue 18: signed certificates and property companies' versioned rates. (The points
-- standard was versioned already, in earning_rules; families spend through their
-- existing ledger accounts.)

-- The Ed25519 signature (hex) of a certificate's facts text; the key is kept beside the
-- database, not in it. Certificates issued before signing get theirs at the next start,
-- if their facts still match their hash.
CREATE TABLE certificate_signatures (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificates(id),
    signature      TEXT    NOT NULL
);
CREATE TRIGGER certificate_signatures_no_update BEFORE UPDATE ON certificate_signatures
BEGIN SELECT RAISE(ABORT, 'signatures are never edited'); END;

-- Property companies' rates, versioned: an offset uses the rate in force when it is
-- requested; a new rate takes effect now or from a later day, the old ones stay.
CREATE TABLE company_rates (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES property_companies(id),
    points_per_yuan INTEGER NOT NULL CHECK (points_per_yuan > 0),
    effective_from  INTEGER NOT NULL,
    set_by          INTEGER REFERENCES users(id),
    set_at          INTEGER NOT NULL
);
CREATE INDEX company_rates_company ON company_rates(company_id, effective_from);
CREATE TRIGGER company_rates_no_update BEFORE UPDATE ON company_rates
BEGIN SELECT RAISE(ABORT, 'rates are versioned, never edited'); END;
CREATE TRIGGER company_rates_no_delete BEFORE DELETE ON company_rates
BEGIN SELECT RAISE(ABORT, 'rates are versioned, never deleted'); END;
INSERT INTO company_rates (company_id, points_per_yuan, effective_from, set_by, set_at)
SELECT id, points_per_yuan, updated_at, updated_by, updated_at FROM property_companies;
