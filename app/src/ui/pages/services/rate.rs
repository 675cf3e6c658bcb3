//! The ratings of a project session or a shop item, and rating it: the server lets only
//! people who attended (or took the item) rate, once, editable for a week.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::orders::{Rating, RatingSubject};
use crate::i18n::Msg;
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

use super::order::{Moderate, RateForm, EDIT_WINDOW_SECS};
use super::{rating_view, stars_text, ServiceLinks};

/// "★★★★☆ 4.0 (3)" of the ratings shown.
fn average_text(list: &[Rating]) -> Option<String> {
    if list.is_empty() {
        return None;
    }
    let avg = list.iter().map(|r| r.stars as f64).sum::<f64>() / list.len() as f64;
    Some(format!(
        "{} {avg:.1} ({})",
        stars_text(avg.round() as i64),
        list.len()
    ))
}

#[component]
pub fn SubjectRatingsPage() -> impl IntoView {
    let s = use_session();
    let params = use_params_map();
    let target = move || {
        params.with(|p| {
            let subject = p.get("subject").and_then(|v| RatingSubject::parse(&v));
            let id = p.get("id").and_then(|v| v.parse::<i64>().ok());
            subject.filter(|s| *s != RatingSubject::Order).zip(id)
        })
    };
    let ratings = LocalResource::new(move || {
        let t = target();
        async move {
            match t {
                Some((subject, id)) => api::subject_ratings(subject, id).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let me = move || s.me.with_untracked(|m| m.as_ref().map(|p| p.id));
    view! {
        <SignedIn>
            <section class="page sv-subject-ratings">
                <h1>{move || s.t(Msg::SvRating)}</h1>
                <ServiceLinks />
                <Transition fallback=Loading>
                    {move || ratings.get().map(|r| match (r, target()) {
                        (Err(e), _) => view! { <ErrorView error=e /> }.into_any(),
                        (Ok(_), None) => view! { <Empty msg=Msg::PjNoRating /> }.into_any(),
                        (Ok(l), Some((subject, id))) => {
                            let saved = Callback::new(move |_| ratings.refetch());
                            let mine = l.iter().find(|r| Some(r.rater_id) == me()).cloned();
                            let now = (js_sys::Date::now() / 1000.0) as i64;
                            let editable = mine.as_ref().is_none_or(|r| now - r.created_at < EDIT_WINDOW_SECS);
                            view! {
                                <section class="card sv-ratings">
                                    <p class="sv-score" data-testid="subject-average">
                                        {average_text(&l).unwrap_or_else(|| s.t(Msg::PjNoRating).to_string())}
                                    </p>
                                    {l.into_iter().map(|r| view! {
                                        {rating_view(&r)}
                                        {(Some(r.rater_id) != me()).then(|| view! { <Moderate r=r.clone() saved /> })}
                                    }).collect_view()}
                                </section>
                                {editable.then(|| view! {
                                    <section class="card sv-rate">
                                        <RateForm subject id existing=mine saved />
                                    </section>
                                })}
                            }.into_any()
                        }
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}
