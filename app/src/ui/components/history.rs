//! A points history: a type filter, newest first, and "load more" over the API's keyset
//! pages. The same list serves a member's own page and an administrator's account page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ledger::{HistoryItem, HistoryPage, TransferKind};
use crate::i18n::{transfer_kind_text, Lang, Msg};
use crate::ledger::signed;
use crate::ledger::transfer_reason_text;
use crate::ui::api::{self, ApiResult};
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

const PAGE: u32 = 20;

async fn fetch(
    account: Option<i64>,
    kind: Option<TransferKind>,
    after: Option<i64>,
) -> ApiResult<HistoryPage> {
    match account {
        None => api::my_history(kind, after, PAGE).await,
        Some(id) => api::account_history(id, kind, after, PAGE).await,
    }
}

/// What a line was for: the project or goods by name when the server knows them (a
/// reason like "记录 #12" tells a person nothing), else its note in the reader's language,
/// else the reason as written.
fn about_or_reason(item: &HistoryItem) -> impl Fn() -> String + use<> {
    let s = use_session();
    let (about, note, reason) = (item.about.clone(), item.note.clone(), item.reason.clone());
    move || {
        if about.is_empty() {
            return transfer_reason_text(s.lang.get(), note.as_ref(), &reason);
        }
        let sep = match s.lang.get() {
            Lang::Zh => "、",
            Lang::En => ", ",
        };
        about.join(sep)
    }
}

/// One line of history; administrators get a link to the transfer.
fn history_row(item: HistoryItem, admin: bool) -> impl IntoView {
    let s = use_session();
    let kind = item.kind;
    let class = if item.amount >= 0 {
        "amount amount-in"
    } else {
        "amount amount-out"
    };
    let id = item.transfer_id;
    view! {
        <li class="row history-row" data-kind=kind.as_str()>
            <div class="row-main history-main">
                <span class="history-kind">{move || transfer_kind_text(s.lang.get(), kind)}</span>
                {item.manual.then(|| view! { <span class="badge">{move || s.t(Msg::ManualEntry)}</span> })}
                {item.reversed_by_id.map(|_| view! { <span class="badge badge-warn">{move || s.t(Msg::ReversedTag)}</span> })}
                <span class="history-reason">{about_or_reason(&item)}</span>
                <span class="muted small">
                    {when_words(item.created_at)}
                    {admin.then(|| view! {
                        " · "<A href=format!("/admin/points/transfers/{id}")>{format!("#{id}")}</A>
                    })}
                </span>
            </div>
            <div class="history-amounts">
                <span class=class>{signed(item.amount)}</span>
                <span class="muted small">{move || s.t(Msg::BalanceAfter)}" "{item.balance_after}</span>
            </div>
        </li>
    }
}

/// The history of my account (`account` None) or of any account (administrators).
#[component]
pub fn HistoryView(
    #[prop(optional)] account: Option<i64>,
    /// Bump to reload from the first page (after an action changed the history).
    #[prop(optional, into)]
    reload: Option<Signal<u32>>,
) -> impl IntoView {
    let s = use_session();
    let admin = account.is_some();
    let kind = RwSignal::new(None::<TransferKind>);
    let extra = RwSignal::new(Vec::<HistoryItem>::new());
    let extra_next = RwSignal::new(None::<Option<i64>>);
    let first = LocalResource::new(move || {
        let k = kind.get();
        if let Some(r) = reload {
            r.track();
        }
        extra.set(Vec::new());
        extra_next.set(None);
        async move { fetch(account, k, None).await }
    });
    let more = Action::new_local(move |after: &i64| {
        let (k, after) = (kind.get_untracked(), *after);
        async move {
            let r = fetch(account, k, Some(after)).await;
            if let Ok(page) = &r {
                extra.update(|v| v.extend(page.items.iter().cloned()));
                extra_next.set(Some(page.next_cursor));
            }
            r
        }
    });
    let more_error = move || more.value().get().and_then(|r| r.err());
    let select_id = if admin {
        "account-history-type"
    } else {
        "history-type"
    };
    view! {
        <div class="history">
            <div class="filter-bar">
                <label for=select_id>{move || s.t(Msg::FilterType)}</label>
                <select id=select_id on:change=move |ev| {
                    kind.set(TransferKind::parse(&event_target_value(&ev)));
                }>
                    <option value="" selected=move || kind.get().is_none()>{move || s.t(Msg::FilterAll)}</option>
                    {TransferKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=move || kind.get() == Some(k)>
                            {move || transfer_kind_text(s.lang.get(), k)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <Transition fallback=Loading>
                {move || first.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| first.refetch()) /> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <Empty msg=Msg::NoHistory /> }.into_any(),
                    Ok(page) => {
                        let next = move || extra_next.get().unwrap_or(page.next_cursor);
                        view! {
                            <ul class="row-list history-list">
                                {page.items.clone().into_iter().map(|i| history_row(i, admin)).collect_view()}
                                {move || extra.get().into_iter().map(|i| history_row(i, admin)).collect_view()}
                            </ul>
                            {move || more_error().map(|e| view! { <ErrorView error=e /> })}
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
        </div>
    }
}
