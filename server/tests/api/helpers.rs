//! `TestApp`: a real server on a random port over a throwaway database, and a client
//! that keeps cookies like a browser.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use linli_server::clock::Clock;
use linli_server::store::{self, Db};
use linli_server::{auth::password, config::Config, Application};
use serde_json::Value;

/// The password of every person the helpers create.
pub const PASSWORD: &str = "secret-pass-1";

/// A signed-in person: their own browser (cookie jar) and id.
pub struct Person {
    pub client: reqwest::Client,
    pub id: i64,
    pub phone: String,
}

/// The nodes of [`TestApp::two_branches`].
pub struct TwoBranches {
    pub root: i64,
    pub branch_a: i64,
    pub team_a: i64,
    pub branch_b: i64,
    pub team_b: i64,
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    /// The database file, to start a second server on it or reach the store directly.
    pub db_path: PathBuf,
    /// A direct handle on the same database, for setting up what the API cannot.
    pub db: Db,
    next_phone: AtomicU64,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Like `spawn`, with the test configuration adjusted first (e.g. tighter limits).
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::spawn_with_server_db(adjust).await.0
    }

    /// Like `spawn_with`, also returning the server's own database handle: writes through
    /// it run on the server's writer connection (e.g. to change that connection's limits).
    pub async fn spawn_with_server_db(adjust: impl FnOnce(&mut Config)) -> (TestApp, Db) {
        TestApp::spawn_on_clock(Clock::system(), adjust).await
    }

    /// A server whose alarms escalate by `clock` (a manual one the test moves).
    pub async fn spawn_with_clock(clock: Clock, adjust: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::spawn_on_clock(clock, adjust).await.0
    }

    async fn spawn_on_clock(clock: Clock, adjust: impl FnOnce(&mut Config)) -> (TestApp, Db) {
        let dir = tempfile::tempdir().expect("temp dir");
        let db_path = dir.path().join("linli.db");
        let mut config = Config::for_tests(db_path.clone());
        adjust(&mut config);
        let (base, server_db) = start_app(config, clock).await;
        let app = TestApp {
            base,
            client: TestApp::new_client(),
            db: Db::open(&db_path).expect("db opens"),
            db_path,
            next_phone: AtomicU64::new(1),
            _dir: dir,
        };
        (app, server_db)
    }

    /// A fresh client with its own cookie jar (another browser).
    pub fn new_client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl TestApp {
    /// Another server on the same database file with its own clock (as after a restart).
    pub async fn another_server_with_clock(&self, clock: Clock) -> String {
        let config = Config::for_tests(self.db_path.clone());
        start_app(config, clock).await.0
    }
}

/// Starts a server over the database file and returns its base URL.
async fn start_server(db_path: &std::path::Path) -> String {
    start_config(Config::for_tests(db_path.to_path_buf())).await
}

async fn start_config(config: Config) -> String {
    start_app(config, Clock::system()).await.0
}

/// Starts a server; its base URL and its own database handle.
async fn start_app(config: Config, clock: Clock) -> (String, Db) {
    let app = Application::build_with_clock(config, clock)
        .await
        .expect("app builds");
    let base = format!("http://{}", app.local_addr());
    let db = app.db();
    tokio::spawn(app.run_until_stopped());
    (base, db)
}

fn shared_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash_now(PASSWORD).expect("hash"))
}

impl TestApp {
    /// Another server on the same database file (as after a restart); its base URL.
    pub async fn another_server(&self) -> String {
        start_server(&self.db_path).await
    }

    /// A phone number no one in this app has yet.
    pub fn fresh_phone(&self) -> String {
        format!("139{:08}", self.next_phone.fetch_add(1, Ordering::Relaxed))
    }

    pub async fn get(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client.get(self.url(path)).send().await.expect("request")
    }

    pub async fn post(
        &self,
        client: &reqwest::Client,
        path: &str,
        body: &Value,
    ) -> reqwest::Response {
        client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn patch(
        &self,
        client: &reqwest::Client,
        path: &str,
        body: &Value,
    ) -> reqwest::Response {
        client
            .patch(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn delete(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client.delete(self.url(path)).send().await.expect("request")
    }

    pub async fn register(
        &self,
        client: &reqwest::Client,
        name: &str,
        phone: &str,
        password: &str,
    ) -> reqwest::Response {
        let body = serde_json::json!({"name": name, "phone": phone, "password": password});
        self.post(client, "/api/v1/auth/register", &body).await
    }

    pub async fn login(
        &self,
        client: &reqwest::Client,
        phone: &str,
        password: &str,
    ) -> reqwest::Response {
        let body = serde_json::json!({"phone": phone, "password": password});
        self.post(client, "/api/v1/auth/login", &body).await
    }

    /// A new person registered through the API, signed in in their own browser.
    pub async fn resident(&self, name: &str) -> Person {
        let client = TestApp::new_client();
        let phone = self.fresh_phone();
        let resp = self.register(&client, name, &phone, PASSWORD).await;
        assert_eq!(resp.status(), 201, "registration works");
        let body: Value = resp.json().await.expect("profile");
        Person {
            client,
            id: body["id"].as_i64().expect("id"),
            phone,
        }
    }

    /// A person created in the store holding `role` at `node_id`, signed in via the API.
    pub async fn person_with_role(&self, name: &str, role: Role, node_id: i64) -> Person {
        let phone = self.fresh_phone();
        let (n, p) = (name.to_string(), phone.clone());
        let id = self
            .db
            .write(move |tx| {
                let id = store::accounts::insert_user(tx, &n, &p, shared_hash(), 0)?;
                store::accounts::insert_grant(tx, id, role, node_id, None, 0)?;
                Ok(id)
            })
            .await
            .expect("person created");
        let client = TestApp::new_client();
        let resp = self.login(&client, &phone, PASSWORD).await;
        assert_eq!(resp.status(), 200, "login works");
        Person { client, id, phone }
    }

    /// A node made directly in the store (no authorization involved).
    pub async fn make_node(
        &self,
        tree: Tree,
        parent: Option<i64>,
        kind: NodeKind,
        name: &str,
    ) -> i64 {
        let name = name.to_string();
        self.db
            .write(move |tx| {
                let parent = parent
                    .map(|id| store::org::existing_node(tx, id))
                    .transpose()?;
                Ok(store::org::insert(tx, tree, parent.as_ref(), kind, &name, 0)?.id)
            })
            .await
            .expect("node created")
    }

    /// Two branches under the society, 甲分会 and 乙分会, with a team each (甲队, 乙队):
    /// the usual world for "inside and outside someone's node" checks.
    pub async fn two_branches(&self) -> TwoBranches {
        let root = self.org_root().await;
        let mut ids = Vec::new();
        for (branch, team) in [("甲分会", "甲队"), ("乙分会", "乙队")] {
            let b = self
                .make_node(Tree::Org, Some(root), NodeKind::Branch, branch)
                .await;
            let t = self
                .make_node(Tree::Org, Some(b), NodeKind::Team, team)
                .await;
            ids.push((b, t));
        }
        TwoBranches {
            root,
            branch_a: ids[0].0,
            team_a: ids[0].1,
            branch_b: ids[1].0,
            team_b: ids[1].1,
        }
    }

    /// The organisation root (a society), created on first use.
    pub async fn org_root(&self) -> i64 {
        let existing = self
            .db
            .read(|c| {
                Ok(store::org::list(c, Some(Tree::Org))?
                    .into_iter()
                    .find(|n| n.parent_id.is_none())
                    .map(|n| n.id))
            })
            .await
            .expect("read nodes");
        match existing {
            Some(id) => id,
            None => {
                self.make_node(Tree::Org, None, NodeKind::Society, "测试协会")
                    .await
            }
        }
    }

    /// A global administrator (admin at the organisation root), signed in.
    pub async fn login_as_admin(&self) -> Person {
        let root = self.org_root().await;
        self.person_with_role("总管理员", Role::Admin, root).await
    }
}

impl TestApp {
    /// A person's points balance, read through the API.
    pub async fn balance(&self, p: &Person) -> i64 {
        json(self.get(&p.client, "/api/v1/me/points").await).await["balance"]
            .as_i64()
            .expect("a balance")
    }

    /// A reviewer of the organisation node named `team`, found by an admin, signed in.
    pub async fn reviewer_of(&self, admin: &Person, team: &str) -> Person {
        let nodes = json(self.get(&admin.client, "/api/v1/nodes?tree=org").await).await;
        let id = nodes
            .as_array()
            .expect("nodes")
            .iter()
            .find(|n| n["name"] == team)
            .expect("the team")["id"]
            .as_i64()
            .expect("an id");
        self.person_with_role("审核员", Role::Reviewer, id).await
    }
}

/// The JSON body of a response.
pub async fn json(resp: reqwest::Response) -> Value {
    resp.json().await.expect("json body")
}

/// Asserts a status and the JSON error code, returning the body.
pub async fn assert_error(resp: reqwest::Response, status: u16, code: &str) -> Value {
    let got = resp.status().as_u16();
    let body: Value = resp.json().await.expect("json error body");
    assert_eq!(got, status, "status for {body}");
    assert_eq!(body["error"]["code"], code, "code in {body}");
    assert!(body["error"]["message"].is_string());
    body
}
