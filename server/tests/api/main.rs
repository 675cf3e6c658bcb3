//! API integration tests: each starts the real server on port 0 with a fresh SQLite file.

mod helpers;
mod system;
