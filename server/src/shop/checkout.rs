//! The kiosk's checkout and the administrators' refund, each one transaction: points
//! through the ledger, stock through events, the order and its receipt lines.

use linli_app::api::cards::{CardHolder, CardStatus, VerifyCardRequest};
use linli_app::api::ledger::{AccountKind, TransferKind, TransferNote};
use linli_app::api::shop::{
    CartLine, CheckoutRequest, OrderStatus, Receipt, ReceiptLine, ReservationStatus, StockEventKind,
};
use linli_app::api::Reason;
use linli_app::cards::DynamicToken;
use linli_app::validate::{self, Problem};
use rusqlite::Connection;
use serde_json::json;

use super::items::on_sale;
use super::{in_range, text};
use crate::audit;
use crate::auth::password::Passwords;
use crate::cards::{self, Presented, VerifyError};
use crate::error::{AppError, AppResult};
use crate::ledger::{self, calendar, fingerprint, NewTransfer, Undo};
use crate::store::ledger as ledger_store;
use crate::store::reservations as reservation_store;
use crate::store::shop::{self as store, EventInsert, OrderInsert, OrderRow, SaleFacts};
use crate::store::{now, Db};

/// Most different items in one checkout, and most units of one.
pub use linli_app::shop::{MAX_CART_LINES as MAX_LINES, MAX_CART_UNITS as MAX_UNITS};

/// A checked cart: distinct items, sorted by id (a fixed order for the fingerprint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cart(Vec<(i64, i64)>);

impl Cart {
    pub fn parse(lines: &[CartLine]) -> AppResult<Cart> {
        if lines.is_empty() {
            return Err(AppError::invalid("lines", Problem::Required));
        }
        if lines.len() > MAX_LINES {
            return Err(AppError::invalid(
                "lines",
                Problem::OutOfRange {
                    min: 1,
                    max: MAX_LINES as i64,
                },
            ));
        }
        let mut out: Vec<(i64, i64)> = Vec::with_capacity(lines.len());
        for l in lines {
            let q = in_range("quantity", l.quantity, 1, MAX_UNITS)?;
            if out.iter().any(|(id, _)| *id == l.item_id) {
                return Err(AppError::invalid("item_id", Problem::Duplicate));
            }
            out.push((l.item_id, q));
        }
        out.sort_unstable();
        Ok(Cart(out))
    }

    /// (item id, quantity), sorted by item.
    pub fn lines(&self) -> &[(i64, i64)] {
        &self.0
    }
}

/// The kiosk's key, namespaced by the kiosk account so two kiosks never collide.
pub fn order_key(kiosk_id: i64, client_key: &str) -> AppResult<String> {
    let key = validate::idempotency_key(client_key)?;
    Ok(format!("shop:{kiosk_id}:{key}"))
}

/// What a retry must repeat: the card and the cart.
pub fn checkout_fingerprint(card_number: &str, cart: &Cart) -> String {
    fingerprint(&("shop.checkout", card_number, &cart.0))
}

/// The order already made under `key`: Some when the content matches (a retry), a 409
/// when the key was used for another checkout, None for a new key.
pub fn replayed(conn: &Connection, key: &str, fp: &str) -> AppResult<Option<Receipt>> {
    match store::order_by_key(conn, key)? {
        None => Ok(None),
        Some(o) if o.fingerprint == fp => Ok(Some(receipt(conn, o)?)),
        Some(_) => Err(AppError::Refused(Reason::IdempotencyKeyReused)),
    }
}

/// The last four digits of a card number (none for a reservation, paid without a card).
fn masked(number: &str) -> String {
    if number.is_empty() {
        return String::new();
    }
    let tail: String = number
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("****{tail}")
}

/// The receipt of an order, with the member's balance now.
pub fn receipt(conn: &Connection, o: OrderRow) -> AppResult<Receipt> {
    Ok(Receipt {
        lines: store::lines(conn, o.id)?,
        balance: ledger::spending_balance(conn, o.user_id)?,
        order_id: o.id,
        user_id: o.user_id,
        member_name: o.member_name,
        card: masked(&o.card_number),
        total: o.total,
        transfer_id: o.transfer_id,
        status: order_status(o.status, reservation_store::status_of(conn, o.id)?),
        refund_transfer_id: o.refund_transfer_id,
        refund_reason: o.refund_reason,
        refund_note: o.refund_note,
        refunded_at: o.refunded_at,
        day: o.day,
        created_at: o.created_at,
    })
}

/// The order status of an order with this reservation (receipts and the orders list).
pub fn order_status(order: OrderStatus, reservation: Option<ReservationStatus>) -> OrderStatus {
    match (order, reservation) {
        (_, None) => order,
        // Refunded after it was handed over: an ordinary refund.
        (OrderStatus::Refunded, Some(ReservationStatus::Collected)) => OrderStatus::Refunded,
        (OrderStatus::Refunded, Some(ReservationStatus::Reserved)) => OrderStatus::Cancelled,
        (_, Some(r)) => r.order_status(),
    }
}

/// What a member already took this month of each item with a monthly limit, for the
/// kiosk's cart (the same count [`sell`] checks against).
pub fn month_taken(conn: &Connection, user_id: i64, now: i64) -> AppResult<Vec<CartLine>> {
    let month = calendar::month_key(now);
    Ok(store::taken_with_limits_in_month(conn, user_id, &month)?
        .into_iter()
        .map(|(item_id, quantity)| CartLine { item_id, quantity })
        .collect())
}

/// The kiosk's checkout, by what the member presented (the strategy lives here, the
/// handler only says who may ask):
/// - the phone's live token is only read, so checking it and checking out share one
///   transaction: one trip to the writer per checkout ([`with_token`]);
/// - a card number's PIN is checked (slowly, by design) outside any transaction and a
///   failure counted after; a retry after a lost answer is answered before that.
///
/// Returns the receipt and whether it is a retry of an earlier checkout.
pub async fn at_kiosk(
    db: &Db,
    passwords: &Passwords,
    kiosk_id: i64,
    req: CheckoutRequest,
) -> Result<(Receipt, bool), VerifyError> {
    let cart = Cart::parse(&req.lines)?;
    let key = order_key(kiosk_id, &req.idempotency_key)?;
    let presented = cards::presented(&VerifyCardRequest {
        qr: req.qr,
        card_number: req.card_number,
        pin: req.pin,
    })?;
    let fp = checkout_fingerprint(presented.number(), &cart);
    match presented {
        Presented::Token(t) => Ok(db
            .write(move |tx| {
                let order = KioskOrder {
                    kiosk_id,
                    cart: &cart,
                    key: &key,
                    fp: &fp,
                    now: now(),
                };
                with_token(tx, &order, &t)
            })
            .await?),
        Presented::Card { .. } => {
            let (k, f) = (key.clone(), fp.clone());
            if let Some(done) = db.read(move |c| replayed(c, &k, &f)).await? {
                return Ok((done, true));
            }
            let holder = cards::verify_card(db, passwords, presented, now()).await?;
            Ok(db
                .write(move |tx| checkout(tx, kiosk_id, &holder, &cart, &key, &fp, now()))
                .await?)
        }
    }
}

/// A checkout with the phone's live token, in one transaction: the order key looked up
/// once (a retry answered from it), the token and its card checked, the sale.
pub fn with_token(
    conn: &Connection,
    order: &KioskOrder,
    t: &DynamicToken,
) -> AppResult<(Receipt, bool)> {
    kiosk_sale(conn, order, || {
        let card = cards::token_card(conn, t, order.now).map_err(|e| e.error())?;
        let name = store::member_name(conn, card.user_id)?.ok_or(AppError::NOT_FOUND)?;
        Ok(Payer {
            user_id: card.user_id,
            name,
            card_number: card.number,
        })
    })
}

/// Checks out `cart` for a card holder verified before this transaction (the PIN path,
/// the demo data), all or nothing: see [`sell`]. The order key is looked up once; a card
/// blocked since the check still counts.
///
/// Returns the receipt and whether it is a retry of an earlier checkout.
pub fn checkout(
    conn: &Connection,
    kiosk_id: i64,
    holder: &CardHolder,
    cart: &Cart,
    key: &str,
    fp: &str,
    now: i64,
) -> AppResult<(Receipt, bool)> {
    let order = KioskOrder {
        kiosk_id,
        cart,
        key,
        fp,
        now,
    };
    kiosk_sale(conn, &order, || {
        let card = crate::store::cards::card_by_number(conn, &holder.card_number)?;
        if card.is_none_or(|c| c.status != CardStatus::Active || c.user_id != holder.user_id) {
            return Err(AppError::Refused(Reason::CardBlocked));
        }
        Ok(Payer {
            user_id: holder.user_id,
            name: holder.name.clone(),
            card_number: holder.card_number.clone(),
        })
    })
}

/// A kiosk checkout: the kiosk, the checked cart, its key and fingerprint, and when.
pub struct KioskOrder<'a> {
    pub kiosk_id: i64,
    pub cart: &'a Cart,
    /// See [`order_key`].
    pub key: &'a str,
    /// See [`checkout_fingerprint`].
    pub fp: &'a str,
    pub now: i64,
}

/// Who pays at the kiosk: the presented card's holder.
struct Payer {
    user_id: i64,
    name: String,
    card_number: String,
}

/// The kiosk's sale inside its transaction: the order key looked up once (a retry gets
/// its receipt back), then who pays (`payer`, the one place a presented card becomes a
/// payer), then the sale and its receipt, built from what the sale wrote.
fn kiosk_sale(
    conn: &Connection,
    o: &KioskOrder,
    payer: impl FnOnce() -> AppResult<Payer>,
) -> AppResult<(Receipt, bool)> {
    if let Some(done) = replayed(conn, o.key, o.fp)? {
        return Ok((done, true));
    }
    let payer = payer()?;
    let sold = sell(
        conn,
        &Sale {
            user_id: payer.user_id,
            card_number: &payer.card_number,
            placed_by: o.kiosk_id,
            key: o.key,
            fp: o.fp,
            reason: TransferNote::ShopRedeem,
            note: "",
            meta: json!({ "kiosk_id": o.kiosk_id }),
        },
        o.cart.lines(),
        o.now,
    )?;
    let receipt = Receipt {
        balance: sold.balance,
        order_id: sold.order_id,
        user_id: payer.user_id,
        card: masked(&payer.card_number),
        member_name: payer.name,
        total: sold.total,
        transfer_id: Some(sold.transfer_id),
        // A new order has no reservation.
        status: OrderStatus::Completed,
        refund_transfer_id: None,
        refund_reason: None,
        refund_note: None,
        refunded_at: None,
        lines: sold.lines,
        day: sold.day,
        created_at: o.now,
    };
    Ok((receipt, false))
}

/// Who buys and how: a kiosk checkout or a phone reservation.
pub struct Sale<'a> {
    pub user_id: i64,
    /// The card presented; empty for a reservation.
    pub card_number: &'a str,
    /// The account that placed the order: the kiosk, or the member's own phone.
    pub placed_by: i64,
    pub key: &'a str,
    pub fp: &'a str,
    /// What the `redeem` transfer is for.
    pub reason: TransferNote,
    /// The stock events' note.
    pub note: &'a str,
    /// Extra fields for the transfer's meta (`order_id` and `units` are added).
    pub meta: serde_json::Value,
}

/// What a sale wrote.
pub struct Sold {
    pub order_id: i64,
    /// The receipt lines, as sold.
    pub lines: Vec<ReceiptLine>,
    pub total: i64,
    /// The `redeem` transfer.
    pub transfer_id: i64,
    /// The local day of the order.
    pub day: String,
    /// The member's balance after paying, as [`ledger::spending_balance`] reads it.
    pub balance: i64,
}

/// Sells `lines` (sorted, distinct items) to a member, all or nothing:
/// - each item must be on sale (active, inside its window);
/// - the member's units this month plus these must stay within the item's limit;
/// - stock falls by the quantity, refused (never clamped) if it would go below zero;
/// - one `redeem` transfer member → shop for the total (refused if the balance is short);
/// - the order and its receipt lines, naming the transfer.
///
/// The items are read in one statement and each kind of write is one statement for the
/// whole cart, however many lines it has.
pub fn sell(conn: &Connection, sale: &Sale, lines: &[(i64, i64)], now: i64) -> AppResult<Sold> {
    let day = calendar::day_key(now);
    let month = calendar::month_key(now);
    let cart = store::cart_json(lines);
    let mut items = store::items_for_sale(conn, sale.user_id, &month, &cart)?.into_iter();
    let mut sold = Vec::with_capacity(lines.len());
    for &(item_id, quantity) in lines {
        // Both sorted by id: an item missing from the read is unknown.
        let (item, taken) = items
            .next()
            .filter(|(i, _)| i.id == item_id)
            .ok_or_else(|| AppError::invalid("item_id", Problem::UnknownOption))?;
        if !on_sale(&item, now) {
            return Err(AppError::Refused(Reason::ItemNotOnSale));
        }
        if item
            .monthly_limit
            .is_some_and(|limit| taken + quantity > limit)
        {
            return Err(AppError::Refused(Reason::OverMonthlyLimit));
        }
        sold.push(ReceiptLine {
            item_id: item.id,
            name: item.name,
            unit_price: item.price,
            quantity,
            amount: item.price * quantity,
        });
    }
    let total: i64 = sold.iter().map(|l| l.amount).sum();
    let order_id = store::insert_order(
        conn,
        &OrderInsert {
            user_id: sale.user_id,
            card_number: sale.card_number,
            kiosk_id: sale.placed_by,
            idempotency_key: sale.key,
            fingerprint: sale.fp,
            total,
            day: &day,
            month: &month,
            created_at: now,
        },
    )?;
    if !store::take_stock(conn, &cart, lines.len())? {
        return Err(AppError::Refused(Reason::OutOfStock));
    }
    store::insert_sale_lines(
        conn,
        &cart,
        &SaleFacts {
            order_id,
            day: &day,
            note: sale.note,
            actor_id: sale.placed_by,
            created_at: now,
        },
    )?;
    let payer = ledger::spender(conn, sale.user_id, now)?;
    let shop = ledger::system_account(conn, AccountKind::Shop)?;
    let mut meta = sale.meta.clone();
    if let Some(m) = meta.as_object_mut() {
        m.insert("order_id".into(), json!(order_id));
        m.insert(
            "units".into(),
            json!(sold.iter().map(|l| l.quantity).sum::<i64>()),
        );
    }
    // The key names the order just inserted: no earlier transfer can hold it.
    let t = NewTransfer::new(
        TransferKind::Redeem,
        payer.account,
        shop,
        total,
        String::new(),
        format!("shop:order:{order_id}"),
    )
    .note(sale.reason.clone())
    .by(sale.user_id)
    .meta(meta)
    .fresh_key();
    let posted = ledger::post_transfer(conn, &t, now)?;
    store::set_order_transfer(conn, order_id, posted.transfer.id)?;
    Ok(Sold {
        order_id,
        lines: sold,
        total,
        transfer_id: posted.transfer.id,
        day,
        balance: payer.balance_after(&posted)?,
    })
}

/// Refunds an order (administrators): see [`refund_order`]. A reservation still waiting
/// is cancelled with it. Refunding a refunded order returns it unchanged (`true`: a
/// repeat).
pub fn refund(
    conn: &Connection,
    admin_id: i64,
    order_id: i64,
    reason: &str,
    now: i64,
) -> AppResult<(Receipt, bool)> {
    let reason = text("reason", reason, 1, 200)?;
    let order = store::order(conn, order_id)?.ok_or(AppError::NOT_FOUND)?;
    if order.status == OrderStatus::Refunded {
        return Ok((receipt(conn, order)?, true));
    }
    let transfer = refund_order(conn, Some(admin_id), order_id, &reason, None, now)?;
    reservation_store::mark_closed(conn, order_id, ReservationStatus::Cancelled, now)?;
    audit::record(
        conn,
        admin_id,
        "shop.order.refund",
        &format!("shop_order:{order_id}"),
        json!({ "total": order.total, "reason": reason, "transfer": transfer }),
    )?;
    let order = store::order(conn, order_id)?.ok_or(AppError::NOT_FOUND)?;
    Ok((receipt(conn, order)?, false))
}

/// Refunds an order: the points go back to the member in a `refund` transfer shop →
/// member, the undo of the order's payment, whose lot keeps the expiry of the points
/// spent; each line's goods go back on the shelf. `actor` is None for the system (a
/// reservation's expiry). Returns the refund transfer, or None, moving nothing, when the
/// order was refunded already. A payment an administrator reversed before orders owned
/// their payments is not paid back twice: that reversal becomes the order's refund.
pub fn refund_order(
    conn: &Connection,
    actor: Option<i64>,
    order_id: i64,
    reason: &str,
    note: Option<TransferNote>,
    now: i64,
) -> AppResult<Option<i64>> {
    let order = store::order(conn, order_id)?.ok_or(AppError::NOT_FOUND)?;
    if order.status == OrderStatus::Refunded {
        return Ok(None);
    }
    let spent = order
        .transfer_id
        .ok_or_else(|| AppError::Internal(format!("order {order_id} has no transfer")))?;
    let refund = match ledger_store::undo_of(conn, spent)? {
        Some(earlier) => earlier,
        None => {
            let undo = Undo {
                original: spent,
                kind: TransferKind::Refund,
                author: actor,
                reason: reason.to_string(),
                note,
                key: format!("shop:refund:{order_id}"),
                manual: false,
                meta: json!({ "order_id": order_id, "refunds": spent }),
                fingerprint: None,
            };
            ledger::undo(conn, undo, now)?.transfer.id
        }
    };
    let day = calendar::day_key(now);
    for line in store::lines(conn, order_id)? {
        let after = store::move_stock(conn, line.item_id, line.quantity)?
            .ok_or(AppError::Refused(Reason::StockBelowZero))?;
        store::insert_event(
            conn,
            &EventInsert {
                item_id: line.item_id,
                kind: Some(StockEventKind::Refund),
                delta: line.quantity,
                stock_after: after,
                order_id: Some(order_id),
                day: &day,
                reason,
                actor_id: actor,
                created_at: now,
                ..Default::default()
            },
        )?;
        store::add_sold(conn, line.item_id, -line.quantity)?;
    }
    store::mark_refunded(conn, order_id, refund, reason, actor, now)?;
    Ok(Some(refund))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(item_id: i64, quantity: i64) -> CartLine {
        CartLine { item_id, quantity }
    }

    #[test]
    fn a_cart_is_sorted_and_refuses_duplicates_and_silly_quantities() {
        let c = Cart::parse(&[line(3, 1), line(1, 2)]).unwrap();
        assert_eq!(c, Cart(vec![(1, 2), (3, 1)]));
        assert!(Cart::parse(&[]).is_err());
        assert!(Cart::parse(&[line(1, 1), line(1, 2)]).is_err());
        assert!(Cart::parse(&[line(1, 0)]).is_err());
        assert!(Cart::parse(&[line(1, 100)]).is_err());
    }

    #[test]
    fn the_same_cart_in_another_order_has_the_same_fingerprint() {
        let a = Cart::parse(&[line(3, 1), line(1, 2)]).unwrap();
        let b = Cart::parse(&[line(1, 2), line(3, 1)]).unwrap();
        assert_eq!(checkout_fingerprint("8", &a), checkout_fingerprint("8", &b));
        assert_ne!(checkout_fingerprint("8", &a), checkout_fingerprint("9", &a));
    }

    #[test]
    fn orders_show_their_reservation_status() {
        use OrderStatus as O;
        use ReservationStatus as R;
        assert_eq!(order_status(O::Completed, None), O::Completed);
        assert_eq!(order_status(O::Refunded, None), O::Refunded);
        assert_eq!(order_status(O::Completed, Some(R::Reserved)), O::Reserved);
        assert_eq!(order_status(O::Completed, Some(R::Collected)), O::Collected);
        assert_eq!(order_status(O::Refunded, Some(R::Collected)), O::Refunded);
        assert_eq!(order_status(O::Refunded, Some(R::Reserved)), O::Cancelled);
        assert_eq!(order_status(O::Refunded, Some(R::Cancelled)), O::Cancelled);
        assert_eq!(order_status(O::Refunded, Some(R::Expired)), O::Expired);
    }

    #[test]
    fn receipts_show_only_the_last_four_digits() {
        assert_eq!(masked("812345678901"), "****8901");
    }
}
