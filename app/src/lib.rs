//! Linli's shared crate: the API types both sides speak, input validation and the pure
//! rules both sides need, the message table, and (behind `csr`) the browser UI.

pub mod api;
pub mod bank;
pub mod cards;
pub mod clock;
pub mod dashboard;
pub mod forms;
pub mod i18n;
pub mod lang;
pub mod ledger;
pub mod nav;
pub mod orders;
pub mod pickup;
pub mod projects;
pub mod qr;
/// Camera-frame QR decoding for the browser; compiled on the host for its tests.
#[cfg(any(feature = "csr", test))]
pub mod qr_scan;
pub mod roles;
pub mod shop;
pub mod stats;
pub mod trainings;
pub mod tree;
pub mod validate;
pub mod when;
#[cfg(test)]
mod wording;

#[cfg(feature = "csr")]
pub mod ui;
