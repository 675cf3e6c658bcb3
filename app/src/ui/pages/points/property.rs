//! The property company's page: residents' fee-offset requests for a month, to confirm
//! (taken off the fee) or reject with a reason (points go back), and the month's CSV
//! statement.

use leptos::prelude::*;

use crate::api::bank::{FeeOffset, OffsetStatus, PropertyCompany, RejectOffset};
use crate::clock::month_of;
use crate::i18n::{offset_status_text, Msg, PointsMsg};
use crate::roles::Role;
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::pages::points::offset::offset_row;
use crate::ui::state::use_session;

#[component]
pub fn PropertyPage() -> impl IntoView {
    let s = use_session();
    let allowed = move || {
        s.me.with(|m| {
            m.as_ref().is_some_and(|p| {
                p.roles
                    .iter()
                    .any(|g| g.role == Role::Property || g.role == Role::Admin)
            })
        })
    };
    view! {
        <SignedIn>
            <Show when=allowed fallback=move || view! {
                <section class="card prompt" role="alert"><p>{move || s.t(PointsMsg::NoPropertyCompany)}</p></section>
            }>
                <Property />
            </Show>
        </SignedIn>
    }
}

#[component]
fn Property() -> impl IntoView {
    let s = use_session();
    let companies = LocalResource::new(api::property_companies);
    view! {
        <section class="page property">
            <h1>{move || s.t(PointsMsg::PropertyTitle)}</h1>
            <Transition fallback=Loading>
                {move || companies.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| companies.refetch()) /> }.into_any(),
                    Ok(c) if c.is_empty() => view! { <Empty msg=PointsMsg::NoPropertyCompany /> }.into_any(),
                    Ok(c) => view! { <Offsets companies=c /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Offsets(companies: Vec<PropertyCompany>) -> impl IntoView {
    let s = use_session();
    let companies = StoredValue::new(companies);
    let company = RwSignal::new(companies.with_value(|c| c[0].id));
    let month = RwSignal::new(month_of((js_sys::Date::now() / 1000.0) as i64));
    let status = RwSignal::new(Some(OffsetStatus::Pending));
    let list = LocalResource::new(move || {
        let (c, m, st) = (company.get(), month.get(), status.get());
        async move { api::company_offsets(c, &m, st).await }
    });
    let statement = move || api::statement_url(company.get(), &month.get());
    let several = companies.with_value(|c| c.len() > 1);
    view! {
        <div class="filter-bar property-filters">
            <Show when=move || several>
                <label for="company">{move || s.t(PointsMsg::Company)}</label>
                <select id="company" on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse::<i64>() { company.set(id); }
                }>
                    {companies.with_value(|cs| cs.iter().map(|c| view! {
                        <option value=c.id.to_string()>{c.name.clone()}</option>
                    }).collect_view())}
                </select>
            </Show>
            <label for="offset-month">{move || s.t(PointsMsg::FilterMonth)}</label>
            <input id="offset-month" type="month" prop:value=move || month.get()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if crate::clock::parse_month(&v).is_some() { month.set(v); }
                } />
            <label for="offset-status">{move || s.t(PointsMsg::FilterStatus)}</label>
            <select id="offset-status" on:change=move |ev| status.set(OffsetStatus::parse(&event_target_value(&ev)))>
                <option value="">{move || s.t(Msg::FilterAll)}</option>
                {OffsetStatus::ALL.into_iter().map(|st| view! {
                    <option value=st.as_str() selected=move || status.get() == Some(st)>
                        {move || offset_status_text(s.lang.get(), st)}
                    </option>
                }).collect_view()}
            </select>
        </div>
        <p><a class="btn btn-secondary" href=statement download>{move || s.t(PointsMsg::StatementLink)}</a></p>
        <Transition fallback=Loading>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
                Ok(l) if l.is_empty() => view! { <div class="card"><Empty msg=PointsMsg::NoCompanyOffsets /></div> }.into_any(),
                Ok(l) => view! {
                    <ul class="card row-list offsets">
                        {l.into_iter().map(|o| view! {
                            <Decide offset=o on_done=Callback::new(move |_| list.refetch()) />
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Transition>
    }
}

/// One offset with its confirm and reject buttons while it is pending.
#[component]
fn Decide(offset: FeeOffset, on_done: Callback<()>) -> impl IntoView {
    let s = use_session();
    let id = offset.id;
    let pending = offset.status == OffsetStatus::Pending;
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let confirm = Action::new_local(move |_: &()| async move {
        match api::confirm_offset(id).await {
            Ok(_) => on_done.run(()),
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    let reject = Action::new_local(move |r: &String| {
        let req = RejectOffset { reason: r.clone() };
        async move {
            match api::reject_offset(id, req).await {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let busy = move || confirm.pending().get() || reject.pending().get();
    let reason_id = format!("reject-reason-{id}");
    view! {
        <li class="decide">
            // The row is a list item of its own (my offsets list it alone).
            <ul class="row-list">{offset_row(offset, true)}</ul>
            {pending.then(|| view! {
                <div class="decide-actions">
                    <FormError message=error />
                    {move || if rejecting.get() {
                        let rid = reason_id.clone();
                        view! {
                            <form class="inline-form" on:submit=move |ev| {
                                ev.prevent_default();
                                let r = reason.get_untracked();
                                if r.trim().is_empty() {
                                    error.set(Some(s.t(Msg::RejectReason).to_string()));
                                } else {
                                    reject.dispatch_local(r);
                                }
                            }>
                                <label for=rid.clone() class="sr-only">{move || s.t(Msg::RejectReason)}</label>
                                <input id=rid type="text" bind:value=reason placeholder=move || s.t(Msg::RejectReason) />
                                <button class="btn btn-danger" type="submit" disabled=busy>{move || s.t(PointsMsg::RejectOffset)}</button>
                            </form>
                        }.into_any()
                    } else {
                        view! {
                            <div class="actions">
                                <button class="btn btn-primary" type="button" disabled=busy
                                    on:click=move |_| { confirm.dispatch_local(()); }>
                                    {move || s.t(PointsMsg::ConfirmOffset)}
                                </button>
                                <button class="btn btn-danger-outline" type="button" disabled=busy
                                    on:click=move |_| rejecting.set(true)>
                                    {move || s.t(PointsMsg::RejectOffset)}
                                </button>
                            </div>
                        }.into_any()
                    }}
                </div>
            })}
        </li>
    }
}
