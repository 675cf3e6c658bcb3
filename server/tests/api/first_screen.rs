//! The first screen of `/` and `/shop`, written into the page by the server for a visit
//! without a session: the goods the catalogue's API would give the app, drawn and carried
//! beside as data; a visit with a session, and every other page, get index.html as built.

use std::io::Read;

use linli_app::api::shop::{CataloguePage, FirstScreen};
use linli_app::shop::{catalogue_key, home_preview_query, ShopAddress};
use serde_json::json;

use crate::helpers::{json, TestApp};
use crate::shop::item;

/// A built index.html in miniature, with the marks the server fills in.
const INDEX: &str = "<!doctype html><html><head><title>邻里</title>\
    <!--app-preload--><link rel=\"preload\" href=\"/pkg/a.wasm\"><!--/app-preload--></head><body>\
    <div id=\"app\"><main id=\"main\"><!--first-screen--><section class=\"page home\">\
    <h1>欢迎</h1><!--shop-preview--></section><!--/first-screen--></main></div></body></html>";

async fn app_with_site() -> (TestApp, tempfile::TempDir) {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), INDEX).unwrap();
    let dir = site.path().to_path_buf();
    let app = TestApp::spawn_with(|c| c.site = dir).await;
    (app, site)
}

/// The page as a browser without a session gets it, decoded from brotli.
async fn page(app: &TestApp, path: &str) -> String {
    let resp = reqwest::Client::new()
        .get(app.url(path))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{path}");
    let h = resp.headers();
    assert_eq!(h["content-type"], "text/html; charset=utf-8");
    assert_eq!(h["content-encoding"], "br", "{path}");
    assert_eq!(h["cache-control"], "no-cache");
    assert!(h["vary"].to_str().unwrap().contains("cookie"));
    assert!(h.contains_key("content-security-policy"));
    let mut html = String::new();
    brotli::Decompressor::new(&resp.bytes().await.unwrap()[..], 4096)
        .read_to_string(&mut html)
        .unwrap();
    html
}

/// The data the page carries beside its goods.
fn carried(html: &str) -> FirstScreen {
    let open = format!(
        r#"<script type="application/json" id="{}">"#,
        FirstScreen::ELEMENT_ID
    );
    let start = html.find(&open).expect("the data") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    let data = &html[start..end];
    assert!(!data.contains('<'), "no markup inside the data");
    serde_json::from_str(data).unwrap()
}

async fn api_page(app: &TestApp, query: &str) -> CataloguePage {
    serde_json::from_value(
        json(
            app.get(&app.client, &format!("/api/v1/shop/items?{query}"))
                .await,
        )
        .await,
    )
    .unwrap()
}

#[tokio::test]
async fn signed_out_the_home_page_and_the_shop_arrive_with_their_goods() {
    let (app, _site) = app_with_site().await;
    // Nothing in the shop yet: the home page has no preview, the shop says so.
    let home = page(&app, "/").await;
    assert!(home.contains("<h1>欢迎</h1>") && !home.contains("shop-preview\""));
    assert!(
        !home.contains("a.wasm"),
        "the app's module is not preloaded"
    );
    assert!(carried(&home).page.items.is_empty());
    let shop = page(&app, "/shop").await;
    assert!(shop.contains("没有符合条件的商品。"));
    assert!(
        !shop.contains("<h1>欢迎</h1>"),
        "the shop takes the home page's place"
    );

    let admin = app.login_as_admin().await;
    // A name with markup in it stays text.
    let odd = json!({"name": "<b>皂</b> & \"洗\" <!--<script>", "category": "日用品", "price": 30});
    item(&app, &admin, odd, 5).await;
    for (name, category, price) in [("书包", "学习用品", 260), ("大米", "粮油", 200)] {
        item(
            &app,
            &admin,
            json!({"name": name, "category": category, "price": price}),
            3,
        )
        .await;
    }
    item(
        &app,
        &admin,
        json!({"name": "毛巾", "category": "日用品", "price": 40}),
        0,
    )
    .await;

    // The home page: its preview of the newest, as the API gives them to the app.
    let home = page(&app, "/").await;
    let first = carried(&home);
    assert_eq!(first.request, catalogue_key(&home_preview_query()));
    let api = api_page(&app, "limit=4").await;
    assert_eq!(first.page, api);
    assert_eq!(first.categories, None);
    assert!(home.contains(r#"<section class="home-preview shop-preview">"#));
    assert_eq!(home.matches(r#"data-testid="item-tile""#).count(), 4);
    assert!(home.contains("&lt;b&gt;皂&lt;/b&gt; &amp; &quot;洗&quot; &lt;!--&lt;script&gt;"));
    assert!(
        home.ends_with("</script></body></html>"),
        "the page stays whole"
    );
    assert!(!home.contains("<b>皂</b>"));
    // Out of stock reads so.
    assert!(home.contains(r#"class="item-tile item-out""#) && home.contains("已兑完"));

    // The shop, filtered by its address: search text and category, sorted.
    let shop = page(
        &app,
        "/shop?category=%E6%97%A5%E7%94%A8%E5%93%81&sort=price_asc&q=%E5%B7%BE",
    )
    .await;
    let first = carried(&shop);
    let address = ShopAddress {
        search: "巾".into(),
        category: "日用品".into(),
        sort: linli_app::api::shop::ItemSort::PriceAsc,
        affordable: false,
    };
    assert_eq!(first.request, catalogue_key(&address.first_page(false)));
    let names: Vec<&str> = first.page.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["毛巾"]);
    assert!(
        shop.contains(r#"value="巾""#),
        "the search box shows the search"
    );
    assert!(shop.contains(r#"<option value="price_asc" selected>"#));
    assert!(
        shop.contains(r#"<button class="cat" type="button" aria-pressed="true">日用品</button>"#)
    );
    assert!(shop.contains(r#"<form class="search-bar" role="search" action="/shop">"#));
    let categories = first.categories.expect("the categories");
    let api: Vec<linli_app::api::shop::Category> =
        serde_json::from_value(json(app.get(&app.client, "/api/v1/shop/categories").await).await)
            .unwrap();
    assert_eq!(categories, api);
    // A form's `+` is a space; "affordable" means nothing signed out.
    let shop = page(&app, "/shop?q=%E4%B9%A6+&affordable=1").await;
    let first = carried(&shop);
    assert_eq!(
        first.request, "q=书&limit=20",
        "trimmed, and no \"affordable\""
    );
}

#[tokio::test]
async fn with_a_session_or_elsewhere_the_page_is_served_as_built() {
    let (app, _site) = app_with_site().await;
    let admin = app.login_as_admin().await;
    item(
        &app,
        &admin,
        json!({"name": "香皂", "category": "日用品", "price": 30}),
        5,
    )
    .await;
    for path in ["/", "/shop"] {
        let html = app.get(&admin.client, path).await.text().await.unwrap();
        assert_eq!(html, INDEX, "{path} signed in");
    }
    for path in ["/me", "/shop/items/1", "/index.html"] {
        let html = app.get(&app.client, path).await.text().await.unwrap();
        assert_eq!(html, INDEX, "{path}");
    }
    // Without brotli, gzip; without either, as it is.
    let resp = reqwest::Client::new()
        .get(app.url("/shop"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-encoding"], "gzip");
    let resp = reqwest::Client::new()
        .get(app.url("/shop"))
        .send()
        .await
        .unwrap();
    assert!(!resp.headers().contains_key("content-encoding"));
    assert!(resp.text().await.unwrap().contains("香皂"));
}
