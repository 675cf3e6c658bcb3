//! A volunteer's record (approved hours by project, points earned) and the service-record
//! certificate (志愿服务记录证明): its facts are frozen at issue as canonical JSON (keys
//! sorted, no spaces), signed with the platform's key, and anyone can check them by code.

use linli_app::api::projects::{
    Certificate, CertificateFacts, CertificateLine, HoursStatus, RecordProject, VolunteerRecord,
};
use linli_app::api::Reason;
use rand::{rngs::OsRng, Rng};
use rusqlite::Connection;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};
use crate::projects::signing::CertificateKey;
use crate::store::projects as store;

/// Who issues certificates.
pub const ISSUER: &str = "邻里志愿服务平台";
/// Certificate codes: 12 characters without look-alikes (0/O, 1/I).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 12;

pub fn record(conn: &Connection, user_id: i64) -> AppResult<VolunteerRecord> {
    let (name, _) = crate::store::cards::holder(conn, user_id)?.ok_or(AppError::NOT_FOUND)?;
    let rows = store::hours_of_user(conn, user_id)?;
    let mut projects: Vec<RecordProject> = Vec::new();
    let (mut service, mut training, mut pending, mut points) = (0, 0, 0, 0);
    for h in &rows {
        let r = &h.record;
        // Points an administrator has since given back were not earned after all: the
        // record says what the ledger says.
        let earned = match r.transfer_id {
            Some(t) if crate::store::ledger::undo_of(conn, t)?.is_some() => 0,
            _ => r.points.unwrap_or(0),
        };
        match r.status {
            HoursStatus::Draft | HoursStatus::Pending if !r.training => pending += r.minutes,
            HoursStatus::Approved => {
                if r.training {
                    training += r.minutes;
                } else {
                    service += r.minutes;
                }
                points += earned;
                // Order hours (no project) group by the service served.
                let same = |p: &&mut RecordProject| {
                    p.project_id == r.project_id && p.title == r.project_title
                };
                match projects.iter_mut().find(same) {
                    Some(p) => {
                        p.sessions += 1;
                        p.minutes += r.minutes;
                        p.points += earned;
                    }
                    None => projects.push(RecordProject {
                        project_id: r.project_id,
                        title: r.project_title.clone(),
                        category: r.category,
                        team: h.team_name.clone(),
                        sessions: 1,
                        minutes: r.minutes,
                        points: earned,
                    }),
                }
            }
            _ => {}
        }
    }
    Ok(VolunteerRecord {
        user_id,
        name,
        service_minutes: service,
        training_minutes: training,
        pending_minutes: pending,
        points_earned: points,
        projects,
    })
}

/// JSON with object keys sorted and no whitespace: the text a certificate's hash covers.
pub fn canonical_json(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical_json(&map[k])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", parts.join(","))
        }
        other => other.to_string(),
    }
}

/// SHA-256 (lower-case hex) of the canonical JSON of `facts`.
pub fn content_hash(facts: &Value) -> String {
    let digest = Sha256::digest(canonical_json(facts).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_code() -> String {
    (0..CODE_LEN)
        .map(|_| char::from(CODE_ALPHABET[OsRng.gen_range(0..CODE_ALPHABET.len())]))
        .collect()
}

fn verify_path(code: &str) -> String {
    format!("/certificates/{code}")
}

/// Issues a certificate of the person's record as it stands now, signed.
pub fn issue(
    conn: &Connection,
    key: &CertificateKey,
    user_id: i64,
    now: i64,
) -> AppResult<Certificate> {
    let r = record(conn, user_id)?;
    // A certificate of no service would certify nothing.
    if r.service_minutes == 0 {
        return Err(AppError::Refused(Reason::NoServiceHours));
    }
    issue_facts(conn, key, user_id, now, |code| CertificateFacts {
        code,
        name: r.name.clone(),
        service_minutes: r.service_minutes,
        training_minutes: r.training_minutes,
        points_earned: r.points_earned,
        projects: r
            .projects
            .iter()
            .map(|p| CertificateLine {
                title: p.title.clone(),
                category: p.category.zh().to_string(),
                team: p.team.clone(),
                minutes: p.minutes,
            })
            .collect(),
        issued_at: now,
        issuer: ISSUER.to_string(),
    })
}

/// Stores and signs the facts `facts_of` makes for a fresh code; every certificate
/// (service record, course completion) is issued and verified this one way.
pub fn issue_facts(
    conn: &Connection,
    key: &CertificateKey,
    user_id: i64,
    now: i64,
    facts_of: impl Fn(String) -> CertificateFacts,
) -> AppResult<Certificate> {
    for _ in 0..10 {
        let code = new_code();
        let facts = facts_of(code.clone());
        let value = serde_json::to_value(&facts).map_err(|e| AppError::Internal(e.to_string()))?;
        let text = canonical_json(&value);
        let signature = key.sign(&text);
        if store::insert_certificate(
            conn,
            &code,
            user_id,
            &text,
            &content_hash(&value),
            &signature,
            now,
        )? {
            return Ok(Certificate {
                verify_path: verify_path(&code),
                code,
                facts,
                signature,
                public_key: key.public_hex(),
                valid: true,
            });
        }
    }
    Err(AppError::Internal("no free certificate code".into()))
}

/// A certificate by code, with whether its signature checks out over its facts as
/// stored now (a row edited in the database does not).
pub fn verify(conn: &Connection, key: &CertificateKey, code: &str) -> AppResult<Certificate> {
    let code = code.trim().to_ascii_uppercase();
    if code.len() != CODE_LEN || !code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return Err(AppError::NOT_FOUND);
    }
    let (text, signature) = store::certificate(conn, &code)?.ok_or(AppError::NOT_FOUND)?;
    let signature = signature.unwrap_or_default();
    let valid = key.verifies(&text, &signature);
    // Facts edited past reading still show as much as can be read, marked not valid.
    let facts: CertificateFacts = serde_json::from_str(&text).map_err(|e| {
        tracing::warn!(%code, error = %e, "a certificate's facts no longer read");
        AppError::Refused(Reason::CertificateTampered)
    })?;
    Ok(Certificate {
        verify_path: verify_path(&code),
        code,
        facts,
        signature,
        public_key: key.public_hex(),
        valid,
    })
}

/// Signs the certificates issued before certificates were signed, those whose facts
/// still match the hash stored with them; the others stay unsigned and never verify.
pub fn sign_earlier(conn: &Connection, key: &CertificateKey) -> AppResult<usize> {
    let mut signed = 0;
    for (id, text, hash) in store::unsigned_certificates(conn)? {
        let intact = serde_json::from_str::<Value>(&text).is_ok_and(|v| content_hash(&v) == hash);
        if intact {
            store::sign_certificate(conn, id, &key.sign(&text))?;
            signed += 1;
        }
    }
    Ok(signed)
}

/// [`sign_earlier`] in one write, at the server's start.
pub async fn sign_earlier_at_start(
    db: &crate::store::Db,
    key: std::sync::Arc<CertificateKey>,
) -> AppResult<()> {
    let signed = db.write(move |tx| sign_earlier(tx, &key)).await?;
    if signed > 0 {
        tracing::info!(signed, "signed the certificates issued before signing");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_at_every_level_without_spaces() {
        let v = json!({"b": 1, "a": {"d": [1, {"z": "中", "y": null}], "c": "x\"y"}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":"x\"y","d":[1,{"y":null,"z":"中"}]},"b":1}"#
        );
    }

    #[test]
    fn the_hash_is_sha256_hex_of_the_canonical_text() {
        // SHA-256 of "{}".
        assert_eq!(
            content_hash(&json!({})),
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert_eq!(
            content_hash(&json!({"a":1,"b":2})),
            content_hash(&json!({"b":2,"a":1}))
        );
    }

    #[test]
    fn codes_use_the_unambiguous_alphabet() {
        let c = new_code();
        assert_eq!(c.len(), CODE_LEN);
        assert!(c.bytes().all(|b| CODE_ALPHABET.contains(&b)));
    }
}
