//! The shop pages' rules, outside the UI so `cargo test` checks them: the catalogue's
//! query string, the kiosk's cart (totals, limits, balance, one idempotency key per cart),
//! what a scan is (a card or a goods barcode), photo checks before upload, and the EAN-13
//! bars printed on shelf labels.

use crate::api::shop::{CartLine, CatalogueQuery, DonorKind, ItemSort};
use crate::cards::{self, CardQr};
use crate::i18n::Msg;
use crate::validate::{self, Invalid, Problem};

/// Largest photo the server takes (it refuses more with 413).
pub const MAX_PHOTO_BYTES: f64 = 5.0 * 1024.0 * 1024.0;
/// Seconds of no touch, key or scan after which the kiosk clears the customer, the basket
/// and the language and starts over (`Msg::KioskIdle` says "a minute").
pub const KIOSK_IDLE_SECS: i64 = 60;

/// Most different items in one checkout or reservation, and most units of one: the server
/// refuses more, so the kiosk's cart stops there too.
pub const MAX_CART_LINES: usize = 50;
pub const MAX_CART_UNITS: i64 = 99;

impl ItemSort {
    pub const ALL: [ItemSort; 4] = [
        ItemSort::Newest,
        ItemSort::PriceAsc,
        ItemSort::PriceDesc,
        ItemSort::Popular,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemSort::Newest => "newest",
            ItemSort::PriceAsc => "price_asc",
            ItemSort::PriceDesc => "price_desc",
            ItemSort::Popular => "popular",
        }
    }

    pub fn parse(s: &str) -> Option<ItemSort> {
        ItemSort::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            ItemSort::Newest => Msg::SortNewest,
            ItemSort::PriceAsc => Msg::SortPriceAsc,
            ItemSort::PriceDesc => Msg::SortPriceDesc,
            ItemSort::Popular => Msg::SortPopular,
        }
    }
}

/// Goods on one page of `/shop`, and on the home page's preview of the newest.
pub const CATALOGUE_PAGE: u32 = 20;
pub const HOME_PREVIEW: u32 = 4;

/// The filters `/shop`'s address carries (`?q=…&category=…&sort=…&affordable=1`), so Back
/// from an item or a reload finds the catalogue as it was left. The server reads them too,
/// to write the first page into the page it sends.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopAddress {
    pub search: String,
    pub category: String,
    pub sort: ItemSort,
    pub affordable: bool,
}

impl ShopAddress {
    pub const SEARCH: &str = "q";
    pub const CATEGORY: &str = "category";
    pub const SORT: &str = "sort";
    pub const AFFORDABLE: &str = "affordable";
    pub const KEYS: [&str; 4] = [Self::SEARCH, Self::CATEGORY, Self::SORT, Self::AFFORDABLE];

    /// Reads the address's (decoded) parameters; unknown ones and bad values are ignored.
    pub fn read(param: impl Fn(&str) -> Option<String>) -> ShopAddress {
        ShopAddress {
            search: param(Self::SEARCH)
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
            category: param(Self::CATEGORY).unwrap_or_default(),
            sort: param(Self::SORT)
                .and_then(|s| ItemSort::parse(&s))
                .unwrap_or_default(),
            affordable: param(Self::AFFORDABLE).as_deref() == Some("1"),
        }
    }

    /// The query of the catalogue's first page; "affordable" counts only signed in.
    pub fn first_page(&self, signed_in: bool) -> CatalogueQuery {
        CatalogueQuery {
            category: Some(self.category.clone()),
            q: Some(self.search.clone()),
            sort: Some(self.sort),
            affordable: Some(self.affordable && signed_in),
            after: None,
            limit: Some(CATALOGUE_PAGE),
        }
    }
}

/// The query of the home page's preview: the newest goods.
pub fn home_preview_query() -> CatalogueQuery {
    CatalogueQuery {
        limit: Some(HOME_PREVIEW),
        ..Default::default()
    }
}

/// The name of a kind of donor.
pub fn donor_kind_label(k: DonorKind) -> Msg {
    match k {
        DonorKind::Unit => Msg::DonorUnit,
        DonorKind::Merchant => Msg::DonorMerchant,
        DonorKind::Person => Msg::DonorPerson,
    }
}

fn push_param(out: &mut Vec<(&'static str, String)>, key: &'static str, v: &str) {
    let v = v.trim();
    if !v.is_empty() {
        out.push((key, v.to_string()));
    }
}

/// The query parameters of one catalogue request (empty text and defaults left out).
pub fn catalogue_params(q: &CatalogueQuery) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    push_param(&mut out, "category", q.category.as_deref().unwrap_or(""));
    push_param(&mut out, "q", q.q.as_deref().unwrap_or(""));
    if let Some(s) = q.sort.filter(|s| *s != ItemSort::Newest) {
        out.push(("sort", s.as_str().to_string()));
    }
    if q.affordable == Some(true) {
        out.push(("affordable", "true".into()));
    }
    push_param(&mut out, "after", q.after.as_deref().unwrap_or(""));
    if let Some(l) = q.limit {
        out.push(("limit", l.to_string()));
    }
    out
}

/// One catalogue request in words (its parameters, as sent), to tell two apart.
pub fn catalogue_key(q: &CatalogueQuery) -> String {
    let params = catalogue_params(q);
    let pairs: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    pairs.join("&")
}

/// What a scanner (or a person) typed at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scan {
    /// A points card: a printed card's QR, a bare card number, or the phone's live code.
    Card(CardQr),
    /// Anything else: a goods barcode to look up.
    Barcode(String),
    /// Nothing usable (empty, or a card number with a wrong check digit).
    Invalid,
}

/// Sorts a scan: card codes by their prefix or a 12-digit number starting with 8 (card
/// numbers carry a Luhn digit, EAN-13 codes are 13 digits long), else a barcode.
pub fn classify_scan(raw: &str) -> Scan {
    let text = raw.trim();
    if text.is_empty() {
        return Scan::Invalid;
    }
    if text.starts_with("linli:") {
        return match cards::decode(text) {
            Ok(c) => Scan::Card(c),
            Err(_) => Scan::Invalid,
        };
    }
    let digits = cards::normalize_number(text);
    if digits.len() == cards::NUMBER_LEN
        && digits.starts_with(cards::NUMBER_PREFIX)
        && digits.chars().all(|c| c.is_ascii_digit())
    {
        return match cards::decode(&digits) {
            Ok(c) => Scan::Card(c),
            Err(_) => Scan::Invalid,
        };
    }
    Scan::Barcode(text.to_string())
}

/// A line of the kiosk's cart, with what is needed to check it before the server does.
#[derive(Debug, Clone, PartialEq)]
pub struct KioskLine {
    pub item_id: i64,
    pub name: String,
    pub price: i64,
    pub stock: i64,
    pub monthly_limit: Option<i64>,
    /// Units the member already took this month (counts against the limit).
    pub taken: i64,
    pub quantity: i64,
}

impl KioskLine {
    /// The most this cart may hold of the item: stock, what the monthly limit leaves and
    /// the most units of one item a checkout takes.
    pub fn max(&self) -> i64 {
        let max = match self.monthly_limit {
            Some(l) => self.stock.min((l - self.taken).max(0)),
            None => self.stock,
        };
        max.min(MAX_CART_UNITS)
    }

    pub fn amount(&self) -> i64 {
        self.price * self.quantity
    }
}

/// Units of `item_id` in a list of what a member took this month (0 when absent).
pub fn taken_of(taken: &[CartLine], item_id: i64) -> i64 {
    taken
        .iter()
        .find(|t| t.item_id == item_id)
        .map_or(0, |t| t.quantity)
}

/// Why an item could not go (further) into the cart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CartRefusal {
    OutOfStock,
    OverLimit,
}

/// The kiosk's cart. Its idempotency key is made on the first checkout attempt and kept
/// for retries; any change to the cart drops it, so a changed cart is a new checkout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KioskCart {
    pub lines: Vec<KioskLine>,
    key: Option<String>,
}

impl KioskCart {
    /// Adds one of an item (a new line or one more on its line).
    pub fn add(&mut self, line: KioskLine) -> Result<(), CartRefusal> {
        let max = line.max();
        let have = self
            .lines
            .iter()
            .find(|l| l.item_id == line.item_id)
            .map_or(0, |l| l.quantity);
        if line.stock <= have {
            return Err(CartRefusal::OutOfStock);
        }
        let new_line = have == 0;
        if have + 1 > max || (new_line && self.lines.len() >= MAX_CART_LINES) {
            return Err(CartRefusal::OverLimit);
        }
        self.key = None;
        match self.lines.iter_mut().find(|l| l.item_id == line.item_id) {
            Some(l) => l.quantity += 1,
            None => self.lines.push(KioskLine {
                quantity: 1,
                ..line
            }),
        }
        Ok(())
    }

    /// Changes a line by `delta` (a line brought to zero leaves the cart).
    pub fn change(&mut self, item_id: i64, delta: i64) -> Result<(), CartRefusal> {
        let Some(i) = self.lines.iter().position(|l| l.item_id == item_id) else {
            return Ok(());
        };
        let l = &self.lines[i];
        let q = l.quantity + delta;
        if delta > 0 && q > l.stock {
            return Err(CartRefusal::OutOfStock);
        }
        if delta > 0 && q > l.max() {
            return Err(CartRefusal::OverLimit);
        }
        self.key = None;
        if q <= 0 {
            self.lines.remove(i);
        } else {
            self.lines[i].quantity = q;
        }
        Ok(())
    }

    pub fn total(&self) -> i64 {
        self.lines.iter().map(KioskLine::amount).sum()
    }

    pub fn count(&self) -> i64 {
        self.lines.iter().map(|l| l.quantity).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Points left after this cart, negative when the balance is short.
    pub fn left_after(&self, balance: i64) -> i64 {
        balance - self.total()
    }

    /// The key for this cart's checkout: the same one for every retry until it changes.
    pub fn key(&mut self, fresh: impl FnOnce() -> String) -> String {
        self.key.get_or_insert_with(fresh).clone()
    }
}

/// A client-side check of a chosen photo, so the person hears at once what is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoProblem {
    TooLarge,
    WrongType,
}

impl PhotoProblem {
    /// What the person is told.
    pub fn msg(self) -> Msg {
        match self {
            PhotoProblem::TooLarge => Msg::PhotoTooLarge,
            PhotoProblem::WrongType => Msg::PhotoWrongType,
        }
    }
}

/// Checks a file's size and declared type (the server checks the content again).
pub fn check_photo(size: f64, mime: &str) -> Result<(), PhotoProblem> {
    if !matches!(mime, "image/jpeg" | "image/png" | "image/webp") {
        return Err(PhotoProblem::WrongType);
    }
    if size > MAX_PHOTO_BYTES {
        return Err(PhotoProblem::TooLarge);
    }
    Ok(())
}

/// Whole points from a form field: digits only, at least `min`.
pub fn parse_points(raw: &str, min: i64) -> Option<i64> {
    let t = raw.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) || t.len() > 9 {
        return None;
    }
    t.parse::<i64>().ok().filter(|v| *v >= min)
}

/// The highest price of an item, in points.
pub const MAX_PRICE: i64 = 100_000;
/// The highest monthly limit per person.
pub const MAX_MONTHLY_LIMIT: i64 = 999;

/// An item form's fields, checked as the server checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFields {
    pub name: String,
    pub category: String,
    pub price: i64,
    pub monthly_limit: Option<i64>,
}

/// A whole number of points in `min..=max` typed in a field; an empty one is required.
fn points_field(field: &'static str, raw: &str, min: i64, max: i64) -> Result<i64, Invalid> {
    if raw.trim().is_empty() {
        return Err(Invalid {
            field,
            problem: Problem::Required,
        });
    }
    parse_points(raw, min).filter(|n| *n <= max).ok_or(Invalid {
        field,
        problem: Problem::OutOfRange { min, max },
    })
}

/// Checks the item form, every field at once, so each problem shows at its own field.
pub fn check_item(
    name: &str,
    category: &str,
    price: &str,
    limit: &str,
) -> Result<ItemFields, Vec<Invalid>> {
    let name = validate::text("name", name, 1, 40);
    let category = validate::text("category", category, 1, 20);
    let price = points_field("price", price, 1, MAX_PRICE);
    let limit = if limit.trim().is_empty() {
        Ok(None)
    } else {
        points_field("monthly_limit", limit, 1, MAX_MONTHLY_LIMIT).map(Some)
    };
    match (name, category, price, limit) {
        (Ok(name), Ok(category), Ok(price), Ok(monthly_limit)) => Ok(ItemFields {
            name,
            category,
            price,
            monthly_limit,
        }),
        (n, c, p, l) => Err([n.err(), c.err(), p.err(), l.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// A comma- or space-separated tag list (Chinese commas too), without empties.
pub fn parse_tags(raw: &str) -> Vec<String> {
    raw.split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

const EAN_L: [&str; 10] = [
    "0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011",
    "0110111", "0001011",
];
const EAN_G: [&str; 10] = [
    "0100111", "0110011", "0011011", "0100001", "0011101", "0111001", "0000101", "0010001",
    "0001001", "0010111",
];
const EAN_R: [&str; 10] = [
    "1110010", "1100110", "1101100", "1000010", "1011100", "1001110", "1010000", "1000100",
    "1001000", "1110100",
];
const EAN_PARITY: [&str; 10] = [
    "LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL",
    "LGGLGL",
];

/// The 95 modules (true: a bar) of an EAN-13 code, or None if `code` is not 13 digits
/// with a right check digit.
pub fn ean13_modules(code: &str) -> Option<Vec<bool>> {
    let d: Vec<usize> = code
        .chars()
        .map(|c| c.to_digit(10).map(|x| x as usize))
        .collect::<Option<_>>()?;
    if d.len() != 13 {
        return None;
    }
    let sum: usize = d[..12]
        .iter()
        .enumerate()
        .map(|(i, x)| if i % 2 == 0 { *x } else { x * 3 })
        .sum();
    if (10 - sum % 10) % 10 != d[12] {
        return None;
    }
    let mut s = String::from("101");
    let parity = EAN_PARITY[d[0]].as_bytes();
    for (i, x) in d[1..7].iter().enumerate() {
        s.push_str(if parity[i] == b'L' {
            EAN_L[*x]
        } else {
            EAN_G[*x]
        });
    }
    s.push_str("01010");
    for x in &d[7..] {
        s.push_str(EAN_R[*x]);
    }
    s.push_str("101");
    Some(s.bytes().map(|b| b == b'1').collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `/shop`'s address: text trimmed, unknown sorts and any "affordable" but 1 ignored;
    /// the first page's query counts "affordable" only signed in.
    #[test]
    fn the_shop_address_reads_its_filters() {
        let pairs = [
            ("q", " 洗衣 "),
            ("category", "日用品"),
            ("sort", "price_asc"),
            ("affordable", "1"),
        ];
        let param = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        };
        let address = ShopAddress::read(param);
        assert_eq!(
            address,
            ShopAddress {
                search: "洗衣".into(),
                category: "日用品".into(),
                sort: ItemSort::PriceAsc,
                affordable: true,
            }
        );
        assert_eq!(address.first_page(false).affordable, Some(false));
        assert_eq!(address.first_page(true).affordable, Some(true));
        assert_eq!(address.first_page(true).limit, Some(CATALOGUE_PAGE));
        let odd = ShopAddress::read(|k| (k == "sort" || k == "affordable").then(|| "yes".into()));
        assert_eq!(odd, ShopAddress::default());
    }

    /// Two requests are told apart by what they send: empty text and defaults are left out.
    #[test]
    fn a_catalogue_request_is_keyed_by_what_it_sends() {
        assert_eq!(catalogue_key(&home_preview_query()), "limit=4");
        assert_eq!(
            catalogue_key(&ShopAddress::default().first_page(false)),
            "limit=20"
        );
        let address = ShopAddress {
            search: "皂".into(),
            sort: ItemSort::Popular,
            ..Default::default()
        };
        assert_eq!(
            catalogue_key(&address.first_page(true)),
            "q=皂&sort=popular&limit=20"
        );
    }

    #[test]
    fn an_empty_item_form_names_each_missing_field() {
        let fields: Vec<_> = check_item("", " ", "", "")
            .unwrap_err()
            .iter()
            .map(|p| (p.field, p.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("name", Problem::Required),
                ("category", Problem::Required),
                ("price", Problem::Required),
            ]
        );
        let bad = check_item("米", "粮油", "0", "1000").unwrap_err();
        assert_eq!(bad[0].field, "price");
        assert_eq!(bad[1].field, "monthly_limit");
        let ok = check_item(" 米 ", "粮油", "30", "").unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.price, ok.monthly_limit),
            ("米", 30, None)
        );
    }

    fn line(id: i64, price: i64, stock: i64, limit: Option<i64>) -> KioskLine {
        KioskLine {
            item_id: id,
            name: format!("item {id}"),
            price,
            stock,
            monthly_limit: limit,
            taken: 0,
            quantity: 0,
        }
    }

    /// What the member took earlier this month counts: with 2 a month and 1 taken, one
    /// more goes in; with the limit used up, none; items without a limit don't care.
    #[test]
    fn units_taken_earlier_this_month_count_against_the_limit() {
        let taken = |t: i64, limit: Option<i64>| KioskLine {
            taken: t,
            ..line(1, 10, 9, limit)
        };
        let mut cart = KioskCart::default();
        cart.add(taken(1, Some(2))).unwrap();
        assert_eq!(cart.add(taken(1, Some(2))), Err(CartRefusal::OverLimit));
        assert_eq!(cart.change(1, 1), Err(CartRefusal::OverLimit));
        let mut cart = KioskCart::default();
        assert_eq!(cart.add(taken(2, Some(2))), Err(CartRefusal::OverLimit));
        assert_eq!(taken(5, Some(2)).max(), 0);
        assert_eq!(taken(5, None).max(), 9);
    }

    #[test]
    fn the_catalogue_query_leaves_out_defaults_and_blank_text() {
        let q = CatalogueQuery {
            category: Some("日用品".into()),
            q: Some("  ".into()),
            sort: Some(ItemSort::Newest),
            affordable: Some(false),
            after: None,
            limit: Some(20),
        };
        assert_eq!(
            catalogue_params(&q),
            vec![
                ("category", "日用品".to_string()),
                ("limit", "20".to_string())
            ]
        );
        let q = CatalogueQuery {
            q: Some(" 洗衣 ".into()),
            sort: Some(ItemSort::PriceAsc),
            affordable: Some(true),
            after: Some("abc".into()),
            ..Default::default()
        };
        assert_eq!(
            catalogue_params(&q),
            vec![
                ("q", "洗衣".to_string()),
                ("sort", "price_asc".to_string()),
                ("affordable", "true".to_string()),
                ("after", "abc".to_string()),
            ]
        );
    }

    #[test]
    fn sorts_round_trip_as_the_server_spells_them() {
        for s in ItemSort::ALL {
            assert_eq!(ItemSort::parse(s.as_str()), Some(s));
            let wire = serde_json::to_string(&s).unwrap();
            assert_eq!(wire, format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn card_numbers_and_card_codes_are_cards_and_the_rest_are_barcodes() {
        let number = cards::with_check_digit("81234567890").unwrap();
        assert_eq!(
            classify_scan(&format!(" {number}\n")),
            Scan::Card(CardQr::Static {
                number: number.clone()
            })
        );
        assert_eq!(
            classify_scan(&cards::static_qr(&number)),
            Scan::Card(CardQr::Static {
                number: number.clone()
            })
        );
        assert_eq!(
            classify_scan(&cards::format_number(&number)),
            Scan::Card(CardQr::Static { number })
        );
        assert_eq!(
            classify_scan("6901234567892"),
            Scan::Barcode("6901234567892".into())
        );
        assert_eq!(classify_scan("LL-SOAP"), Scan::Barcode("LL-SOAP".into()));
        assert_eq!(classify_scan("   "), Scan::Invalid);
        assert_eq!(classify_scan("812345678901"), Scan::Invalid);
        assert_eq!(classify_scan("linli:card:123"), Scan::Invalid);
    }

    #[test]
    fn the_cart_adds_up_and_stops_at_stock_and_the_monthly_limit() {
        let mut cart = KioskCart::default();
        cart.add(line(1, 230, 5, Some(2))).unwrap();
        cart.add(line(1, 230, 5, Some(2))).unwrap();
        assert_eq!(
            cart.add(line(1, 230, 5, Some(2))),
            Err(CartRefusal::OverLimit)
        );
        cart.add(line(2, 30, 1, None)).unwrap();
        assert_eq!(cart.add(line(2, 30, 1, None)), Err(CartRefusal::OutOfStock));
        assert_eq!(cart.add(line(3, 30, 0, None)), Err(CartRefusal::OutOfStock));
        assert_eq!(cart.total(), 490);
        assert_eq!(cart.count(), 3);
        assert_eq!(cart.left_after(500), 10);
        assert_eq!(cart.left_after(400), -90);
        assert_eq!(cart.change(2, 1), Err(CartRefusal::OutOfStock));
        cart.change(1, -1).unwrap();
        cart.change(2, -1).unwrap();
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.total(), 230);
    }

    #[test]
    fn the_cart_stops_at_the_servers_limits() {
        let mut cart = KioskCart::default();
        for _ in 0..MAX_CART_UNITS {
            cart.add(line(1, 1, 1000, None)).unwrap();
        }
        assert_eq!(
            cart.add(line(1, 1, 1000, None)),
            Err(CartRefusal::OverLimit)
        );
        for id in 2..=MAX_CART_LINES as i64 {
            cart.add(line(id, 1, 5, None)).unwrap();
        }
        assert_eq!(cart.add(line(99, 1, 5, None)), Err(CartRefusal::OverLimit));
        assert_eq!(cart.lines.len(), MAX_CART_LINES);
    }

    #[test]
    fn a_retry_reuses_the_key_and_a_changed_cart_gets_a_new_one() {
        let mut cart = KioskCart::default();
        cart.add(line(1, 30, 9, None)).unwrap();
        let k1 = cart.key(|| "k1".into());
        assert_eq!(cart.key(|| "k2".into()), k1, "a retry keeps the key");
        cart.change(1, 1).unwrap();
        assert_eq!(cart.key(|| "k3".into()), "k3");
    }

    #[test]
    fn photos_must_be_small_jpeg_png_or_webp() {
        assert_eq!(check_photo(1000.0, "image/png"), Ok(()));
        assert_eq!(
            check_photo(6.0 * 1024.0 * 1024.0, "image/jpeg"),
            Err(PhotoProblem::TooLarge)
        );
        assert_eq!(
            check_photo(10.0, "text/javascript"),
            Err(PhotoProblem::WrongType)
        );
        assert_eq!(check_photo(10.0, ""), Err(PhotoProblem::WrongType));
    }

    #[test]
    fn points_and_tags_are_read_from_forms() {
        assert_eq!(parse_points(" 230 ", 1), Some(230));
        assert_eq!(parse_points("0", 1), None);
        assert_eq!(parse_points("0", 0), Some(0));
        assert_eq!(parse_points("-3", 0), None);
        assert_eq!(parse_points("2.5", 0), None);
        assert_eq!(
            parse_tags("清洁，助学, 民生 "),
            vec!["清洁", "助学", "民生"]
        );
    }

    #[test]
    fn ean13_bars_have_guards_and_refuse_a_wrong_check_digit() {
        let m = ean13_modules("4006381333931").unwrap();
        assert_eq!(m.len(), 95);
        assert_eq!(&m[..3], &[true, false, true]);
        assert_eq!(&m[45..50], &[false, true, false, true, false]);
        assert!(ean13_modules("4006381333932").is_none());
        assert!(ean13_modules("12345").is_none());
    }
}
