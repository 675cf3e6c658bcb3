//! The platform's certificate key (Ed25519). Certificates are signed with it when issued
//! and checked against it when anyone verifies them, so a certificate whose stored facts
//! were changed in the database no longer verifies: only the holder of the private key
//! could sign the new facts.
//!
//! The key pair is made on the first start and kept in a file next to the database
//! (`<db>.signing-key`, readable by the owner only), apart from the database itself, so
//! someone who can edit the database file cannot also sign.

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::{rngs::OsRng, RngCore};

pub struct CertificateKey {
    signing: SigningKey,
}

impl CertificateKey {
    /// The key kept beside `db`; made (once, even with several servers starting at the
    /// same time) when there is none yet.
    pub fn load_or_create(db: &Path) -> std::io::Result<CertificateKey> {
        let path = key_path(db);
        if let Some(key) = read(&path)? {
            return Ok(key);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut secret = [0u8; 32];
        OsRng.fill_bytes(&mut secret);
        // Written whole under a temporary name, then linked into place: a link never
        // replaces an existing file, so a racing server's key is the one both keep.
        let tmp = path.with_extension(format!("tmp{}", OsRng.next_u64()));
        write_private(&tmp, &hex(&secret))?;
        let linked = std::fs::hard_link(&tmp, &path);
        std::fs::remove_file(&tmp)?;
        match linked {
            Ok(()) => tracing::info!(path = %path.display(), "made the certificate key"),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        read(&path)?.ok_or_else(|| std::io::Error::other("the certificate key vanished"))
    }

    /// The public key, hex: shown on the verification page.
    pub fn public_hex(&self) -> String {
        hex(self.signing.verifying_key().as_bytes())
    }

    /// The signature of `text`, hex.
    pub fn sign(&self, text: &str) -> String {
        hex(&self.signing.sign(text.as_bytes()).to_bytes())
    }

    /// Whether `signature` (hex) is this key's signature of `text`.
    pub fn verifies(&self, text: &str, signature: &str) -> bool {
        verify_with(&self.signing.verifying_key(), text, signature)
    }
}

fn verify_with(key: &VerifyingKey, text: &str, signature: &str) -> bool {
    let Some(bytes) = unhex::<64>(signature) else {
        return false;
    };
    key.verify(text.as_bytes(), &Signature::from_bytes(&bytes))
        .is_ok()
}

/// `data/linli.db` → `data/linli.db.signing-key`.
pub fn key_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".signing-key");
    PathBuf::from(name)
}

fn read(path: &Path) -> std::io::Result<Option<CertificateKey>> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let secret = unhex::<32>(text.trim()).ok_or_else(|| {
                std::io::Error::other(format!("{}: not a certificate key", path.display()))
            })?;
            Ok(Some(CertificateKey {
                signing: SigningKey::from_bytes(&secret),
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(format!("{text}\n").as_bytes())?;
    file.sync_all()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_and_signs_what_it_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("data").join("linli.db");
        let a = CertificateKey::load_or_create(&db).unwrap();
        let b = CertificateKey::load_or_create(&db).unwrap();
        assert_eq!(
            a.public_hex(),
            b.public_hex(),
            "the second start reads the first key"
        );
        assert_eq!(a.public_hex().len(), 64);
        let sig = a.sign("{\"name\":\"李梅\"}");
        assert!(b.verifies("{\"name\":\"李梅\"}", &sig));
        assert!(!b.verifies("{\"name\":\"李梅梅\"}", &sig), "other facts");
        assert!(!b.verifies("{\"name\":\"李梅\"}", "00"), "not a signature");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(key_path(&db))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn another_key_does_not_verify() {
        let dir = tempfile::tempdir().unwrap();
        let a = CertificateKey::load_or_create(&dir.path().join("a.db")).unwrap();
        let b = CertificateKey::load_or_create(&dir.path().join("b.db")).unwrap();
        assert!(!b.verifies("facts", &a.sign("facts")));
    }
}
