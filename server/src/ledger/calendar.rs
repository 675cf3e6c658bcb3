//! Calendar arithmetic in China Standard Time (UTC+8, no daylight saving): caps count per
//! local day and month, and "valid to year end" means midnight of 1 January, Beijing time.
//! The arithmetic is the shared crate's one clock, `linli_app::clock`.

pub use linli_app::clock::{day_key, local_date, month_key, next_year_start};
