-- What the server writes a transfer for, as a kind and its facts (JSON of
-- `api::ledger::TransferNote`), worded in the reader's language when shown. `reason` keeps
-- what a person typed; older rows keep the sentence written then and have no note.
ALTER TABLE ledger_transfers ADD COLUMN note TEXT;
