//! The audit log for administrators: each entry a sentence with names ("王芳 给 李明
//! 签发了密码重置码"), newest first, filtered by person, kind of action and days, with
//! "load more" over keyset pages.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ledger::{AuditEntry, AuditKind, AuditPage, AuditQuery};
use crate::i18n::{audit_kind_text, audit_sentence, AdminMsg, Msg};
use crate::ledger::{audit_detail_text, subject_transfer};
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
    let (action, who, what) = (
        e.action.clone(),
        e.actor_name.clone(),
        e.subject_name.clone(),
    );
    let sentence = move || audit_sentence(s.lang.get(), &action, who.as_deref(), what.as_deref());
    let detail = e.detail.clone();
    let detail = move || audit_detail_text(s.lang.get(), &detail);
    let headline = match subject_transfer(&e.subject) {
        Some(id) => view! {
            <A href=format!("/admin/points/transfers/{id}") attr:class="audit-sentence">{sentence}</A>
        }
        .into_any(),
        None => view! { <span class="audit-sentence">{sentence}</span> }.into_any(),
    };
    view! {
        <li class="row audit-entry" data-testid="audit-entry">
            <div class="row-main">
                {headline}
                <span class="muted small nowrap">{when_words(e.at)}</span>
            </div>
            <Show when={let d = detail.clone(); move || !d().is_empty()}>
                <p class="audit-detail small">{detail.clone()}</p>
            </Show>
        </li>
    }
}

/// The filters as typed: empty ones are left out of the query.
fn query_of(person: &str, kind: &str, from: &str, to: &str) -> AuditQuery {
    let some = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    AuditQuery {
        kind: AuditKind::parse(kind),
        person: some(person),
        from: some(from),
        to: some(to),
        limit: Some(PAGE),
        ..Default::default()
    }
}

#[component]
fn Audit() -> impl IntoView {
    let s = use_session();
    let person = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let applied = RwSignal::new(query_of("", "", "", ""));
    let extra = RwSignal::new(Vec::<AuditEntry>::new());
    let extra_next = RwSignal::new(None::<Option<i64>>);
    let first = LocalResource::new(move || {
        let q = applied.get();
        extra.set(Vec::new());
        extra_next.set(None);
        async move { api::audit(&q).await }
    });
    let more = Action::new_local(move |after: &i64| {
        let mut q = applied.get_untracked();
        q.after = Some(*after);
        async move {
            let r: ApiResult<AuditPage> = api::audit(&q).await;
            if let Ok(page) = &r {
                extra.update(|v| v.extend(page.items.iter().cloned()));
                extra_next.set(Some(page.next_cursor));
            }
            r
        }
    });
    let apply = move |q: AuditQuery| {
        if q == applied.get_untracked() {
            first.refetch();
        } else {
            applied.set(q);
        }
    };
    let on_filter = move |ev: SubmitEvent| {
        ev.prevent_default();
        apply(query_of(
            &person.get_untracked(),
            &kind.get_untracked(),
            &from.get_untracked(),
            &to.get_untracked(),
        ));
    };
    let on_clear = move |_| {
        for f in [person, kind, from, to] {
            f.set(String::new());
        }
        apply(query_of("", "", "", ""));
    };
    view! {
        <section class="page admin-audit">
            <h1>{move || s.t(AdminMsg::AuditTitle)}</h1>
            <form class="card form audit-filters" on:submit=on_filter>
                <fieldset>
                    <legend>{move || s.t(AdminMsg::AuditFilterHint)}</legend>
                    <div class="field">
                        <label for="audit-person">{move || s.t(AdminMsg::AuditPerson)}</label>
                        <input id="audit-person" type="search" bind:value=person
                            placeholder=move || s.t(AdminMsg::AuditPersonHint) />
                    </div>
                    <div class="field">
                        <label for="audit-kind">{move || s.t(Msg::FieldKind)}</label>
                        <select id="audit-kind" prop:value=move || kind.get()
                            on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="">{move || s.t(AdminMsg::AuditKindAll)}</option>
                            {AuditKind::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str()>{move || audit_kind_text(s.lang.get(), k)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="audit-from">{move || s.t(Msg::FieldFrom)}</label>
                        <input id="audit-from" type="date" bind:value=from />
                    </div>
                    <div class="field">
                        <label for="audit-to">{move || s.t(Msg::FieldTo)}</label>
                        <input id="audit-to" type="date" bind:value=to />
                    </div>
                </fieldset>
                <div class="actions">
                    <button class="btn btn-primary" type="submit">{move || s.t(AdminMsg::AuditFilter)}</button>
                    <button class="btn btn-secondary" type="button" on:click=on_clear>{move || s.t(AdminMsg::AuditClear)}</button>
                </div>
            </form>
            <Transition fallback=Loading>
                {move || first.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| first.refetch()) /> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <Empty msg=AdminMsg::NoAudit /> }.into_any(),
                    Ok(page) => {
                        let next = move || extra_next.get().unwrap_or(page.next_cursor);
                        view! {
                            <ul class="card row-list audit-list">
                                {page.items.clone().into_iter().map(entry_row).collect_view()}
                                {move || extra.get().into_iter().map(entry_row).collect_view()}
                            </ul>
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
