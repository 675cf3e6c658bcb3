//! API integration tests: each starts the real server on port 0 with a fresh SQLite file.

mod accounts;
mod authz;
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
mod notifications;
mod orders;
mod org;
mod pagination;
mod projects;
mod ratings;
mod reservations;
mod seed;
mod shop;
mod shop_concurrency;
mod system;
