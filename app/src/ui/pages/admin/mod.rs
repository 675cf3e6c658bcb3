//! 管理: the back office.

pub mod audit;
pub mod cards;
pub mod dashboard;
pub mod families;
pub mod org;
pub mod person;
pub mod points;
pub mod rules;
pub mod shop;
pub mod shop_labels;
pub mod shop_orders;
pub mod stock;
pub mod stock_count;
pub mod transfer;
pub mod users;
