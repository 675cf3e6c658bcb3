//! The audit log for administrators: who did what, when, newest first, filtered by the
//! start of the action's name, with "load more" over keyset pages.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ledger::{AuditEntry, AuditPage};
use crate::i18n::Msg;
use crate::points::{audit_detail_text, subject_transfer};
use crate::ui::api::{self, ApiResult};
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

const PAGE: u32 = 30;

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    view! { <AdminOnly><Audit /></AdminOnly> }
}

fn entry_row(e: AuditEntry) -> impl IntoView {
    let s = use_session();
    let detail = audit_detail_text(&e.detail);
    let subject = match subject_transfer(&e.subject) {
        Some(id) => view! {
            <A href=format!("/admin/points/transfers/{id}")>{e.subject.clone()}</A>
        }
        .into_any(),
        None => view! { {e.subject.clone()} }.into_any(),
    };
    view! {
        <tr>
            <td class="nowrap" data-label=move || s.t(Msg::AuditWhen)>{when_words(e.at)}</td>
            <td data-label=move || s.t(Msg::AuditWho)>{match e.actor_name.clone() {
                Some(n) => view! { {n} }.into_any(),
                None => view! { {move || s.t(Msg::SystemActor)} }.into_any(),
            }}</td>
            <td data-label=move || s.t(Msg::AuditWhat)><code>{e.action.clone()}</code></td>
            <td class="nowrap" data-label=move || s.t(Msg::AuditSubject)>{subject}</td>
            <td class="audit-detail small" data-label=move || s.t(Msg::FieldNote)>{detail}</td>
        </tr>
    }
}

#[component]
fn Audit() -> impl IntoView {
    let s = use_session();
    let typed = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let extra = RwSignal::new(Vec::<AuditEntry>::new());
    let extra_next = RwSignal::new(None::<Option<i64>>);
    let first = LocalResource::new(move || {
        let a = action.get();
        extra.set(Vec::new());
        extra_next.set(None);
        async move { api::audit(&a, None, PAGE).await }
    });
    let more = Action::new_local(move |after: &i64| {
        let (a, after) = (action.get_untracked(), *after);
        async move {
            let r: ApiResult<AuditPage> = api::audit(&a, Some(after), PAGE).await;
            if let Ok(page) = &r {
                extra.update(|v| v.extend(page.items.iter().cloned()));
                extra_next.set(Some(page.next_cursor));
            }
            r
        }
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let a = typed.get_untracked().trim().to_string();
        if a == action.get_untracked() {
            first.refetch();
        } else {
            action.set(a);
        }
    };
    view! {
        <section class="page admin-audit">
            <h1>{move || s.t(Msg::AuditTitle)}</h1>
            <form class="search-bar" role="search" on:submit=on_search>
                <label for="audit-action" class="sr-only">{move || s.t(Msg::AuditFilterHint)}</label>
                <input id="audit-action" type="search" bind:value=typed placeholder=move || s.t(Msg::AuditFilterHint) />
                <button class="btn btn-primary" type="submit">{move || s.t(Msg::Search)}</button>
            </form>
            <Transition fallback=Loading>
                {move || first.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| first.refetch()) /> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <Empty msg=Msg::NoAudit /> }.into_any(),
                    Ok(page) => {
                        let next = move || extra_next.get().unwrap_or(page.next_cursor);
                        view! {
                            <div class="card table-wrap">
                                <table class="table audit">
                                    <thead><tr>
                                        <th scope="col">{move || s.t(Msg::AuditWhen)}</th>
                                        <th scope="col">{move || s.t(Msg::AuditWho)}</th>
                                        <th scope="col">{move || s.t(Msg::AuditWhat)}</th>
                                        <th scope="col">{move || s.t(Msg::AuditSubject)}</th>
                                        <th scope="col">{move || s.t(Msg::FieldNote)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.items.clone().into_iter().map(entry_row).collect_view()}
                                        {move || extra.get().into_iter().map(entry_row).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {move || more.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorView error=e /> })}
                            {move || match next() {
                                Some(after) => view! {
                                    <button class="btn btn-secondary btn-block" type="button"
                                        disabled=move || more.pending().get()
                                        on:click=move |_| { more.dispatch_local(after); }>
                                        {move || if more.pending().get() { s.t(Msg::Loading) } else { s.t(Msg::LoadMore) }}
                                    </button>
                                }.into_any(),
                                None => view! { <p class="muted center small">{move || s.t(Msg::HistoryEnd)}</p> }.into_any(),
                            }}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
