//! The earning rules (积分管理办法) for administrators: edit the activities and their
//! hourly points, the multipliers, the caps and how long points stay valid; saving
//! publishes a new version (with a reason), and every earlier version stays listed.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::ledger::{
    ActivityRate, EarningRules, Multiplier, RulesVersion, UpdateRules, Validity,
};
use crate::i18n::{problem_text, AdminMsg, Msg};
use crate::ui::api;
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::state::use_session;
use crate::validate;
use crate::when::date_words;

#[component]
pub fn AdminRulesPage() -> impl IntoView {
    view! { <AdminOnly><Rules /></AdminOnly> }
}

#[component]
fn Rules() -> impl IntoView {
    let s = use_session();
    let current = LocalResource::new(api::rules);
    let versions = LocalResource::new(api::rules_versions);
    // The editor keeps what was just published; only the versions list reloads, so the
    // outcome line stays in view.
    let published = Callback::new(move |_: ()| versions.refetch());
    view! {
        <section class="page admin-rules">
            <h1>{move || s.t(Msg::RulesTitle)}</h1>
            <Transition fallback=Loading>
                {move || current.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| current.refetch()) /> }.into_any(),
                    Ok(v) => view! { <Editor v=v published=published /> }.into_any(),
                })}
            </Transition>
            <section class="card">
                <h2>{move || s.t(Msg::Versions)}</h2>
                <Transition fallback=Loading>
                    {move || versions.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(list) => view! {
                            <ul class="row-list versions">
                                {list.into_iter().map(|v| view! {
                                    <li class="row">
                                        <div class="row-main">
                                            <strong>{move || s.t(Msg::VersionLabel)}" "{v.version}</strong>
                                            <span class="muted small">{when_words(v.created_at)}</span>
                                            <span>{v.reason.clone()}</span>
                                            <span class="muted small">{summary(&v.rules)}</span>
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </section>
    }
}

/// A one-line digest of a version: activities with their rates.
fn summary(r: &EarningRules) -> String {
    r.activities
        .iter()
        .map(|a| format!("{} {}", a.name, a.points_per_hour))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One editable line: a code, a name and a number.
#[derive(Clone)]
struct Line {
    key: usize,
    code: RwSignal<String>,
    name: RwSignal<String>,
    number: RwSignal<String>,
}

impl Line {
    fn new(key: usize, code: &str, name: &str, number: i64) -> Self {
        Line {
            key,
            code: RwSignal::new(code.to_string()),
            name: RwSignal::new(name.to_string()),
            number: RwSignal::new(number.to_string()),
        }
    }
}

fn number(raw: &str) -> i64 {
    raw.trim().parse().unwrap_or(-1)
}

fn optional(raw: &str) -> Option<i64> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.parse().unwrap_or(-1))
}

#[component]
fn Editor(v: RulesVersion, published: Callback<()>) -> impl IntoView {
    let s = use_session();
    let next_key = StoredValue::new(1000usize);
    let acts = RwSignal::new(
        v.rules
            .activities
            .iter()
            .enumerate()
            .map(|(i, a)| Line::new(i, &a.code, &a.name, a.points_per_hour))
            .collect::<Vec<_>>(),
    );
    let mults = RwSignal::new(
        v.rules
            .multipliers
            .iter()
            .enumerate()
            .map(|(i, m)| Line::new(100 + i, &m.code, &m.name, m.percent))
            .collect::<Vec<_>>(),
    );
    let daily = RwSignal::new(v.rules.daily_cap.map(|c| c.to_string()).unwrap_or_default());
    let monthly = RwSignal::new(
        v.rules
            .monthly_cap
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    let (kind0, days0) = match v.rules.validity {
        Validity::YearEnd => ("year_end", 365),
        Validity::Days { days } => ("days", days),
        Validity::None => ("none", 365),
    };
    let validity = RwSignal::new(kind0.to_string());
    let days = RwSignal::new(days0.to_string());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let ok = RwSignal::new(false);
    let shown = RwSignal::new((v.version, v.created_at));
    let save = Action::new_local(move |req: &UpdateRules| {
        let req = req.clone();
        async move {
            match api::update_rules(req).await {
                Ok(v) => {
                    shown.set((v.version, v.created_at));
                    reason.set(String::new());
                    ok.set(true);
                    published.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        ok.set(false);
        let rules = EarningRules {
            activities: acts
                .get_untracked()
                .iter()
                .map(|l| ActivityRate {
                    code: l.code.get_untracked().trim().to_string(),
                    name: l.name.get_untracked().trim().to_string(),
                    points_per_hour: number(&l.number.get_untracked()),
                })
                .collect(),
            multipliers: mults
                .get_untracked()
                .iter()
                .map(|l| Multiplier {
                    code: l.code.get_untracked().trim().to_string(),
                    name: l.name.get_untracked().trim().to_string(),
                    percent: number(&l.number.get_untracked()),
                })
                .collect(),
            daily_cap: optional(&daily.get_untracked()),
            monthly_cap: optional(&monthly.get_untracked()),
            validity: match validity.get_untracked().as_str() {
                "days" => Validity::Days {
                    days: number(&days.get_untracked()),
                },
                "none" => Validity::None,
                _ => Validity::YearEnd,
            },
        };
        let lang = s.lang.get_untracked();
        match (
            validate::earning_rules(&rules),
            validate::reason(&reason.get_untracked()),
        ) {
            (Ok(()), Ok(r)) => {
                save.dispatch_local(UpdateRules { rules, reason: r });
            }
            (Err(p), _) | (_, Err(p)) => error.set(Some(problem_text(lang, &p))),
        }
    };
    let add = move |list: RwSignal<Vec<Line>>| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        list.update(|v| v.push(Line::new(key, "", "", 0)));
    };
    view! {
        <form class="card form rules-form" on:submit=on_submit novalidate>
            <p class="muted">{move || s.t(Msg::RulesCurrent)}" "{move || shown.get().0}" · "{move || date_words(s.lang.get(), shown.get().1)}</p>
            <h2>{move || s.t(Msg::Activities)}</h2>
            <LineTable lines=acts number_label=Msg::PointsPerHour prefix="act" />
            <button class="btn btn-small btn-secondary" type="button" on:click=move |_| add(acts)>{move || s.t(AdminMsg::AddRow)}</button>
            <h2 class="spaced">{move || s.t(Msg::Multipliers)}</h2>
            <LineTable lines=mults number_label=Msg::Percent prefix="mult" />
            <button class="btn btn-small btn-secondary" type="button" on:click=move |_| add(mults)>{move || s.t(AdminMsg::AddRow)}</button>
            <div class="grid-2 spaced">
                <div class="field">
                    <label for="daily-cap">{move || s.t(Msg::DailyCap)}</label>
                    <input id="daily-cap" inputmode="numeric" bind:value=daily placeholder=move || s.t(AdminMsg::CapHint) />
                </div>
                <div class="field">
                    <label for="monthly-cap">{move || s.t(Msg::MonthlyCap)}</label>
                    <input id="monthly-cap" inputmode="numeric" bind:value=monthly placeholder=move || s.t(AdminMsg::CapHint) />
                </div>
                <div class="field">
                    <label for="validity">{move || s.t(Msg::Validity)}</label>
                    <select id="validity" on:change=move |ev| validity.set(event_target_value(&ev))>
                        <option value="year_end" selected=kind0 == "year_end">{move || s.t(AdminMsg::ValidityYearEnd)}</option>
                        <option value="days" selected=kind0 == "days">{move || s.t(AdminMsg::ValidityDays)}</option>
                        <option value="none" selected=kind0 == "none">{move || s.t(Msg::ValidityNone)}</option>
                    </select>
                </div>
                <Show when=move || validity.get() == "days">
                    <div class="field">
                        <label for="validity-days">{move || s.t(Msg::Days)}</label>
                        <input id="validity-days" inputmode="numeric" bind:value=days />
                    </div>
                </Show>
            </div>
            <div class="field">
                <label for="rules-reason">{move || s.t(Msg::FieldReason)}</label>
                <input id="rules-reason" type="text" bind:value=reason />
            </div>
            <FormError message=error />
            {move || ok.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(AdminMsg::RulesPublished)}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || save.pending().get()>{move || s.t(AdminMsg::PublishRules)}</button>
        </form>
    }
}

#[component]
fn LineTable(lines: RwSignal<Vec<Line>>, number_label: Msg, prefix: &'static str) -> impl IntoView {
    let s = use_session();
    view! {
        <div class="table-wrap">
            <table class="table lines">
                <thead><tr>
                    <th scope="col">{move || s.t(Msg::Code)}</th>
                    <th scope="col">{move || s.t(Msg::FieldName)}</th>
                    <th scope="col">{move || s.t(number_label)}</th>
                    <th scope="col"><span class="sr-only">{move || s.t(AdminMsg::RemoveRow)}</span></th>
                </tr></thead>
                <tbody>
                    <For each=move || lines.get() key=|l| l.key let:l>
                        {
                            let key = l.key;
                            view! {
                                <tr>
                                    <td data-label=move || s.t(Msg::Code)><input aria-label=move || s.t(Msg::Code) name=format!("{prefix}-code") bind:value=l.code /></td>
                                    <td data-label=move || s.t(Msg::FieldName)><input aria-label=move || s.t(Msg::FieldName) name=format!("{prefix}-name") bind:value=l.name /></td>
                                    <td data-label=move || s.t(number_label)><input aria-label=move || s.t(number_label) name=format!("{prefix}-number") inputmode="numeric" bind:value=l.number /></td>
                                    <td data-label=""><button class="btn btn-small btn-danger-outline" type="button"
                                        on:click=move |_| lines.update(|v| v.retain(|x| x.key != key))>
                                        {move || s.t(AdminMsg::RemoveRow)}
                                    </button></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}
