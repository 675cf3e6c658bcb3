//! Demo goods for the points shop: the prices from the reports (洗衣液 230, 书包 260,
//! 香皂 30) and more everyday goods, donated by local units and merchants over the last
//! weeks; and, for volunteers who have the points, a few checkouts so receipts, history
//! and the daily summary have something to show.

use linli_app::api::cards::{CardHolder, CardProof};
use linli_app::api::shop::{CartLine, CreateDonor, CreateItem, DonorKind, StockIn};
use rusqlite::Connection;

use super::checkout::{self, Cart};
use super::photos::Processed;
use super::{items, stock};
use crate::error::AppResult;
use crate::ledger::calendar;
use crate::{cards, ledger, store};

const DAY: i64 = 86_400;

/// (name, category, price, monthly limit, tags, description).
type Good = (
    &'static str,
    &'static str,
    i64,
    Option<i64>,
    &'static [&'static str],
    &'static str,
);

const GOODS: &[Good] = &[
    (
        "洗衣液",
        "日用品",
        230,
        Some(2),
        &["清洁"],
        "2 kg 装，深层洁净",
    ),
    (
        "书包",
        "学习用品",
        260,
        Some(1),
        &["助学"],
        "小学生护脊书包",
    ),
    ("香皂", "日用品", 30, None, &["清洁"], "125 g 药皂"),
    ("牙膏", "日用品", 40, None, &["清洁"], "中药牙膏 180 g"),
    ("毛巾", "日用品", 50, None, &[], "纯棉毛巾两条装"),
    ("抽纸", "日用品", 40, None, &[], "三层抽纸 6 包"),
    ("大米", "粮油", 200, Some(1), &["民生"], "东北大米 5 kg"),
    (
        "食用油",
        "粮油",
        300,
        Some(1),
        &["民生"],
        "非转基因菜籽油 5 L",
    ),
    ("酱油", "粮油", 60, None, &[], "生抽 1 L"),
    (
        "文具套装",
        "学习用品",
        80,
        Some(2),
        &["助学"],
        "铅笔、橡皮、尺子、卷笔刀",
    ),
    ("保温杯", "生活用品", 150, None, &[], "不锈钢保温杯 500 ml"),
    ("雨伞", "生活用品", 120, None, &[], "折叠晴雨伞"),
];

/// (name, kind, contact, note).
const DONORS: &[(&str, DonorKind, &str, &str)] = &[
    (
        "汉阳区供销合作社",
        DonorKind::Unit,
        "027-8484 1000",
        "每季度定期捐赠",
    ),
    ("四新街道办事处", DonorKind::Unit, "027-8456 2200", ""),
    (
        "梅林便民超市",
        DonorKind::Merchant,
        "139 0713 0001",
        "社区门口",
    ),
    ("中百仓储四新店", DonorKind::Merchant, "027-8461 3300", ""),
    ("爱心人士李先生", DonorKind::Person, "", "不愿留名"),
];

/// (donor index, item index, quantity, days ago).
const STOCK_INS: &[(usize, usize, i64, i64)] = &[
    (0, 0, 20, 20),
    (0, 6, 15, 20),
    (0, 7, 10, 20),
    (1, 1, 12, 14),
    (1, 9, 30, 14),
    (2, 2, 50, 10),
    (2, 3, 30, 10),
    (2, 5, 40, 10),
    (3, 4, 25, 7),
    (3, 8, 20, 7),
    (3, 10, 6, 5),
    (4, 11, 3, 3),
];

/// How many demo goods there are (one drawn picture each).
pub const GOODS_COUNT: usize = GOODS.len();

/// Seeds the shop, authored by the demo administrator, each good with its drawn picture
/// (`photos[i]` for `GOODS[i]`, files already stored); the volunteers who have points by
/// now check out a little.
pub fn seed(
    conn: &Connection,
    admin: i64,
    volunteers: &[i64],
    photos: &[Processed],
    now: i64,
) -> AppResult<()> {
    let mut item_ids = Vec::new();
    for (i, (name, category, price, limit, tags, description)) in GOODS.iter().enumerate() {
        let req = CreateItem {
            name: name.to_string(),
            description: description.to_string(),
            category: category.to_string(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            price: *price,
            monthly_limit: *limit,
            ..Default::default()
        };
        // Older goods first, so "newest" has an order.
        let id = items::create(conn, admin, &req, now - (30 - i as i64) * DAY)?.id;
        if let Some(p) = photos.get(i) {
            store::shop::insert_photo(conn, id, &p.hash, (p.width, p.height), admin, now)?;
        }
        item_ids.push(id);
    }
    let mut donor_ids = Vec::new();
    for (name, kind, contact, note) in DONORS {
        let req = CreateDonor {
            name: name.to_string(),
            kind: *kind,
            contact: contact.to_string(),
            note: note.to_string(),
        };
        donor_ids.push(stock::create_donor(conn, admin, &req, now)?.id);
    }
    for &(donor, item, quantity, days_ago) in STOCK_INS {
        let req = StockIn {
            donor_id: donor_ids[donor],
            item_id: item_ids[item],
            quantity,
            received_on: Some(calendar::day_key(now - days_ago * DAY)),
            note: "捐赠入库".into(),
        };
        stock::stock_in(conn, admin, &req, now - days_ago * DAY)?;
    }
    // A few volunteers take soap or toothpaste with the points they have.
    for (n, &user) in volunteers.iter().take(4).enumerate() {
        let cart = Cart::parse(&[CartLine {
            item_id: item_ids[2 + n % 2],
            quantity: 1,
        }])?;
        if ledger::balance_of_user(conn, user)? < 40 {
            continue;
        }
        let card = cards::card_of(conn, user, now)?;
        let holder = CardHolder {
            user_id: user,
            name: store::shop::member_name(conn, user)?.unwrap_or_default(),
            phone: String::new(),
            balance: 0,
            card_number: card.number.clone(),
            proof: CardProof::Pin,
        };
        let kiosk = admin;
        let key = format!("shop:demo:{user}");
        let fp = checkout::checkout_fingerprint(&card.number, &cart);
        checkout::checkout(conn, kiosk, &holder, &cart, &key, &fp, now)?;
    }
    Ok(())
}
