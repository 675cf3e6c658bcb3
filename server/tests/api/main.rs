//! API integration tests: each starts the real server on port 0 with a fresh SQLite file.

mod accounts;
mod authz;
mod backup;
mod bank;
mod cards;
mod dashboard;
mod helpers;
mod junk;
mod ledger;
mod ledger_authz;
mod ledger_concurrency;
mod ledger_crash;
mod ledger_props;
mod metrics;
mod org;
mod pagination;
mod projects;
mod reservations;
mod security;
mod seed;
mod shop;
mod shop_concurrency;
mod storage;
mod system;
mod undo;
