//! The upcoming courses and the courses I am enrolled in.

use leptos::prelude::*;

use crate::i18n::TrainingsMsg;
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

use super::{course_card, TrainingLinks};

#[component]
pub fn TrainingsPage() -> impl IntoView {
    view! { <SignedIn><Courses mine=false /></SignedIn> }
}

#[component]
pub fn MyTrainingsPage() -> impl IntoView {
    view! { <SignedIn><Courses mine=true /></SignedIn> }
}

#[component]
fn Courses(mine: bool) -> impl IntoView {
    let s = use_session();
    let list = LocalResource::new(move || async move {
        if mine {
            api::my_trainings().await
        } else {
            api::trainings().await
        }
    });
    let (title, empty) = if mine {
        (TrainingsMsg::TrMine, TrainingsMsg::TrMineNone)
    } else {
        (TrainingsMsg::TrTitle, TrainingsMsg::TrNone)
    };
    view! {
        <section class="page trainings">
            <h1>{move || s.t(title)}</h1>
            <TrainingLinks />
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(l) if l.is_empty() => view! { <Empty msg=empty /> }.into_any(),
                    Ok(l) => view! {
                        <ul class="training-list">{l.into_iter().map(course_card).collect_view()}</ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
