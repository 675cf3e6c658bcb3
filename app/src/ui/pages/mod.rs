//! One page per file, one folder per area. The signed-out home page sits at the top;
//! every other area (signing in and registering too) is its own folder.

pub mod account;
pub mod admin;
pub mod alarms;
pub mod form_state;
pub mod home;
pub mod kiosk;
pub mod not_found;
pub mod points;
pub mod projects;
pub mod services;
pub mod shop;
pub mod stats;
pub mod trainings;
