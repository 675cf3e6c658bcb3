//! Demo service orders: the catalogue from the reports (免费义诊, 法律援助, 农技指导,
//! 红色帮办代办, 上门办理残疾证), orders in every state placed over the last weeks (one
//! on behalf of an elderly resident), and ratings with the teams' replies, so team
//! ratings, scores and the assessment table have something to show.

use linli_app::api::orders::{
    ApproveOrder, OrderState, PlaceOrder, RateRequest, RatingSubject, RejectOrder, RejectReason,
};
use linli_app::api::orders::{CompleteOrder, CreateService};
use linli_app::api::projects::ProjectCategory;
use linli_app::i18n::Lang;
use rusqlite::Connection;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::projects::demo::{node, user_id};
use crate::ratings;
use crate::store::accounts;

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;
const ADMIN: &str = "13800000001";
const REVIEWER: &str = "13800000003";

/// (team, category, title, what to prepare, area served, description).
const SERVICES: &[(&str, ProjectCategory, &str, &str, &str, &str)] = &[
    (
        "白鸽志愿服务队",
        ProjectCategory::Health,
        "免费义诊",
        "既往病历、医保卡、正在服用的药",
        "梅林都汇社区",
        "社区医生上门量血压、测血糖，解答用药问题",
    ),
    (
        "白鸽志愿服务队",
        ProjectCategory::Other,
        "上门办理残疾证",
        "身份证、户口本、近期免冠照片、医院诊断证明",
        "梅林都汇社区",
        "为行动不便的居民上门采集材料、代为递交",
    ),
    (
        "红喇叭治安巡逻队",
        ProjectCategory::Other,
        "红色帮办代办",
        "需要代办事项的材料和说明",
        "梅林都汇社区",
        "党员志愿者帮老人代缴费用、代办证明、代购药品",
    ),
    (
        "农技专家服务队",
        ProjectCategory::RuralRevival,
        "农技指导",
        "作物照片、病虫害样本",
        "四新街道",
        "专家到田间地头指导种植和病虫害防治",
    ),
    (
        "法律援助服务队",
        ProjectCategory::LegalAid,
        "法律援助",
        "相关合同、票据和证据材料",
        "汉阳区",
        "律师志愿者解答婚姻家庭、劳动纠纷、邻里纠纷等法律问题",
    ),
];

fn person(conn: &Connection, phone: &str) -> AppResult<CurrentUser> {
    let id = user_id(conn, phone)?;
    let (name, lang) = accounts::identity(conn, id)?.unwrap_or((String::new(), Lang::Zh));
    Ok(CurrentUser {
        id,
        name,
        lang,
        grants: accounts::grants(conn, id)?,
        session_hash: Vec::new(),
    })
}

/// One demo order: who orders which service where, how far it got, and its rating.
struct Demo {
    phone: &'static str,
    service: usize,
    grid: &'static str,
    need: &'static str,
    state: OrderState,
    /// Stars, comment and the team's reply, for done orders.
    rating: Option<(i64, &'static str, Option<&'static str>)>,
    /// Placed by the team leader for someone without a phone.
    for_name: Option<&'static str>,
}

const DEMOS: &[Demo] = &[
    Demo {
        phone: "13800000006",
        service: 0,
        grid: "网格一",
        need: "母亲高血压，想请医生上门看看",
        state: OrderState::Done,
        rating: Some((
            5,
            "医生很耐心，讲得很清楚，谢谢白鸽队！",
            Some("感谢认可，我们下月还会来回访。"),
        )),
        for_name: None,
    },
    Demo {
        phone: "13800000007",
        service: 2,
        grid: "网格二",
        need: "帮忙代缴水电费和燃气费",
        state: OrderState::Done,
        rating: Some((
            4,
            "办得很快，就是约的时间晚了一点",
            Some("抱歉久等，下次我们提前联系您。"),
        )),
        for_name: None,
    },
    Demo {
        phone: "13800000012",
        service: 4,
        grid: "网格三",
        need: "工资被拖欠三个月，想咨询怎么维权",
        state: OrderState::Done,
        rating: Some((5, "律师很专业，帮我写好了仲裁申请", None)),
        for_name: None,
    },
    Demo {
        phone: "13800000002",
        service: 2,
        grid: "网格一",
        need: "王奶奶独居，需要代购降压药",
        state: OrderState::Done,
        rating: None,
        for_name: Some("王桂兰"),
    },
    Demo {
        phone: "13800000011",
        service: 1,
        grid: "网格四",
        need: "父亲腿脚不便，想上门办理残疾证",
        state: OrderState::InProgress,
        rating: None,
        for_name: None,
    },
    Demo {
        phone: "13800000006",
        service: 2,
        grid: "网格一",
        need: "帮忙去社区开居住证明",
        state: OrderState::Accepted,
        rating: None,
        for_name: None,
    },
    Demo {
        phone: "13800000010",
        service: 0,
        grid: "网格三",
        need: "想测一下血糖，行动不方便",
        state: OrderState::Assigned,
        rating: None,
        for_name: None,
    },
    Demo {
        phone: "13800000009",
        service: 2,
        grid: "网格二",
        need: "帮忙预约医院挂号",
        state: OrderState::Pooled,
        rating: None,
        for_name: None,
    },
    Demo {
        phone: "13800000008",
        service: 0,
        grid: "网格二",
        need: "家里老人最近头晕，想请医生看看",
        state: OrderState::Submitted,
        rating: None,
        for_name: None,
    },
    Demo {
        phone: "13800000007",
        service: 0,
        grid: "网格二",
        need: "母亲高血压，想请医生上门看看",
        state: OrderState::Rejected,
        rating: None,
        for_name: None,
    },
    Demo {
        phone: "13800000013",
        service: 3,
        grid: "网格四",
        need: "阳台种的番茄叶子发黄",
        state: OrderState::Cancelled,
        rating: None,
        for_name: None,
    },
];

/// Seeds the catalogue and the orders (after the accounts, trees and projects exist).
pub fn seed(conn: &Connection, now: i64) -> AppResult<()> {
    let admin = person(conn, ADMIN)?;
    let reviewer = person(conn, REVIEWER)?;
    let mut services = Vec::new();
    for (team, category, title, prepare, area, description) in SERVICES {
        let req = CreateService {
            team_id: node(conn, team)?.id,
            category: *category,
            title: title.to_string(),
            description: description.to_string(),
            prepare: prepare.to_string(),
            serves_id: node(conn, area)?.id,
        };
        services.push(super::create_service(conn, &admin, &req, now - 30 * DAY)?);
    }
    for (i, d) in DEMOS.iter().enumerate() {
        let at = now - (20 - i as i64) * DAY;
        let placer = person(conn, d.phone)?;
        let service = &services[d.service];
        let req = PlaceOrder {
            service_id: service.id,
            need: d.need.to_string(),
            territory_id: node(conn, d.grid)?.id,
            address: format!("梅林都汇社区{}栋{}室", 3 + i, 201 + i),
            preferred_time: "周末上午".into(),
            phone: d.phone.to_string(),
            for_user_id: None,
            for_name: d.for_name.map(str::to_string),
        };
        let id = super::place(conn, &placer, &req, at)?.id;
        walk(conn, d, id, service.team_id, &admin, &reviewer, &placer, at)?;
        if let Some((stars, comment, reply)) = d.rating {
            let req = RateRequest {
                stars,
                comment: comment.to_string(),
            };
            let r = ratings::rate(conn, &placer, RatingSubject::Order, id, &req, at + 2 * DAY)?;
            if let Some(text) = reply {
                ratings::reply(conn, &admin, r.id, text, at + 3 * DAY)?;
            }
        }
    }
    Ok(())
}

/// Moves a demo order to its state the way people would, hours apart.
#[allow(clippy::too_many_arguments)]
fn walk(
    conn: &Connection,
    d: &Demo,
    id: i64,
    team: i64,
    admin: &CurrentUser,
    reviewer: &CurrentUser,
    placer: &CurrentUser,
    at: i64,
) -> AppResult<()> {
    use OrderState as S;
    // The reviewer over 梅林 reviews its teams' orders; the admin the others'.
    let review = if reviewer.has(linli_app::roles::Role::Reviewer, &node_path(conn, team)?) {
        reviewer
    } else {
        admin
    };
    match d.state {
        S::Submitted => return Ok(()),
        S::Cancelled => {
            super::cancel(conn, placer, id, at + HOUR)?;
            return Ok(());
        }
        S::Rejected => {
            let req = RejectOrder {
                reason: RejectReason::Duplicate,
                text: "与上周的工单重复，已在处理".into(),
            };
            super::reject(conn, review, id, &req, at + 3 * HOUR)?;
            return Ok(());
        }
        S::Pooled => {
            super::approve(conn, review, id, &ApproveOrder::default(), at + 2 * HOUR)?;
            return Ok(());
        }
        _ => {}
    }
    let assign = ApproveOrder {
        team_id: Some(team),
    };
    super::approve(conn, review, id, &assign, at + 2 * HOUR)?;
    if d.state == S::Assigned {
        return Ok(());
    }
    super::take(conn, admin, id, Some(team), at + 5 * HOUR)?;
    if d.state == S::Accepted {
        return Ok(());
    }
    super::start(conn, admin, id, at + DAY)?;
    if d.state == S::Done {
        let done = CompleteOrder {
            report: "已上门服务，居民满意".into(),
            hours: Vec::new(),
        };
        super::complete(conn, admin, id, &done, at + DAY + 2 * HOUR)?;
    }
    Ok(())
}

fn node_path(conn: &Connection, id: i64) -> AppResult<String> {
    Ok(crate::store::org::existing_node(conn, id)?.path)
}
