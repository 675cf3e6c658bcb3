//! Pieces shared by the pages.

pub mod field;
pub mod guard;
pub mod icons;
pub mod shell;
pub mod status;
