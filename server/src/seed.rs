//! Demo data: the 梅林都汇社区 community from PRODUCT.md, seeded into an empty database.

use crate::error::AppResult;
use crate::store::Db;

/// Seeds the demo community when there are no users yet.
pub async fn demo_if_empty(db: &Db) -> AppResult<()> {
    let users: i64 = db
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?))
        .await?;
    if users > 0 {
        return Ok(());
    }
    Ok(())
}
