//! One page per file.

pub mod admin_audit;
pub mod admin_cards;
pub mod admin_families;
pub mod admin_org;
pub mod admin_points;
pub mod admin_rules;
pub mod admin_transfer;
pub mod admin_users;
pub mod bank_donate;
pub mod bank_offset;
pub mod card;
pub mod form_state;
pub mod home;
pub mod login;
pub mod me;
pub mod not_found;
pub mod person;
pub mod points;
pub mod property;
pub mod register;
pub mod soon;
