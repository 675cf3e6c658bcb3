//! The people list for administrators: search, and a "load more" button over the API's
//! keyset pages.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{UserSummary, UsersPage};
use crate::i18n::{AdminMsg, Msg};
use crate::ui::api::{self, ApiResult};
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

const PAGE: u32 = 20;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    view! { <AdminOnly><Users /></AdminOnly> }
}

/// One person in a list, leading to their page.
pub fn person_row(u: UserSummary) -> impl IntoView {
    view! {
        <li class="row">
            <A href=format!("/admin/users/{}", u.id) attr:class="row-main row-link">
                <span class="person-name">{u.name}</span>
                <span class="muted">{u.phone}</span>
            </A>
        </li>
    }
}

#[component]
fn Users() -> impl IntoView {
    let s = use_session();
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let first = LocalResource::new(move || {
        let q = query.get();
        async move { api::users(&q, None, PAGE).await }
    });
    let extra = RwSignal::new(Vec::<UserSummary>::new());
    let extra_next = RwSignal::new(None::<Option<i64>>);
    let more = Action::new_local(move |after: &i64| {
        let (q, after) = (query.get_untracked(), *after);
        async move {
            let r: ApiResult<UsersPage> = api::users(&q, Some(after), PAGE).await;
            if let Ok(page) = &r {
                extra.update(|v| v.extend(page.items.iter().cloned()));
                extra_next.set(Some(page.next_cursor));
            }
            r
        }
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        extra.set(Vec::new());
        extra_next.set(None);
        let q = typed.get_untracked().trim().to_string();
        if q == query.get_untracked() {
            first.refetch();
        } else {
            query.set(q);
        }
    };
    let more_error = move || more.value().get().and_then(|r| r.err());

    view! {
        <section class="page users">
            <h1>{move || s.t(AdminMsg::UsersTitle)}</h1>
            <form class="search-bar" role="search" on:submit=on_search>
                <label for="user-search" class="sr-only">{move || s.t(AdminMsg::SearchPeopleHint)}</label>
                <input id="user-search" type="search" bind:value=typed
                    placeholder=move || s.t(AdminMsg::SearchPeopleHint) />
                <button class="btn btn-primary" type="submit">{move || s.t(AdminMsg::Search)}</button>
            </form>
            <Transition fallback=Loading>
                {move || first.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| first.refetch()) /> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <Empty msg=AdminMsg::NoUsers /> }.into_any(),
                    Ok(page) => {
                        let next = move || extra_next.get().unwrap_or(page.next_cursor);
                        view! {
                            <ul class="row-list card">
                                {page.items.clone().into_iter().map(person_row).collect_view()}
                                {move || extra.get().into_iter().map(person_row).collect_view()}
                            </ul>
                            {move || more_error().map(|e| view! {
                                <ErrorView error=e />
                            })}
                            {move || match next() {
                                Some(after) => view! {
                                    <button class="btn btn-secondary btn-block" type="button"
                                        disabled=move || more.pending().get()
                                        on:click=move |_| { more.dispatch_local(after); }>
                                        {move || if more.pending().get() { s.t(Msg::Loading) } else { s.t(Msg::LoadMore) }}
                                    </button>
                                }.into_any(),
                                None => view! { <p class="muted center">{move || s.t(AdminMsg::NoMore)}</p> }.into_any(),
                            }}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
