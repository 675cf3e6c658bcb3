//! The administrators' dashboard rules, outside the UI so `cargo test` checks them: the
//! low-stock threshold, how an alert is graded and ordered, and where it leads.

use crate::api::dashboard::LowStockLine;
use crate::i18n::Msg;
use crate::validate::{in_range, Checked};

/// An item with at most this many left is low unless the caller asks otherwise.
pub const DEFAULT_LOW_STOCK: i64 = 5;
/// Highest threshold accepted: beyond it "low" would mean the whole shop.
pub const MAX_LOW_STOCK: i64 = 10_000;

/// The threshold asked for, or the default; out of range is a validation error.
pub fn threshold(asked: Option<i64>) -> Checked<i64> {
    in_range(
        "threshold",
        asked.unwrap_or(DEFAULT_LOW_STOCK),
        0,
        MAX_LOW_STOCK,
    )
}

/// How urgent a low-stock alert is: an empty shelf before one running low.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StockAlert {
    Out,
    Low,
}

impl StockAlert {
    pub fn of(stock: i64) -> StockAlert {
        if stock <= 0 {
            StockAlert::Out
        } else {
            StockAlert::Low
        }
    }

    /// The CSS modifier of the alert's badge and row.
    pub fn class(self) -> &'static str {
        match self {
            StockAlert::Out => "alert-out",
            StockAlert::Low => "alert-low",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            StockAlert::Out => Msg::OutOfStock,
            StockAlert::Low => Msg::Stock,
        }
    }
}

/// Alerts in the order an administrator should act: out of stock first, then fewest
/// left, then by name so the list does not jump between visits.
pub fn order_alerts(lines: &mut [LowStockLine]) {
    lines.sort_by(|a, b| {
        (StockAlert::of(a.stock), a.stock, &a.name, a.id).cmp(&(
            StockAlert::of(b.stock),
            b.stock,
            &b.name,
            b.id,
        ))
    });
}

/// The stock page with the item already chosen in the stock-in form.
pub fn restock_href(item_id: i64) -> String {
    format!("/admin/shop/stock?item={item_id}")
}

/// The item a restock link chose (`?item=<id>`), if it names one.
pub fn restock_item(raw: Option<&str>) -> Option<i64> {
    raw?.trim().parse::<i64>().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: i64, name: &str, stock: i64) -> LowStockLine {
        LowStockLine {
            id,
            name: name.into(),
            category: "日用品".into(),
            price: 30,
            stock,
        }
    }

    #[test]
    fn the_threshold_defaults_to_five_and_stays_in_range() {
        assert_eq!(threshold(None), Ok(5));
        assert_eq!(threshold(Some(0)), Ok(0));
        assert_eq!(threshold(Some(MAX_LOW_STOCK)), Ok(MAX_LOW_STOCK));
        assert!(threshold(Some(-1)).is_err());
        assert!(threshold(Some(MAX_LOW_STOCK + 1)).is_err());
    }

    #[test]
    fn an_empty_shelf_is_out_anything_else_low() {
        assert_eq!(StockAlert::of(0), StockAlert::Out);
        assert_eq!(StockAlert::of(1), StockAlert::Low);
        assert_eq!(StockAlert::of(5), StockAlert::Low);
    }

    #[test]
    fn out_of_stock_comes_first_then_fewest_left_then_by_name() {
        let mut l = vec![
            line(1, "香皂", 3),
            line(2, "洗衣液", 0),
            line(3, "书包", 1),
            line(4, "牙膏", 3),
            line(5, "毛巾", 0),
        ];
        order_alerts(&mut l);
        let ids: Vec<i64> = l.iter().map(|x| x.id).collect();
        // Ties on stock go by name (code point order: 毛 < 洗, 牙 < 香).
        assert_eq!(ids, [5, 2, 3, 4, 1]);
    }

    #[test]
    fn restock_links_choose_the_item_on_the_stock_page() {
        assert_eq!(restock_href(7), "/admin/shop/stock?item=7");
        assert_eq!(restock_item(Some("7")), Some(7));
        assert_eq!(restock_item(Some(" 12 ")), Some(12));
        for bad in [None, Some(""), Some("x"), Some("-3"), Some("0")] {
            assert_eq!(restock_item(bad), None, "{bad:?}");
        }
    }
}
