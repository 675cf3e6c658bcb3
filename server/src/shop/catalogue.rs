//! The catalogue residents browse, served from an in-memory snapshot: the list is read far
//! more than goods change, so each request filters and pages a prepared, pre-sorted copy
//! instead of querying SQLite. Every write through the shop drops the snapshot; it also
//! lapses after a second, so a second server on the same file catches up.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use linli_app::api::shop::{CataloguePage, CatalogueQuery, Category, ItemCard, ItemSort};
use linli_app::validate::Problem;

use super::in_range;
use super::items::photo_url;
use crate::error::{AppError, AppResult};
use crate::store::shop as store;
use crate::store::Db;

/// How long a snapshot is trusted without a local write.
const FRESH_FOR: Duration = Duration::from_secs(1);

/// One listed item with what filtering needs.
struct Entry {
    card: ItemCard,
    available_from: Option<i64>,
    available_until: Option<i64>,
    /// Lower-cased name, description and tags, for substring search.
    haystack: String,
}

/// Active items, with their order under each sort.
pub struct Snapshot {
    entries: Vec<Entry>,
    /// Indexes into `entries` for each sort, in order.
    orders: HashMap<ItemSort, Vec<usize>>,
    categories: Vec<Category>,
}

/// A snapshot with when its build started.
type Stamped = (Instant, Arc<Snapshot>);

/// The shared cache: cheap to clone, one per application.
#[derive(Clone, Default)]
pub struct Catalogue {
    slot: Arc<RwLock<Option<Stamped>>>,
}

/// The sort key of an entry: ascending order of (primary, id) under the sort.
fn key(sort: ItemSort, c: &ItemCard) -> (i64, i64) {
    match sort {
        ItemSort::Newest => (-c.created_at, -c.id),
        ItemSort::PriceAsc => (c.price, c.id),
        ItemSort::PriceDesc => (-c.price, -c.id),
        ItemSort::Popular => (-c.sold, -c.id),
    }
}

/// The cursor after an entry: its key, as text.
fn cursor(sort: ItemSort, c: &ItemCard) -> String {
    let (a, b) = key(sort, c);
    format!("{a}_{b}")
}

fn parse_cursor(raw: &str) -> AppResult<(i64, i64)> {
    let bad = || AppError::BadRequest("after: not a cursor from this list".into());
    let (a, b) = raw.split_once('_').ok_or_else(bad)?;
    Ok((a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?))
}

impl Snapshot {
    fn build(items: Vec<store::ItemRow>, photos: Vec<store::PhotoRow>) -> Snapshot {
        let thumbs: HashMap<i64, String> = photos
            .into_iter()
            .map(|p| (p.item_id, photo_url(&p.hash, "thumb")))
            .collect();
        let entries: Vec<Entry> = items
            .into_iter()
            .filter(|i| i.active)
            .map(|i| Entry {
                haystack: format!("{}\n{}\n{}", i.name, i.description, i.tags.join("\n"))
                    .to_lowercase(),
                available_from: i.available_from,
                available_until: i.available_until,
                card: ItemCard {
                    thumb_url: thumbs.get(&i.id).cloned(),
                    in_stock: i.stock > 0,
                    id: i.id,
                    name: i.name,
                    category: i.category,
                    tags: i.tags,
                    price: i.price,
                    stock: i.stock,
                    monthly_limit: i.monthly_limit,
                    sold: i.sold,
                    created_at: i.created_at,
                },
            })
            .collect();
        let orders = [
            ItemSort::Newest,
            ItemSort::PriceAsc,
            ItemSort::PriceDesc,
            ItemSort::Popular,
        ]
        .into_iter()
        .map(|sort| {
            let mut idx: Vec<usize> = (0..entries.len()).collect();
            idx.sort_by_key(|&i| key(sort, &entries[i].card));
            (sort, idx)
        })
        .collect();
        let mut counts: Vec<Category> = Vec::new();
        for e in &entries {
            match counts.iter_mut().find(|c| c.name == e.card.category) {
                Some(c) => c.items += 1,
                None => counts.push(Category {
                    name: e.card.category.clone(),
                    items: 1,
                }),
            }
        }
        Snapshot {
            entries,
            orders,
            categories: counts,
        }
    }

    /// One page: the items after the cursor that pass every filter.
    pub fn page(
        &self,
        q: &CatalogueQuery,
        balance: Option<i64>,
        now: i64,
    ) -> AppResult<CataloguePage> {
        let limit = in_range("limit", q.limit.map_or(20, i64::from), 1, 100)? as usize;
        let sort = q.sort.unwrap_or_default();
        let needle = match q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) if s.chars().count() > 64 => {
                return Err(AppError::invalid("q", Problem::TooLong { max: 64 }))
            }
            Some(s) => Some(s.to_lowercase()),
            None => None,
        };
        let category = q
            .category
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let after = q.after.as_deref().map(parse_cursor).transpose()?;
        let afford = if q.affordable == Some(true) {
            balance
        } else {
            None
        };
        let order = &self.orders[&sort];
        let start = match after {
            Some(k) => order.partition_point(|&i| key(sort, &self.entries[i].card) <= k),
            None => 0,
        };
        let mut items = Vec::with_capacity(limit);
        let mut more = false;
        for &i in &order[start..] {
            let e = &self.entries[i];
            let shown = e.available_from.is_none_or(|f| f <= now)
                && e.available_until.is_none_or(|u| now < u)
                && category.is_none_or(|c| e.card.category == c)
                && afford.is_none_or(|b| e.card.price <= b)
                && needle.as_deref().is_none_or(|n| e.haystack.contains(n));
            if !shown {
                continue;
            }
            if items.len() == limit {
                more = true;
                break;
            }
            items.push(e.card.clone());
        }
        let next_cursor = if more {
            items.last().map(|c| cursor(sort, c))
        } else {
            None
        };
        Ok(CataloguePage {
            items,
            next_cursor,
            balance,
        })
    }

    pub fn categories(&self) -> Vec<Category> {
        self.categories.clone()
    }
}

impl Catalogue {
    /// The current snapshot, rebuilt from the store when dropped or stale.
    pub async fn snapshot(&self, db: &Db) -> AppResult<Arc<Snapshot>> {
        if let Ok(slot) = self.slot.read() {
            if let Some((at, snap)) = slot.as_ref() {
                if at.elapsed() < FRESH_FOR {
                    return Ok(snap.clone());
                }
            }
        }
        let taken = Instant::now();
        let snap = Arc::new(
            db.read(|c| {
                Ok(Snapshot::build(
                    store::all_items(c)?,
                    store::first_photos(c)?,
                ))
            })
            .await?,
        );
        if let Ok(mut slot) = self.slot.write() {
            // Keep a newer snapshot another request built meanwhile.
            if slot.as_ref().is_none_or(|(at, _)| *at <= taken) {
                *slot = Some((taken, snap.clone()));
            }
        }
        Ok(snap)
    }

    /// Drops the snapshot after a change to goods, stock or photos.
    pub fn invalidate(&self) {
        if let Ok(mut slot) = self.slot.write() {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, name: &str, price: i64, sold: i64, category: &str) -> store::ItemRow {
        store::ItemRow {
            id,
            name: name.into(),
            description: String::new(),
            category: category.into(),
            tags: vec!["捐赠".into()],
            price,
            stock: id % 3,
            monthly_limit: None,
            active: true,
            available_from: None,
            available_until: None,
            barcode: format!("b{id}"),
            sold,
            created_at: id * 10,
            updated_at: 0,
        }
    }

    fn snap() -> Snapshot {
        Snapshot::build(
            vec![
                row(1, "洗衣液", 230, 5, "日用品"),
                row(2, "书包", 260, 9, "学习用品"),
                row(3, "香皂", 30, 1, "日用品"),
                row(4, "牙膏", 30, 7, "日用品"),
                store::ItemRow {
                    active: false,
                    ..row(5, "旧货", 10, 0, "日用品")
                },
            ],
            vec![],
        )
    }

    fn names(p: &CataloguePage) -> Vec<&str> {
        p.items.iter().map(|i| i.name.as_str()).collect()
    }

    /// Sorting, paging by cursor and filters compose; inactive items never show.
    #[test]
    fn pages_follow_the_sort_and_filters() {
        let s = snap();
        let q = CatalogueQuery {
            sort: Some(ItemSort::PriceAsc),
            limit: Some(2),
            ..Default::default()
        };
        let p1 = s.page(&q, None, 0).unwrap();
        assert_eq!(names(&p1), ["香皂", "牙膏"]);
        let q2 = CatalogueQuery {
            after: p1.next_cursor.clone(),
            ..q.clone()
        };
        let p2 = s.page(&q2, None, 0).unwrap();
        assert_eq!(names(&p2), ["洗衣液", "书包"]);
        assert_eq!(p2.next_cursor, None);
        let newest = s.page(&CatalogueQuery::default(), None, 0).unwrap();
        assert_eq!(names(&newest), ["牙膏", "香皂", "书包", "洗衣液"]);
        let popular = CatalogueQuery {
            sort: Some(ItemSort::Popular),
            ..Default::default()
        };
        assert_eq!(names(&s.page(&popular, None, 0).unwrap())[0], "书包");
    }

    #[test]
    fn search_category_and_affordable_filter() {
        let s = snap();
        let q = |f: fn(&mut CatalogueQuery)| {
            let mut q = CatalogueQuery::default();
            f(&mut q);
            q
        };
        let found = s.page(&q(|q| q.q = Some("衣".into())), None, 0).unwrap();
        assert_eq!(names(&found), ["洗衣液"]);
        let cat = s
            .page(&q(|q| q.category = Some("学习用品".into())), None, 0)
            .unwrap();
        assert_eq!(names(&cat), ["书包"]);
        let cheap = s
            .page(&q(|q| q.affordable = Some(true)), Some(100), 0)
            .unwrap();
        assert_eq!(names(&cheap), ["牙膏", "香皂"]);
        assert!(s.page(&q(|q| q.after = Some("x".into())), None, 0).is_err());
        assert!(s.page(&q(|q| q.limit = Some(0)), None, 0).is_err());
    }
}
