//! One page per file.

pub mod admin_org;
pub mod admin_users;
pub mod form_state;
pub mod home;
pub mod login;
pub mod me;
pub mod not_found;
pub mod person;
pub mod register;
pub mod soon;
