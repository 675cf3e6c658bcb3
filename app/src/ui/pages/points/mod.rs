//! 我的: my points, card, donations, fee offsets, property and profile.

pub mod card;
pub mod donate;
pub mod me;
pub mod mine;
pub mod offset;
pub mod property;
