//! `TestApp`: a real server on a random port over a throwaway database, and a client
//! that keeps cookies like a browser.

use linli_server::{config::Config, Application};

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config::for_tests(dir.path().join("linli.db"));
        let app = Application::build(config).await.expect("app builds");
        let base = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until_stopped());
        TestApp {
            base,
            client: TestApp::new_client(),
            _dir: dir,
        }
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
