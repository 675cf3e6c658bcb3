//! The first screen of `/` and `/shop`, written into index.html by the server for a visit
//! without a session: the shop's goods arrive with the page, so a phone on a slow network
//! shows them, photos and all, and can follow them and search, before the app's module
//! has downloaded. The app then mounts over them without moving anything: the markup is
//! the app's own (app/src/ui/pages/shop/catalogue.rs and home.rs, in Chinese like the rest
//! of the static first paint), and the data travels beside it as `FirstScreen`, so the app
//! starts from what is on screen. `end2end/tests/first-load.spec.ts` holds the two to the
//! same pixels.
//!
//! With a session the page stays as built: what a signed-in person sees is theirs, and the
//! app draws it.

use linli_app::api::shop::{CataloguePage, Category, FirstScreen, ItemCard};
use linli_app::i18n::{t, Msg};
use linli_app::lang::Lang;
use linli_app::shop::{catalogue_key, home_preview_query, ShopAddress};

use crate::html::escape;
use crate::shop::catalogue::Snapshot;

/// Where index.html (public/index.html) marks the first screen: the home page's section
/// lies between the first pair, and the next mark is where the home page's preview of
/// goods goes. The data goes before `</body>`.
const FIRST_SCREEN: (&str, &str) = ("<!--first-screen-->", "<!--/first-screen-->");
const PREVIEW: &str = "<!--shop-preview-->";
const DATA: &str = "</body>";
/// Around the preload of the app's module, which a filled page leaves out: the module
/// is not needed to show the goods, and would be fetched before their photos.
const PRELOAD: (&str, &str) = ("<!--app-preload-->", "<!--/app-preload-->");
/// The language of the static first paint.
const LANG: Lang = Lang::Zh;
/// The first tiles' photos load at once: they are the largest thing on a phone's first
/// screen. The rest wait until scrolled near, as in the app.
const EAGER: usize = 4;

/// The page for `path` with its first screen filled in, or None when the path has none
/// or the template lacks the marks (then the page is served as built).
pub fn fill(
    template: &str,
    path: &str,
    query: Option<&str>,
    snap: &Snapshot,
    now: i64,
) -> Option<String> {
    let (html, first) = match path {
        "/" => {
            let query = home_preview_query();
            if !template.contains(PREVIEW) {
                return None;
            }
            let page = snap.page(&query, None, now).ok()?;
            let html = template.replacen(PREVIEW, &home_preview(&page), 1);
            (
                html,
                FirstScreen {
                    request: catalogue_key(&query),
                    page,
                    categories: None,
                },
            )
        }
        "/shop" => {
            let address = ShopAddress::read(|k| param(query.unwrap_or(""), k));
            let query = address.first_page(false);
            let page = snap.page(&query, None, now).ok()?;
            let categories = snap.categories();
            let html = between(
                template,
                FIRST_SCREEN,
                &shop_page(&address, &page, &categories),
            )?;
            let categories = Some(categories);
            (
                html,
                FirstScreen {
                    request: catalogue_key(&query),
                    page,
                    categories,
                },
            )
        }
        _ => return None,
    };
    if !html.contains(DATA) {
        return None;
    }
    let html = between(&html, PRELOAD, "").unwrap_or(html);
    // No `<` at all inside the script element: `</script>` would end it early, and
    // `<!--` with `<script` would keep it from ending. In JSON `<` only occurs in strings.
    let json = serde_json::to_string(&first).ok()?.replace('<', "\\u003c");
    let id = FirstScreen::ELEMENT_ID;
    let data = format!(r#"<script type="application/json" id="{id}">{json}</script>{DATA}"#);
    Some(html.replacen(DATA, &data, 1))
}

/// The page with the two marks and what lies between them replaced by `with`; None when
/// the marks are missing.
fn between(html: &str, (open, close): (&str, &str), with: &str) -> Option<String> {
    let start = html.find(open)?;
    let end = start + html[start..].find(close)? + close.len();
    Some(format!("{}{with}{}", &html[..start], &html[end..]))
}

/// One parameter of a query string, decoded (`+` is a space, as forms send it).
fn param(query: &str, key: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

fn w(msg: Msg) -> &'static str {
    t(LANG, msg)
}

/// The home page's "newest goods", as `ShopPreview` draws it; nothing when there are none.
fn home_preview(page: &CataloguePage) -> String {
    if page.items.is_empty() {
        return String::new();
    }
    format!(
        r#"<section class="home-preview shop-preview"><div class="preview-head"><h2>{}</h2><a href="/shop">{} ›</a></div><ul class="item-grid">{}</ul></section>"#,
        w(Msg::HomeShopPreview),
        w(Msg::HomeSeeAll),
        tiles(&page.items),
    )
}

/// The catalogue as `ShopPage` draws it signed out. Searching works without the app (the
/// form asks the server for `/shop?q=…`); the categories and the sort wait for it.
fn shop_page(address: &ShopAddress, page: &CataloguePage, categories: &[Category]) -> String {
    let mut html = format!(
        r#"<section class="page shop"><div class="shop-head"><h1>{}</h1><a href="/shop/donors" class="honour-link">{} ›</a></div>"#,
        w(Msg::ShopTitle),
        w(Msg::HonourRoll),
    );
    html.push_str(&format!(
        r#"<form class="search-bar" role="search" action="/shop"><label class="sr-only" for="shop-q">{search}</label><input id="shop-q" name="{key}" type="search" enterkeyhint="search" placeholder="{hint}" value="{value}"><button class="btn btn-secondary" type="submit">{search}</button></form>"#,
        search = w(Msg::ShopSearch),
        key = ShopAddress::SEARCH,
        hint = escape(w(Msg::ShopSearchHint)),
        value = escape(&address.search),
    ));
    html.push_str(&format!(
        r#"<div class="category-bar" role="group" aria-label="{}">"#,
        w(Msg::FieldCategory)
    ));
    let all = std::iter::once((w(Msg::ShopAllCategories), String::new()));
    let named = categories.iter().map(|c| (c.name.as_str(), c.name.clone()));
    for (label, name) in all.chain(named) {
        html.push_str(&format!(
            r#"<button class="cat" type="button" aria-pressed="{}">{}</button>"#,
            address.category == name,
            escape(label),
        ));
    }
    html.push_str(&format!(
        r#"</div><div class="filter-bar shop-filters"><label for="shop-sort">{}</label><select id="shop-sort">"#,
        w(Msg::ShopSort)
    ));
    for sort in linli_app::api::shop::ItemSort::ALL {
        let selected = if sort == address.sort {
            " selected"
        } else {
            ""
        };
        html.push_str(&format!(
            r#"<option value="{}"{selected}>{}</option>"#,
            sort.as_str(),
            w(sort.label()),
        ));
    }
    html.push_str(&format!(
        r#"</select></div><ul class="item-grid" aria-busy="false">{}</ul>"#,
        tiles(&page.items)
    ));
    if page.items.is_empty() {
        html.push_str(&format!(
            r#"<p class="state state-empty">{}</p>"#,
            w(Msg::ShopNoItems)
        ));
    }
    if page.next_cursor.is_some() {
        html.push_str(&format!(
            r#"<button class="btn btn-secondary btn-block" type="button">{}</button>"#,
            w(Msg::ShopLoadMore)
        ));
    }
    html.push_str("</section>");
    html
}

fn tiles(items: &[ItemCard]) -> String {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| format!("<li>{}</li>", tile(item, i < EAGER)))
        .collect()
}

/// One entry, as `ItemTile` draws it.
fn tile(item: &ItemCard, eager: bool) -> String {
    let class = if item.in_stock {
        "item-tile"
    } else {
        "item-tile item-out"
    };
    let thumb = match &item.thumb_url {
        Some(url) => format!(
            r#"<img src="{}" alt=""{} decoding="async" width="120" height="120">"#,
            escape(url),
            if eager { "" } else { r#" loading="lazy""# },
        ),
        None => format!(
            r#"<span class="thumb-none" aria-hidden="true">{}</span>"#,
            escape(
                &item
                    .name
                    .chars()
                    .next()
                    .map(String::from)
                    .unwrap_or_default()
            )
        ),
    };
    let stock = if item.in_stock {
        format!(
            r#"<span class="muted">{} {}</span>"#,
            w(Msg::InStock),
            item.stock
        )
    } else {
        format!(
            r#"<span class="badge badge-warn">{}</span>"#,
            w(Msg::OutOfStock)
        )
    };
    format!(
        r#"<a href="/shop/items/{id}" class="{class}" data-testid="item-tile"><span class="thumb">{thumb}</span><span class="item-name">{name}</span><span class="item-price"><strong>{price}</strong> {unit}</span><span class="item-stock small">{stock}</span></a>"#,
        id = item.id,
        name = escape(&item.name),
        price = item.price,
        unit = w(Msg::PointsUnit),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: i64, name: &str, stock: i64, thumb: Option<&str>) -> ItemCard {
        ItemCard {
            id,
            name: name.into(),
            category: "日用品".into(),
            tags: vec![],
            price: 30,
            stock,
            in_stock: stock > 0,
            monthly_limit: None,
            thumb_url: thumb.map(String::from),
            sold: 0,
            created_at: 0,
        }
    }

    #[test]
    fn the_preload_is_left_out_between_its_marks() {
        let page = "<head><!--app-preload--><link rel=preload><!--/app-preload--></head>";
        assert_eq!(between(page, PRELOAD, "").as_deref(), Some("<head></head>"));
        assert_eq!(between("<head></head>", PRELOAD, ""), None);
    }

    /// A tile is `ItemTile`'s markup: photo or initial, name, price, stock or "out".
    #[test]
    fn a_tile_is_drawn_as_the_app_draws_it() {
        assert_eq!(
            tile(&card(3, "香皂", 5, Some("/p/a-thumb.jpg")), false),
            r#"<a href="/shop/items/3" class="item-tile" data-testid="item-tile"><span class="thumb"><img src="/p/a-thumb.jpg" alt="" loading="lazy" decoding="async" width="120" height="120"></span><span class="item-name">香皂</span><span class="item-price"><strong>30</strong> 分</span><span class="item-stock small"><span class="muted">库存 5</span></span></a>"#
        );
        let out = tile(&card(4, "<毛巾>", 0, None), true);
        assert!(out.contains(r#"class="item-tile item-out""#));
        assert!(out.contains(r#"<span class="thumb-none" aria-hidden="true">&lt;</span>"#));
        assert!(out.contains(r#"<span class="badge badge-warn">已兑完</span>"#));
        // The first screen's photos load at once.
        let eager = tile(&card(5, "皂", 1, Some("/p/b.jpg")), true);
        assert!(eager.contains(r#"<img src="/p/b.jpg" alt="" decoding="async""#));
    }

    #[test]
    fn the_home_page_previews_nothing_when_the_shop_is_empty() {
        let empty = CataloguePage {
            items: vec![],
            next_cursor: None,
            balance: None,
        };
        assert_eq!(home_preview(&empty), "");
        let one = CataloguePage {
            items: vec![card(1, "皂", 1, None)],
            ..empty
        };
        let html = home_preview(&one);
        assert!(html.starts_with(r#"<section class="home-preview shop-preview">"#));
        assert!(html.contains(r#"<a href="/shop">查看全部 ›</a>"#));
    }

    /// "Load more" shows when there is more; the sort and category marks follow the
    /// address.
    #[test]
    fn the_shop_page_follows_its_address() {
        let address = ShopAddress {
            category: "粮油".into(),
            sort: linli_app::api::shop::ItemSort::Popular,
            ..Default::default()
        };
        let page = CataloguePage {
            items: vec![card(1, "大米", 3, None)],
            next_cursor: Some("c".into()),
            balance: None,
        };
        let cats = [Category {
            name: "粮油".into(),
            items: 1,
        }];
        let html = shop_page(&address, &page, &cats);
        assert!(html.contains(r#"aria-pressed="false">全部</button><button class="cat" type="button" aria-pressed="true">粮油</button>"#));
        assert!(html.contains(r#"<option value="popular" selected>"#));
        assert!(html.contains("加载更多"));
        assert!(!html.contains("state-empty"));
    }
}
