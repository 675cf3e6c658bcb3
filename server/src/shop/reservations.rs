//! Reservations from the phone (预约取货): a member picks goods on the shop pages and pays
//! at once, exactly like a kiosk checkout (on sale, monthly limits, stock never below
//! zero, one `redeem` transfer, the order and its receipt lines), so the later pickup can
//! never fail for lack of points or stock. The kiosk hands the goods over against the
//! reservation's pickup code or signed QR.
//!
//! A reservation is `reserved` until it is `collected` at the kiosk, `cancelled` by its
//! member, or `expired` [`TTL_SECS`] after it was made; cancelled and expired ones are
//! refunded in the same transaction that closes them (points back keeping their expiry,
//! goods back on the shelf with `refund` stock events). Expiry is swept lazily before
//! every reservation read or write and by a periodic task; each sweep runs inside a write
//! transaction and closes only rows still `reserved`, so overlapping sweeps refund once.

use std::time::Duration;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use linli_app::api::ledger::TransferNote;
use linli_app::api::shop::{CartLine, Reservation, ReservationStatus};
use linli_app::api::Reason;
use linli_app::i18n::Lang;
use linli_app::ledger::transfer_reason_text;
use linli_app::pickup::{self, PickupRef};
use linli_app::validate;
use rand::{rngs::OsRng, Rng, RngCore};
use rusqlite::Connection;
use serde_json::json;
use sha2::Sha256;

use super::checkout::{refund_order, sell, Cart, Sale};
use crate::error::{AppError, AppResult};
use crate::ledger::fingerprint;
use crate::store::reservations::{self as store, ReservationRow};
use crate::store::shop as shop_store;
use crate::store::{self as db, cards as secrets, Db};

/// How long a reservation waits at the shop before it expires and is refunded.
pub const TTL_SECS: i64 = pickup::HOLD_DAYS * 24 * 3600;
/// Reservations closed per sweep transaction, so a sweep never holds the writer long.
pub const SWEEP_BATCH: i64 = 100;
/// How often the background task sweeps (the lazy sweeps catch the rest).
pub const SWEEP_EVERY: Duration = Duration::from_secs(300);
/// The HMAC key of pickup QR codes, generated on first use and kept in the database.
const SECRET_NAME: &str = "pickup_qr_hmac";

type HmacSha256 = Hmac<Sha256>;

// ---- codes -----------------------------------------------------------------------------

fn mac(secret: &[u8], code: &str) -> HmacSha256 {
    let mut m = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(pickup::signed_text(code).as_bytes());
    m
}

/// The QR signature of a code (the first 16 bytes of its HMAC, base64url).
pub fn sign(secret: &[u8], code: &str) -> String {
    URL_SAFE_NO_PAD.encode(&mac(secret, code).finalize().into_bytes()[..16])
}

/// Whether a QR signature belongs to a code (compared in constant time).
pub fn signature_ok(secret: &[u8], code: &str, sig: &str) -> bool {
    URL_SAFE_NO_PAD
        .decode(sig)
        .is_ok_and(|s| s.len() == 16 && mac(secret, code).verify_truncated_left(&s).is_ok())
}

/// A fresh random ten-digit code.
pub fn new_code() -> String {
    (0..pickup::CODE_LEN)
        .map(|_| char::from(b'0' + OsRng.gen_range(0..10u8)))
        .collect()
}

/// The signing key, generated the first time (inside a write transaction).
fn secret(conn: &Connection, now: i64) -> AppResult<Vec<u8>> {
    if let Some(s) = secrets::secret(conn, SECRET_NAME)? {
        return Ok(s);
    }
    let mut key = [0u8; 32];
    OsRng.fill_bytes(&mut key);
    secrets::insert_secret(conn, SECRET_NAME, &key, now)?;
    secrets::secret(conn, SECRET_NAME)?
        .ok_or_else(|| AppError::Internal("pickup secret not stored".into()))
}

/// The key on a reader: it exists once any reservation does.
fn existing_secret(conn: &Connection) -> AppResult<Vec<u8>> {
    secrets::secret(conn, SECRET_NAME)?
        .ok_or_else(|| AppError::Internal("pickup secret missing".into()))
}

fn bad_code() -> AppError {
    AppError::Refused(Reason::PickupCodeInvalid)
}

/// The code of a scanned or typed pickup; a QR must carry the code's own signature.
pub fn code_of(conn: &Connection, raw: &str) -> AppResult<String> {
    match pickup::parse(raw).ok_or_else(bad_code)? {
        PickupRef::Typed { code } => Ok(code),
        PickupRef::Qr { code, sig } => {
            // No key yet means no reservation was ever made: nothing can match.
            let key = secrets::secret(conn, SECRET_NAME)?.ok_or_else(bad_code)?;
            if signature_ok(&key, &code, &sig) {
                Ok(code)
            } else {
                Err(bad_code())
            }
        }
    }
}

// ---- rules -----------------------------------------------------------------------------

/// The status a reservation shows: an order an administrator refunded while it waited
/// counts as cancelled.
pub fn effective_status(r: &ReservationRow) -> ReservationStatus {
    match r.status {
        ReservationStatus::Reserved if r.order_refunded => ReservationStatus::Cancelled,
        s => s,
    }
}

/// Why a reservation cannot be handed over or cancelled any more.
pub fn closed_error(status: ReservationStatus) -> AppError {
    match pickup::refusal(status) {
        Some(reason) => AppError::Refused(reason),
        None => AppError::Internal("reservation is open".into()),
    }
}

/// The phone's key, namespaced by the member so two members never collide (and never
/// with a kiosk's `shop:` keys).
pub fn reserve_key(user_id: i64, client_key: &str) -> AppResult<String> {
    let key = validate::idempotency_key(client_key)?;
    Ok(format!("reserve:{user_id}:{key}"))
}

/// The cart's lines, checked by the kiosk's rules, sorted by item.
pub fn cart_lines(lines: &[CartLine]) -> AppResult<Vec<(i64, i64)>> {
    Ok(Cart::parse(lines)?.lines().to_vec())
}

/// What a retry must repeat: the cart.
pub fn reserve_fingerprint(lines: &[(i64, i64)]) -> String {
    fingerprint(&("shop.reserve", lines))
}

// ---- views -----------------------------------------------------------------------------

pub fn view(conn: &Connection, r: ReservationRow) -> AppResult<Reservation> {
    let key = existing_secret(conn)?;
    Ok(Reservation {
        status: effective_status(&r),
        qr: pickup::qr_text(&r.code, &sign(&key, &r.code)),
        lines: shop_store::lines(conn, r.order_id)?,
        id: r.order_id,
        user_id: r.user_id,
        member_name: r.member_name,
        code: r.code,
        total: r.total,
        transfer_id: r.transfer_id,
        refund_transfer_id: r.refund_transfer_id,
        created_at: r.created_at,
        expires_at: r.expires_at,
        collected_at: r.collected_at,
        closed_at: r.closed_at,
    })
}

fn reloaded(conn: &Connection, order_id: i64) -> AppResult<Reservation> {
    let r = store::by_order(conn, order_id)?
        .ok_or_else(|| AppError::Internal("reservation vanished".into()))?;
    view(conn, r)
}

// ---- reserving -------------------------------------------------------------------------

/// Reserves `lines` for the member and pays for them, all or nothing: each item on sale,
/// the month's units within the item's limit, stock taken (refused, never clamped, below
/// zero), one `redeem` transfer member → shop, the order with its receipt lines and the
/// pickup with a fresh code. Returns the reservation and whether it is a retry.
pub fn reserve(
    conn: &Connection,
    user_id: i64,
    lines: &[(i64, i64)],
    key: &str,
    fp: &str,
    now: i64,
) -> AppResult<(Reservation, bool)> {
    expire_due(conn, now, SWEEP_BATCH)?;
    if let Some(o) = shop_store::order_by_key(conn, key)? {
        if o.fingerprint != fp {
            return Err(AppError::Refused(Reason::IdempotencyKeyReused));
        }
        return Ok((reloaded(conn, o.id)?, true));
    }
    // No card is presented: the member's own phone places the order.
    let order_id = sell(
        conn,
        &Sale {
            user_id,
            card_number: "",
            placed_by: user_id,
            key,
            fp,
            reason: TransferNote::ShopReservation,
            note: "预约",
            meta: json!({ "reservation": true }),
        },
        lines,
        now,
    )?
    .order_id;
    secret(conn, now)?;
    let mut placed = false;
    for _ in 0..20 {
        if store::insert(conn, order_id, user_id, &new_code(), now + TTL_SECS, now)?.is_some() {
            placed = true;
            break;
        }
    }
    if !placed {
        return Err(AppError::Internal(
            "no free pickup code after 20 draws".into(),
        ));
    }
    Ok((reloaded(conn, order_id)?, false))
}

// ---- closing with a refund -------------------------------------------------------------

/// Closes a waiting reservation as cancelled or expired, refunding its order. False when
/// it was no longer waiting (someone closed it first): nothing moves then.
fn close(
    conn: &Connection,
    r: &ReservationRow,
    status: ReservationStatus,
    actor: Option<i64>,
    note: TransferNote,
    now: i64,
) -> AppResult<bool> {
    if !store::mark_closed(conn, r.order_id, status, now)? {
        return Ok(false);
    }
    // The order keeps the reason in Chinese, as before; the refund's note is worded for
    // each reader.
    let reason = transfer_reason_text(Lang::Zh, Some(&note), "");
    refund_order(conn, actor, r.order_id, &reason, Some(note), now)?;
    Ok(true)
}

/// Expires and refunds up to `limit` reservations whose time is up. Returns how many.
/// Safe to run any number of times, at once or not: each runs in a write transaction
/// and closes only what is still waiting.
pub fn expire_due(conn: &Connection, now: i64, limit: i64) -> AppResult<usize> {
    let mut n = 0;
    for id in store::due(conn, now, limit)? {
        let Some(r) = store::by_order(conn, id)? else {
            continue;
        };
        // Refunded by an administrator while it waited: it was cancelled, not let lapse.
        let status = if r.order_refunded {
            ReservationStatus::Cancelled
        } else {
            ReservationStatus::Expired
        };
        if close(
            conn,
            &r,
            status,
            None,
            TransferNote::ReservationExpired,
            now,
        )? {
            n += 1;
        }
    }
    Ok(n)
}

/// Sweeps everything due at `now`, a batch per transaction; the reader is asked first,
/// so a read with nothing due costs no write. Returns how many expired.
pub async fn sweep(db: &Db, now: i64) -> AppResult<usize> {
    let mut total = 0;
    while db.read(move |c| store::any_due(c, now)).await? {
        let n = db.write(move |tx| expire_due(tx, now, SWEEP_BATCH)).await?;
        total += n;
        if n == 0 {
            break;
        }
    }
    Ok(total)
}

/// The background sweep, every [`SWEEP_EVERY`].
pub fn spawn(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match sweep(&db, db::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reservations = n, "reservations expired"),
                Err(e) => tracing::error!(error = %e, "reservation expiry failed"),
            }
        }
    })
}

/// The member cancels their waiting reservation: refunded in full. Cancelling again
/// returns it unchanged (`true`: a repeat); a collected or expired one is refused.
/// Another member's reservation is 404.
pub fn cancel(
    conn: &Connection,
    user_id: i64,
    order_id: i64,
    now: i64,
) -> AppResult<(Reservation, bool)> {
    expire_due(conn, now, SWEEP_BATCH)?;
    let r = store::by_order(conn, order_id)?
        .filter(|r| r.user_id == user_id)
        .ok_or(AppError::NOT_FOUND)?;
    match effective_status(&r) {
        ReservationStatus::Reserved => {
            close(
                conn,
                &r,
                ReservationStatus::Cancelled,
                Some(user_id),
                TransferNote::ReservationCancelled,
                now,
            )?;
            Ok((reloaded(conn, order_id)?, false))
        }
        ReservationStatus::Cancelled => Ok((view(conn, r)?, true)),
        other => Err(closed_error(other)),
    }
}

// ---- the kiosk -------------------------------------------------------------------------

/// The reservation of a scanned or typed pickup, whatever its status (the kiosk shows
/// why a closed one cannot be handed over).
pub fn lookup(conn: &Connection, raw: &str) -> AppResult<Reservation> {
    let code = code_of(conn, raw)?;
    let r = store::by_code(conn, &code)?.ok_or(AppError::Refused(Reason::NoSuchPickup))?;
    view(conn, r)
}

/// The number of the card of the member who made the reservation of a scanned or typed
/// pickup (issued now if they have none), for checking their PIN before the hand-over.
pub fn member_card(conn: &Connection, raw: &str, now: i64) -> AppResult<String> {
    let code = code_of(conn, raw)?;
    let r = store::by_code(conn, &code)?.ok_or(AppError::Refused(Reason::NoSuchPickup))?;
    Ok(crate::cards::card_of(conn, r.user_id, now)?.number)
}

/// Hands a waiting reservation over: `collected`, by whom and when. Refused (409) when
/// it was collected, cancelled or expired already.
pub fn collect(conn: &Connection, kiosk_id: i64, raw: &str, now: i64) -> AppResult<Reservation> {
    expire_due(conn, now, SWEEP_BATCH)?;
    let code = code_of(conn, raw)?;
    let r = store::by_code(conn, &code)?.ok_or(AppError::Refused(Reason::NoSuchPickup))?;
    match effective_status(&r) {
        ReservationStatus::Reserved if store::mark_collected(conn, r.order_id, kiosk_id, now)? => {
            reloaded(conn, r.order_id)
        }
        ReservationStatus::Reserved => Err(closed_error(ReservationStatus::Collected)),
        other => Err(closed_error(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn row(status: ReservationStatus, order_refunded: bool) -> ReservationRow {
        ReservationRow {
            order_id: 1,
            user_id: 2,
            member_name: "李梅".into(),
            code: "4839201756".into(),
            status,
            expires_at: 0,
            collected_at: None,
            closed_at: None,
            created_at: 0,
            total: 30,
            transfer_id: Some(1),
            refund_transfer_id: None,
            order_refunded,
        }
    }

    #[test]
    fn codes_are_ten_digits_and_differ() {
        let a = new_code();
        assert_eq!(a.len(), pickup::CODE_LEN);
        assert!(a.chars().all(|c| c.is_ascii_digit()));
        assert_ne!(new_code(), new_code());
    }

    #[test]
    fn a_qr_signature_fits_only_its_code_and_key() {
        let sig = sign(KEY, "4839201756");
        assert!(signature_ok(KEY, "4839201756", &sig));
        assert!(!signature_ok(KEY, "4839201757", &sig));
        assert!(!signature_ok(b"another key", "4839201756", &sig));
        let mut flipped: Vec<char> = sig.chars().collect();
        flipped[3] = if flipped[3] == 'A' { 'B' } else { 'A' };
        assert!(!signature_ok(
            KEY,
            "4839201756",
            &flipped.into_iter().collect::<String>()
        ));
        assert!(!signature_ok(KEY, "4839201756", "short"));
        assert!(!signature_ok(KEY, "4839201756", ""));
    }

    #[test]
    fn an_order_refunded_while_waiting_reads_as_cancelled() {
        use ReservationStatus::*;
        assert_eq!(effective_status(&row(Reserved, false)), Reserved);
        assert_eq!(effective_status(&row(Reserved, true)), Cancelled);
        assert_eq!(effective_status(&row(Collected, false)), Collected);
        assert_eq!(effective_status(&row(Expired, true)), Expired);
    }

    #[test]
    fn closed_reservations_are_refused_with_their_reason() {
        for (s, r) in [
            (ReservationStatus::Collected, Reason::ReservationCollected),
            (ReservationStatus::Cancelled, Reason::ReservationCancelled),
            (ReservationStatus::Expired, Reason::ReservationExpired),
        ] {
            assert!(matches!(
                closed_error(s),
                AppError::Refused(got) if got == r && got.code() == linli_app::api::ErrorCode::Conflict
            ));
        }
    }

    #[test]
    fn keys_are_namespaced_by_member_and_carts_sorted() {
        assert_eq!(reserve_key(7, "abc-123").unwrap(), "reserve:7:abc-123");
        assert!(reserve_key(7, "").is_err());
        let l = |item_id, quantity| CartLine { item_id, quantity };
        assert_eq!(
            cart_lines(&[l(3, 1), l(1, 2)]).unwrap(),
            vec![(1, 2), (3, 1)]
        );
        assert!(cart_lines(&[]).is_err());
        assert!(cart_lines(&[l(1, 1), l(1, 1)]).is_err());
        assert_eq!(
            reserve_fingerprint(&[(1, 2), (3, 1)]),
            reserve_fingerprint(&cart_lines(&[l(1, 2), l(3, 1)]).unwrap())
        );
    }
}
