//! 无人超市: the self-checkout and the pickup of reservations.

pub mod checkout;
pub mod pickup;
