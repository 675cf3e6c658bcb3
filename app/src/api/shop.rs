//! The points shop (公益积分超市): catalogue, donated stock, kiosk checkout, receipts,
//! refunds and the daily summary. Prices and totals are whole points; times are Unix
//! seconds; days are `YYYY-MM-DD` in Beijing time.

use serde::{Deserialize, Serialize};

use crate::api::ledger::TransferNote;

/// How the catalogue is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemSort {
    /// Newest first (the default).
    #[default]
    Newest,
    /// Cheapest first.
    PriceAsc,
    /// Dearest first.
    PriceDesc,
    /// Most taken first.
    Popular,
}

/// `GET /shop/items`: one page of the catalogue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CatalogueQuery {
    /// Only this category.
    #[serde(default)]
    pub category: Option<String>,
    /// Part of the name, description or a tag (Chinese substring match).
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<ItemSort>,
    /// Only what my balance can pay for (needs sign-in).
    #[serde(default)]
    pub affordable: Option<bool>,
    /// `next_cursor` of the previous page.
    #[serde(default)]
    pub after: Option<String>,
    /// 1–100, default 20.
    #[serde(default)]
    pub limit: Option<u32>,
}

/// An item as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemCard {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub tags: Vec<String>,
    pub price: i64,
    pub stock: i64,
    /// False when the stock is zero (shown as 已兑完 / out of stock).
    pub in_stock: bool,
    /// Most one person may take per calendar month (Beijing time); None: no limit.
    pub monthly_limit: Option<i64>,
    /// URL of the list-size photo (240 px), if any.
    pub thumb_url: Option<String>,
    /// Units taken so far (net of refunds).
    pub sold: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CataloguePage {
    pub items: Vec<ItemCard>,
    /// Pass back as `after` for the next page; None on the last page.
    pub next_cursor: Option<String>,
    /// My balance, when signed in.
    pub balance: Option<i64>,
}

/// What the server writes into `/` and `/shop` for a signed-out visit, beside the goods it
/// shows there: the catalogue page the app would ask for first (and which request it
/// answers, as `shop::catalogue_key` words it), and for `/shop` its categories, so the
/// app starts from what is on screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirstScreen {
    pub request: String,
    pub page: CataloguePage,
    pub categories: Option<Vec<Category>>,
}

impl FirstScreen {
    /// The id of the page's `<script type="application/json">` element that carries it.
    pub const ELEMENT_ID: &str = "first-screen";
}

/// A category with how many active items it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub name: String,
    pub items: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Photo {
    pub id: i64,
    /// 240 px on the long side, for lists.
    pub thumb_url: String,
    /// 800 px on the long side, for the item page.
    pub display_url: String,
    /// Of the uploaded original.
    pub width: u32,
    pub height: u32,
}

/// An item's page (and the admin's view of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemDetail {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub category: String,
    pub tags: Vec<String>,
    pub price: i64,
    pub stock: i64,
    pub in_stock: bool,
    pub monthly_limit: Option<i64>,
    pub active: bool,
    pub available_from: Option<i64>,
    pub available_until: Option<i64>,
    /// True when active and inside its window now: it can be checked out.
    pub on_sale: bool,
    /// EAN-13 digits or Code128 text, printed on the shelf label.
    pub barcode: String,
    pub photos: Vec<Photo>,
    pub sold: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// `POST /admin/shop/items`. Stock starts at zero: it arrives by stock-in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateItem {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub category: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub price: i64,
    /// Per person per calendar month; None or absent: no limit.
    #[serde(default)]
    pub monthly_limit: Option<i64>,
    #[serde(default)]
    pub available_from: Option<i64>,
    #[serde(default)]
    pub available_until: Option<i64>,
    /// EAN-13 (checked digit verified) or Code128 text (printable ASCII); generated when absent.
    #[serde(default)]
    pub barcode: Option<String>,
}

/// `PATCH /admin/shop/items/{id}`: only the fields given change. For `monthly_limit`,
/// `available_from` and `available_until`, 0 clears the value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateItem {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub price: Option<i64>,
    #[serde(default)]
    pub monthly_limit: Option<i64>,
    #[serde(default)]
    pub available_from: Option<i64>,
    #[serde(default)]
    pub available_until: Option<i64>,
    #[serde(default)]
    pub barcode: Option<String>,
    /// False deactivates (hidden from the catalogue, refused at checkout).
    #[serde(default)]
    pub active: Option<bool>,
}

/// One line of a bulk edit: a new price and/or a new stock level for an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkLine {
    pub item_id: i64,
    #[serde(default)]
    pub price: Option<i64>,
    /// The stock to set (recorded as a stock event with the reason).
    #[serde(default)]
    pub stock: Option<i64>,
}

/// `POST /admin/shop/items/bulk`: all lines or none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkEdit {
    pub lines: Vec<BulkLine>,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DonorKind {
    /// A local unit (单位): a company, school, government office.
    Unit,
    /// A merchant (商户).
    Merchant,
    /// A private person (爱心人士).
    Person,
}

impl DonorKind {
    pub const ALL: [DonorKind; 3] = [DonorKind::Unit, DonorKind::Merchant, DonorKind::Person];

    pub fn as_str(self) -> &'static str {
        match self {
            DonorKind::Unit => "unit",
            DonorKind::Merchant => "merchant",
            DonorKind::Person => "person",
        }
    }

    pub fn parse(s: &str) -> Option<DonorKind> {
        DonorKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateDonor {
    pub name: String,
    pub kind: DonorKind,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub note: String,
}

/// A donor as administrators see it, with what they gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Donor {
    pub id: i64,
    pub name: String,
    pub kind: DonorKind,
    pub contact: String,
    pub note: String,
    pub donations: i64,
    pub total_quantity: i64,
    /// Points value of the goods when received.
    pub total_value: i64,
    pub created_at: i64,
}

/// A line of the public honour roll (捐赠光荣榜): no contact details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HonourEntry {
    pub donor_id: i64,
    pub name: String,
    pub kind: DonorKind,
    pub donations: i64,
    pub total_quantity: i64,
    pub total_value: i64,
    /// Local date of the latest donation.
    pub last_on: String,
}

/// `POST /admin/shop/stock-in`: donated goods received (捐赠入库).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockIn {
    pub donor_id: i64,
    pub item_id: i64,
    pub quantity: i64,
    /// `YYYY-MM-DD`, default today (Beijing time).
    #[serde(default)]
    pub received_on: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// `POST /admin/shop/adjustments`: breakage, loss or a correction, with its reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockAdjust {
    pub item_id: i64,
    /// Non-zero; the stock may not go below zero.
    pub delta: i64,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StockEventKind {
    StockIn,
    Adjust,
    Count,
    Checkout,
    Refund,
    Set,
}

impl StockEventKind {
    pub const ALL: [StockEventKind; 6] = [
        StockEventKind::StockIn,
        StockEventKind::Adjust,
        StockEventKind::Count,
        StockEventKind::Checkout,
        StockEventKind::Refund,
        StockEventKind::Set,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StockEventKind::StockIn => "stock_in",
            StockEventKind::Adjust => "adjust",
            StockEventKind::Count => "count",
            StockEventKind::Checkout => "checkout",
            StockEventKind::Refund => "refund",
            StockEventKind::Set => "set",
        }
    }

    pub fn parse(s: &str) -> Option<StockEventKind> {
        StockEventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One change of stock; never edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockEvent {
    pub id: i64,
    pub item_id: i64,
    pub item_name: String,
    pub kind: StockEventKind,
    pub delta: i64,
    pub stock_after: i64,
    pub donor_id: Option<i64>,
    pub donor_name: Option<String>,
    pub order_id: Option<i64>,
    pub count_id: Option<i64>,
    pub day: String,
    pub reason: String,
    pub note: String,
    pub actor_id: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct StockEventsQuery {
    /// Only this item.
    #[serde(default)]
    pub item_id: Option<i64>,
    /// Events with a smaller id (the `next_cursor` of the previous page).
    #[serde(default)]
    pub after: Option<i64>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockEventsPage {
    pub items: Vec<StockEvent>,
    pub next_cursor: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LowStockQuery {
    /// Items with at most this many left (default 5).
    #[serde(default)]
    pub threshold: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountedLine {
    pub item_id: i64,
    pub counted: i64,
}

/// `POST /admin/shop/counts`: what staff counted on the shelf (盘点).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockCount {
    pub lines: Vec<CountedLine>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShrinkageLine {
    pub item_id: i64,
    pub name: String,
    /// What the books said.
    pub expected: i64,
    pub counted: i64,
    /// counted − expected: negative is shrinkage (损耗).
    pub difference: i64,
    /// difference × price.
    pub value: i64,
}

/// The shrinkage report of a stock count; the stock now equals what was counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShrinkageReport {
    pub count_id: i64,
    pub lines: Vec<ShrinkageLine>,
    /// Sum of negative differences (units missing), as a positive number.
    pub missing_units: i64,
    /// Sum of the lines' values.
    pub net_value: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartLine {
    pub item_id: i64,
    pub quantity: i64,
}

/// `POST /kiosk/checkout`: the member's card (a scanned QR — the phone's live token or
/// the printed card — or a typed number) with its PIN unless it is a live token, the
/// cart, and a key the kiosk chose for this checkout: a retry with the same key returns
/// the same receipt and charges nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutRequest {
    #[serde(default)]
    pub qr: Option<String>,
    #[serde(default)]
    pub card_number: Option<String>,
    #[serde(default)]
    pub pin: Option<String>,
    pub lines: Vec<CartLine>,
    pub idempotency_key: String,
}

/// `POST /kiosk/member`: the card holder at the kiosk, and how many of each item with a
/// monthly limit they already took this month (phone reservations included), so the
/// cart can say what is left before the server would refuse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskMember {
    pub holder: crate::api::cards::CardHolder,
    /// Units taken this month per item, only items with a monthly limit and units > 0.
    pub month_taken: Vec<CartLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptLine {
    pub item_id: i64,
    pub name: String,
    pub unit_price: i64,
    pub quantity: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Completed,
    Refunded,
    /// Reserved from the phone and paid, waiting at the shop to be collected.
    Reserved,
    /// A reservation handed over at the kiosk.
    Collected,
    /// A reservation cancelled before pickup, refunded.
    Cancelled,
    /// A reservation not collected in time, refunded.
    Expired,
}

/// A receipt (小票): what was taken, for how many points, by whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub order_id: i64,
    pub user_id: i64,
    pub member_name: String,
    /// Masked card number (last four digits).
    pub card: String,
    pub lines: Vec<ReceiptLine>,
    pub total: i64,
    /// The `redeem` transfer in the member's points history.
    pub transfer_id: Option<i64>,
    pub status: OrderStatus,
    pub refund_transfer_id: Option<i64>,
    /// What the refund's reason says, as the one who refunded wrote it.
    pub refund_reason: Option<String>,
    /// What the refund was for when the system refunded (a reservation cancelled or not
    /// collected): worded in the reader's language instead of `refund_reason`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_note: Option<TransferNote>,
    pub refunded_at: Option<i64>,
    /// The member's balance now (after this checkout, on the kiosk's screen).
    pub balance: i64,
    pub day: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OrdersQuery {
    /// Orders with a smaller id (`next_cursor` of the previous page).
    #[serde(default)]
    pub after: Option<i64>,
    #[serde(default)]
    pub limit: Option<u32>,
    /// Only this local day, `YYYY-MM-DD` (admins).
    #[serde(default)]
    pub day: Option<String>,
    /// Only this member (admins).
    #[serde(default)]
    pub user_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrdersPage {
    pub items: Vec<Receipt>,
    pub next_cursor: Option<i64>,
}

/// `POST /admin/shop/orders/{id}/refund`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundRequest {
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SummaryQuery {
    /// `YYYY-MM-DD` (Beijing time), default today.
    #[serde(default)]
    pub day: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryItem {
    pub item_id: i64,
    pub name: String,
    pub quantity: i64,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryDonor {
    /// None: goods with no recorded donor.
    pub donor_id: Option<i64>,
    pub name: String,
    pub quantity: i64,
    pub points: i64,
}

/// `GET /admin/shop/summary`: one day's checkouts that stand (refunded ones excluded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailySummary {
    pub day: String,
    pub orders: i64,
    pub items_out: i64,
    pub points_redeemed: i64,
    /// Orders of that day refunded since (cancelled and expired reservations included).
    pub refunded_orders: i64,
    /// Of the day's orders, reservations still waiting to be collected. They count as
    /// out above: their points and stock moved when they were reserved.
    #[serde(default)]
    pub awaiting_pickup: i64,
    pub by_item: Vec<SummaryItem>,
    /// Each line is attributed to the donor of the item's latest stock-in before the sale.
    pub by_donor: Vec<SummaryDonor>,
}

// ---- reservations from the phone -----------------------------------------------------------

/// Where a phone reservation stands. It is paid when made; cancelled and expired ones
/// have been refunded (points back, goods back on the shelf).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReservationStatus {
    Reserved,
    Collected,
    Cancelled,
    Expired,
}

impl ReservationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReservationStatus::Reserved => "reserved",
            ReservationStatus::Collected => "collected",
            ReservationStatus::Cancelled => "cancelled",
            ReservationStatus::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<ReservationStatus> {
        [
            ReservationStatus::Reserved,
            ReservationStatus::Collected,
            ReservationStatus::Cancelled,
            ReservationStatus::Expired,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// The order status an order shows while its reservation is in this state.
    pub fn order_status(self) -> OrderStatus {
        match self {
            ReservationStatus::Reserved => OrderStatus::Reserved,
            ReservationStatus::Collected => OrderStatus::Collected,
            ReservationStatus::Cancelled => OrderStatus::Cancelled,
            ReservationStatus::Expired => OrderStatus::Expired,
        }
    }
}

/// `POST /shop/reservations`: the goods and a key the phone chose for this reservation:
/// a retry with the same key returns the same reservation and charges nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReserveRequest {
    pub lines: Vec<CartLine>,
    pub idempotency_key: String,
}

/// Handing a reservation over at the kiosk: the member's card PIN, so a code seen over a
/// shoulder is not enough to take the goods.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollectPickupRequest {
    pub pin: String,
}

/// A reservation (预约取货): paid at once, collected at the kiosk with its code or QR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reservation {
    /// The order's id.
    pub id: i64,
    pub user_id: i64,
    pub member_name: String,
    pub status: ReservationStatus,
    /// Ten digits to read out or type at the kiosk.
    pub code: String,
    /// The signed text of the pickup QR.
    pub qr: String,
    pub lines: Vec<ReceiptLine>,
    pub total: i64,
    /// The `redeem` transfer that paid for it.
    pub transfer_id: Option<i64>,
    /// The `refund` transfer of a cancelled or expired reservation.
    pub refund_transfer_id: Option<i64>,
    pub created_at: i64,
    /// Collect before this (Unix seconds); after it the reservation expires and is refunded.
    pub expires_at: i64,
    pub collected_at: Option<i64>,
    /// When it was cancelled or expired.
    pub closed_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReservationsPage {
    pub items: Vec<Reservation>,
    pub next_cursor: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReservationsQuery {
    /// Reservations with a smaller id (`next_cursor` of the previous page).
    #[serde(default)]
    pub after: Option<i64>,
    /// 1–100, default 20.
    #[serde(default)]
    pub limit: Option<u32>,
}
