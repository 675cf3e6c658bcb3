//! Pieces shared by the pages.

pub mod bell;
pub mod field;
pub mod guard;
pub mod history;
pub mod icons;
pub mod qr;
pub mod scanner;
pub mod shell;
pub mod status;
