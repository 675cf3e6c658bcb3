//! One page per file, one folder per area. The signed-out pages (home, sign-in,
//! registration) sit at the top; every other area is its own folder.

pub mod admin;
pub mod form_state;
pub mod home;
pub mod kiosk;
pub mod login;
pub mod not_found;
pub mod points;
pub mod projects;
pub mod register;
pub mod services;
pub mod shop;
pub mod soon;
