//! Demo data: the 梅林都汇社区 community from PRODUCT.md, seeded into an empty database.
//! Other business areas add their own demo rows (projects, goods, balances) beside these.

use linli_app::api::bank::{CreateFamily, FamilyCategory};
use linli_app::api::{NodeKind, Tree};
use linli_app::roles::Role;
use std::path::Path;

use rusqlite::Connection;

use crate::auth::password;
use crate::error::AppResult;
use crate::shop::photos::Processed;
use crate::store::org::NodeRow;
use crate::store::{self, now, Db};
use crate::{bank, cards};

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "linli2026";

/// A demo account, printed at startup so people can try each role.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoAccount {
    pub role: Role,
    pub name: &'static str,
    pub phone: &'static str,
    /// The node the role is granted at (residents: their team; grid workers, patrol
    /// volunteers and dispatchers: a grid or the community).
    pub at: &'static str,
}

/// A seeded tree's nodes, by name.
struct Org {
    nodes: Vec<NodeRow>,
}

impl Org {
    fn id(&self, name: &str) -> i64 {
        self.nodes
            .iter()
            .find(|n| n.name == name)
            .map(|n| n.id)
            .expect("demo node exists")
    }
}

const SOCIETY: &str = "汉阳区志愿者协会";
const SIXIN: &str = "四新街道志愿服务分会";
const MEILIN: &str = "梅林都汇社区志愿服务分会";
const SKILLS: &str = "专业志愿服务分会";
const PATROL: &str = "红喇叭治安巡逻队";
const DOVES: &str = "白鸽志愿服务队";
const FARMING: &str = "农技专家服务队";
const LAW: &str = "法律援助服务队";

/// (name, kind, parent name) in creation order.
const ORG_TREE: &[(&str, NodeKind, Option<&str>)] = &[
    (SOCIETY, NodeKind::Society, None),
    (SIXIN, NodeKind::Branch, Some(SOCIETY)),
    (MEILIN, NodeKind::Branch, Some(SIXIN)),
    (SKILLS, NodeKind::Branch, Some(SOCIETY)),
    (PATROL, NodeKind::Team, Some(MEILIN)),
    (DOVES, NodeKind::Team, Some(MEILIN)),
    (FARMING, NodeKind::Team, Some(SKILLS)),
    (LAW, NodeKind::Team, Some(SKILLS)),
];

const TERRITORY: &[(&str, NodeKind, Option<&str>)] = &[
    ("汉阳区", NodeKind::District, None),
    ("四新街道", NodeKind::Street, Some("汉阳区")),
    ("梅林都汇社区", NodeKind::Community, Some("四新街道")),
    ("网格一", NodeKind::Grid, Some("梅林都汇社区")),
    ("网格二", NodeKind::Grid, Some("梅林都汇社区")),
    ("网格三", NodeKind::Grid, Some("梅林都汇社区")),
    ("网格四", NodeKind::Grid, Some("梅林都汇社区")),
];

/// One account per role, then resident volunteers in the four teams.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    account(Role::Admin, "张建国", "13800000001", SOCIETY),
    account(Role::TeamLeader, "李红梅", "13800000002", PATROL),
    account(Role::Reviewer, "王志强", "13800000003", MEILIN),
    account(Role::Kiosk, "梅林公益超市", "13800000004", MEILIN),
    account(Role::Property, "梅林都汇物业", "13800000005", MEILIN),
    account(Role::Resident, "刘芳", "13800000006", PATROL),
    account(Role::Resident, "陈伟", "13800000007", PATROL),
    account(Role::Resident, "杨秀英", "13800000008", DOVES),
    account(Role::Resident, "赵磊", "13800000009", DOVES),
    account(Role::Resident, "黄丽", "13800000010", DOVES),
    account(Role::Resident, "周杰", "13800000011", FARMING),
    account(Role::Resident, "吴静", "13800000012", LAW),
    account(Role::Resident, "孙浩", "13800000013", LAW),
    account(Role::GridWorker, "何晓燕", "13800000014", "网格一"),
    account(Role::Patrol, "郭强", "13800000015", "网格一"),
    account(
        Role::Dispatcher,
        "梅林调度台",
        "13800000016",
        "梅林都汇社区",
    ),
];

const fn account(
    role: Role,
    name: &'static str,
    phone: &'static str,
    at: &'static str,
) -> DemoAccount {
    DemoAccount {
        role,
        name,
        phone,
        at,
    }
}

/// Seeds the demo community when there are no users yet. Returns the demo accounts it
/// created (empty when the database already had people).
pub async fn demo_if_empty(db: &Db, uploads: &Path) -> AppResult<Vec<DemoAccount>> {
    let users: i64 = db
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?))
        .await?;
    if users > 0 {
        return Ok(Vec::new());
    }
    // One hash shared by every demo account keeps seeding fast.
    let hash = tokio::task::spawn_blocking(|| password::hash_now(DEMO_PASSWORD))
        .await
        .map_err(|e| crate::error::AppError::Internal(format!("seed hash: {e}")))??;
    // The goods' pictures are drawn and stored before the transaction that names them.
    let uploads = uploads.to_path_buf();
    let photos = tokio::task::spawn_blocking(move || {
        let photos = crate::shop::demo_photos::processed(crate::shop::demo::GOODS_COUNT)?;
        for p in &photos {
            crate::shop::photos::store_files(&uploads, p)?;
        }
        Ok::<_, crate::error::AppError>(photos)
    })
    .await
    .map_err(|e| crate::error::AppError::Internal(format!("seed photos: {e}")))??;
    db.write(move |tx| seed(tx, &hash, &photos)).await?;
    Ok(DEMO_ACCOUNTS.to_vec())
}

fn build_tree(
    conn: &Connection,
    which: Tree,
    spec: &[(&str, NodeKind, Option<&str>)],
) -> AppResult<Vec<NodeRow>> {
    let mut made: Vec<NodeRow> = Vec::new();
    for (name, kind, parent) in spec {
        let parent = parent.and_then(|p| made.iter().find(|n| n.name == p).cloned());
        made.push(store::org::insert(
            conn,
            which,
            parent.as_ref(),
            *kind,
            name,
            now(),
        )?);
    }
    Ok(made)
}

fn seed(conn: &Connection, hash: &str, photos: &[Processed]) -> AppResult<()> {
    let org = Org {
        nodes: build_tree(conn, Tree::Org, ORG_TREE)?,
    };
    let territory = Org {
        nodes: build_tree(conn, Tree::Territory, TERRITORY)?,
    };
    let mut volunteers = Vec::new();
    for a in DEMO_ACCOUNTS {
        let id = store::accounts::insert_user(conn, a.name, a.phone, hash, now())?;
        if matches!(a.role, Role::Resident | Role::TeamLeader) {
            volunteers.push(id);
        }
        let node = if a.role.territorial() {
            territory.id(a.at)
        } else {
            org.id(a.at)
        };
        match a.role {
            Role::Resident => {
                store::org::add_member(conn, id, node, now())?;
            }
            Role::TeamLeader => {
                store::accounts::insert_grant(conn, id, a.role, node, None, now())?;
                store::org::add_member(conn, id, node, now())?;
            }
            _ => {
                store::accounts::insert_grant(conn, id, a.role, node, None, now())?;
                if a.role == Role::Patrol {
                    // Patrol volunteers are 红喇叭's: its leader is on their alarm ladder.
                    store::org::add_member(conn, id, org.id(PATROL), now())?;
                }
            }
        }
    }
    cards::issue_missing(conn, now())?;
    public_welfare(conn, &org)?;
    let admin = demo_admin(conn)?;
    crate::ledger::demo::seed_points(conn, admin, &volunteers, now())?;
    crate::shop::demo::seed(conn, admin, &volunteers, photos, now())?;
    crate::projects::demo::seed(conn, now())?;
    crate::orders::demo::seed(conn, now())?;
    crate::alarms::demo::seed(conn, now())?;
    crate::trainings::demo::seed(conn, now())?;
    Ok(())
}

/// Families in difficulty (公益银行), named as the demo shows them masked (王**…).
const FAMILIES: &[(&str, FamilyCategory, &str)] = &[
    ("王桂兰", FamilyCategory::ElderlyAlone, "独居，子女在外地"),
    ("陈建国", FamilyCategory::Hardship, "低保户，家中有病人"),
    ("刘小军", FamilyCategory::Disability, "肢体残疾，需轮椅"),
];

/// Points offset one yuan of property fee at the demo property company.
const DEMO_POINTS_PER_YUAN: i64 = 10;

/// The public-welfare bank: families with their points accounts, and the community's
/// property company (where the demo property account holds its role) with its rate.
fn public_welfare(conn: &Connection, org: &Org) -> AppResult<()> {
    let admin = demo_admin(conn)?;
    for (name, category, note) in FAMILIES {
        let req = CreateFamily {
            full_name: name.to_string(),
            category: *category,
            contact: String::new(),
            note: note.to_string(),
            user_id: None,
        };
        bank::register_family(conn, admin, &req, now())?;
    }
    let property = DEMO_ACCOUNTS
        .iter()
        .find(|a| a.role == Role::Property)
        .expect("a demo property company");
    store::bank::insert_company(
        conn,
        property.name,
        org.id(property.at),
        DEMO_POINTS_PER_YUAN,
        admin,
        now(),
    )?;
    Ok(())
}

/// The demo administrator's id (the first demo account).
fn demo_admin(conn: &Connection) -> AppResult<i64> {
    store::accounts::credentials(conn, DEMO_ACCOUNTS[0].phone)?
        .map(|(id, _)| id)
        .ok_or_else(|| crate::error::AppError::Internal("demo admin missing".into()))
}

/// Pads text to `width` terminal columns; Chinese characters take two.
fn pad(text: &str, width: usize) -> String {
    let used: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// The table printed at startup: role, phone, name, where, and the shared password.
pub fn accounts_table(accounts: &[DemoAccount]) -> String {
    let mut out = format!("Demo accounts (password for all: {DEMO_PASSWORD})\n");
    let row = |role: &str, phone: &str, name: &str, at: &str| {
        format!(
            "  {} {} {} {at}\n",
            pad(role, 12),
            pad(phone, 11),
            pad(name, 14)
        )
    };
    out.push_str(&row("role", "phone", "name", "at"));
    for a in accounts {
        out.push_str(&row(a.role.as_str(), a.phone, a.name, a.at));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every role but resident has exactly one demo account; phones are unique and valid.
    #[test]
    fn demo_accounts_cover_every_role_once_with_valid_phones() {
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Resident) {
            assert_eq!(DEMO_ACCOUNTS.iter().filter(|a| a.role == role).count(), 1);
        }
        let mut phones: Vec<_> = DEMO_ACCOUNTS.iter().map(|a| a.phone).collect();
        phones.sort();
        phones.dedup();
        assert_eq!(phones.len(), DEMO_ACCOUNTS.len());
        assert!(DEMO_ACCOUNTS
            .iter()
            .all(|a| linli_app::validate::phone(a.phone).is_ok()));
    }

    /// Each demo tree is a valid placement, parent before child.
    #[test]
    fn demo_trees_respect_the_placement_rules() {
        for (tree, spec) in [(Tree::Org, ORG_TREE), (Tree::Territory, TERRITORY)] {
            for (_, kind, parent) in spec {
                let parent_kind = parent.map(|p| spec.iter().find(|(n, _, _)| *n == p).unwrap().1);
                assert!(linli_app::validate::node_placement(tree, parent_kind, *kind).is_ok());
            }
        }
    }

    /// Chinese names are padded by display width so the columns line up.
    #[test]
    fn padding_counts_chinese_characters_as_two_columns() {
        assert_eq!(pad("李红梅", 8), "李红梅  ");
        assert_eq!(pad("admin", 8), "admin   ");
        assert_eq!(pad("很长很长很长", 4), "很长很长很长");
    }

    /// The printed table names the shared password and every phone.
    #[test]
    fn the_accounts_table_lists_password_and_phones() {
        let table = accounts_table(DEMO_ACCOUNTS);
        assert!(table.contains(DEMO_PASSWORD));
        assert!(DEMO_ACCOUNTS.iter().all(|a| table.contains(a.phone)));
    }
}
