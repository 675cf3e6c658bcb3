//! Printable points cards for administrators: find people (or a whole team), then print
//! them eight to an A4 sheet, each with name, card number and the printed card's QR code.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::cards::{AdminCard, CardStatus};
use crate::api::{NodeKind, Tree};
use crate::cards::format_number;
use crate::i18n::{card_status_text, AdminMsg, Msg};
use crate::ui::api::{self, CardChange};
use crate::ui::components::guard::AdminOnly;
use crate::ui::components::qr::QrSvg;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::state::use_session;

#[component]
pub fn AdminCardsPage() -> impl IntoView {
    view! { <AdminOnly><Cards /></AdminOnly> }
}

#[derive(Clone, PartialEq)]
enum Find {
    Nothing,
    Team(i64),
    Text(String),
}

#[component]
fn Cards() -> impl IntoView {
    let s = use_session();
    let typed = RwSignal::new(String::new());
    let find = RwSignal::new(Find::Nothing);
    let teams = LocalResource::new(|| api::nodes(Tree::Org));
    let cards = LocalResource::new(move || {
        let f = find.get();
        async move {
            match f {
                Find::Nothing => Ok(Vec::new()),
                Find::Team(id) => api::printable_cards(Some(id), "").await,
                Find::Text(q) => api::printable_cards(None, &q).await,
            }
        }
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = typed.get_untracked().trim().to_string();
        if !q.is_empty() {
            find.set(Find::Text(q));
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="page admin-cards">
            <div class="no-print">
                <h1>{move || s.t(AdminMsg::PrintTitle)}</h1>
                <p class="muted">{move || s.t(AdminMsg::PrintHint)}</p>
                <form class="search-bar" role="search" on:submit=on_search>
                    <label for="card-search" class="sr-only">{move || s.t(AdminMsg::SearchPeopleHint)}</label>
                    <input id="card-search" type="search" bind:value=typed placeholder=move || s.t(AdminMsg::SearchPeopleHint) />
                    <button class="btn btn-primary" type="submit">{move || s.t(AdminMsg::Search)}</button>
                </form>
                <div class="filter-bar">
                    <label for="card-team">{move || s.t(AdminMsg::PrintTeam)}</label>
                    <select id="card-team" on:change=move |ev| {
                        if let Ok(id) = event_target_value(&ev).parse::<i64>() { find.set(Find::Team(id)); }
                    }>
                        <option value="">"—"</option>
                        {move || teams.get().and_then(|r| r.ok()).unwrap_or_default().into_iter()
                            .filter(|n| n.kind == NodeKind::Team)
                            .map(|n| view! { <option value=n.id.to_string()>{n.name}</option> })
                            .collect_view()}
                    </select>
                    <button class="btn btn-secondary" type="button" on:click=print
                        disabled=move || cards.get().and_then(|r| r.ok()).is_none_or(|c| c.is_empty())>
                        {move || s.t(Msg::PrintButton)}
                    </button>
                </div>
            </div>
            <Transition fallback=Loading>
                {move || cards.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(c) if c.is_empty() => match find.get_untracked() {
                        Find::Nothing => ().into_any(),
                        _ => view! { <Empty msg=AdminMsg::NoCards /> }.into_any(),
                    },
                    Ok(c) => view! {
                        <div class="print-sheet">
                            {c.into_iter().map(|c| printed_card(c, Callback::new(move |_| cards.refetch()))).collect_view()}
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn printed_card(c: AdminCard, changed: Callback<()>) -> impl IntoView {
    let s = use_session();
    let status = c.status;
    let qr = c.static_qr.clone();
    let label = format!("{} {}", c.name, format_number(&c.number));
    view! {
        <article class="printed-card" data-card=c.number.clone()>
            <header class="printed-head">
                <span class="brand-mark" aria-hidden="true">"邻"</span>
                <span>{move || s.t(Msg::AppName)}" · "{move || s.t(AdminMsg::PrintedCardTitle)}</span>
            </header>
            <div class="printed-body">
                <QrSvg text=qr label=label />
                <div>
                    <p class="printed-name">{c.name.clone()}</p>
                    <p class="printed-number">{format_number(&c.number)}</p>
                    <p class="muted small">{c.phone.clone()}</p>
                    {(status != CardStatus::Active).then(|| view! {
                        <span class="badge badge-warn no-print">{move || card_status_text(s.lang.get(), status)}</span>
                    })}
                </div>
            </div>
            <footer class="printed-foot small">{move || s.t(AdminMsg::CardFooter)}</footer>
            <CardActions user_id=c.user_id status=status changed=changed />
        </article>
    }
}

/// Block, unblock or reissue one person's card, each with a reason (not printed).
#[component]
fn CardActions(user_id: i64, status: CardStatus, changed: Callback<()>) -> impl IntoView {
    let s = use_session();
    let asking = RwSignal::new(None::<CardChange>);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let act = Action::new_local(move |(change, r): &(CardChange, String)| {
        let (change, r) = (*change, r.clone());
        async move {
            match api::change_card(user_id, change, r).await {
                Ok(_) => {
                    asking.set(None);
                    changed.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let label = move |c: CardChange| match c {
        CardChange::Block => s.t(AdminMsg::CardAdminBlock),
        CardChange::Unblock => s.t(AdminMsg::CardAdminUnblock),
        CardChange::Reissue => s.t(AdminMsg::CardAdminReissue),
    };
    let choices: Vec<CardChange> = match status {
        CardStatus::Active => vec![CardChange::Block, CardChange::Reissue],
        CardStatus::Blocked => vec![CardChange::Unblock, CardChange::Reissue],
        CardStatus::Replaced => vec![],
    };
    let reason_id = format!("card-reason-{user_id}");
    view! {
        <div class="card-actions no-print">
            {move || match asking.get() {
                None => choices.iter().map(|&c| view! {
                    <button type="button" class="btn btn-small btn-danger-outline"
                        on:click=move |_| { error.set(None); reason.set(String::new()); asking.set(Some(c)); }>
                        {move || label(c)}
                    </button>
                }).collect_view().into_any(),
                Some(c) => {
                    let rid = reason_id.clone();
                    view! {
                        <form class="inline-form" on:submit=move |ev| {
                            ev.prevent_default();
                            match crate::validate::reason(&reason.get_untracked()) {
                                Ok(r) => { act.dispatch_local((c, r)); }
                                Err(p) => error.set(Some(crate::i18n::problem_text(s.lang.get_untracked(), &p))),
                            }
                        }>
                            <label for=rid.clone() class="sr-only">{move || s.t(Msg::FieldReason)}</label>
                            <input id=rid type="text" bind:value=reason placeholder=move || s.t(Msg::FieldReason) />
                            <button class="btn btn-small btn-danger" type="submit" disabled=move || act.pending().get()>
                                {move || label(c)}
                            </button>
                            <button class="btn btn-small btn-secondary" type="button" on:click=move |_| asking.set(None)>
                                {move || s.t(Msg::Cancel)}
                            </button>
                        </form>
                    }.into_any()
                }
            }}
            <FormError message=error />
        </div>
    }
}
