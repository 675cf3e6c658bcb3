//! The published points standard (积分管理办法): anyone, signed in or not, reads the
//! rules in force and every earlier version with the dates it was in force. The rules
//! are versioned where they are kept (`earning_rules`); an administrator's change
//! publishes a new version (`PUT /admin/points/rules`).

use axum::extract::State;
use linli_app::api::ledger::{PublishedStandard, RulesVersion, StandardVersion};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::{AppJson, AppResult};
use crate::store::ledger as store;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(standard))
}

/// Versions (newest first) with the time each was in force: from its publication until
/// the next one's. Who published it is not shown.
pub fn published(versions: Vec<RulesVersion>) -> PublishedStandard {
    let mut until = None;
    let versions = versions
        .into_iter()
        .map(|v| {
            let out = StandardVersion {
                version: v.version,
                rules: v.rules,
                reason: v.reason,
                in_force_from: v.created_at,
                in_force_until: until,
            };
            until = Some(v.created_at);
            out
        })
        .collect();
    PublishedStandard { versions }
}

/// The points standard in force and its earlier versions (no sign-in).
#[utoipa::path(get, path = "/points/standard", tag = "points",
    responses((status = 200, description = "The version in force, then earlier ones",
        body = PublishedStandard)))]
async fn standard(State(state): State<AppState>) -> AppResult<AppJson<PublishedStandard>> {
    let versions = state.db.read(store::rules_versions).await?;
    Ok(AppJson(published(versions)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_app::api::ledger::{EarningRules, Validity};

    fn version(version: i64, created_at: i64) -> RulesVersion {
        RulesVersion {
            version,
            rules: EarningRules {
                activities: vec![],
                multipliers: vec![],
                daily_cap: None,
                monthly_cap: None,
                validity: Validity::YearEnd,
            },
            reason: format!("v{version}"),
            author_id: Some(1),
            created_at,
        }
    }

    #[test]
    fn each_version_is_in_force_until_the_next_one() {
        let p = published(vec![version(3, 300), version(2, 200), version(1, 100)]);
        let spans: Vec<_> = p
            .versions
            .iter()
            .map(|v| (v.version, v.in_force_from, v.in_force_until))
            .collect();
        assert_eq!(
            spans,
            vec![(3, 300, None), (2, 200, Some(300)), (1, 100, Some(200))]
        );
    }
}
