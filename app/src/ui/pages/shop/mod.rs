//! 商城: the catalogue, an item, the honour roll and my reservations.

pub mod catalogue;
pub mod donors;
pub mod item;
pub mod reservations;
