-- The audit log filtered by person: the entries a person made and the ones about them
-- (their account, their transfers), newest first without scanning the whole log.
CREATE INDEX audit_log_actor ON audit_log(actor_id, id);
CREATE INDEX audit_log_subject ON audit_log(subject, id);
