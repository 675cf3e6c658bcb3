-- Issue 18: signed certificates, the published points standard, property companies'
-- rates, families' spending and training courses.

-- The Ed25519 signature (hex) of a certificate's facts text; the key is kept beside the
-- database, not in it. Certificates issued before signing get theirs at the next start,
-- if their facts still match their hash.
CREATE TABLE certificate_signatures (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificates(id),
    signature      TEXT    NOT NULL
);
CREATE TRIGGER certificate_signatures_no_update BEFORE UPDATE ON certificate_signatures
BEGIN SELECT RAISE(ABORT, 'signatures are never edited'); END;
