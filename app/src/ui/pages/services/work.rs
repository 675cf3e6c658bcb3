//! The reviewers' queue (longest waiting first, with how long) and the teams' pool of
//! orders to take; first team wins, the others are told kindly.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::orders::OrderSummary;
use crate::i18n::ServicesMsg;
use crate::orders;
use crate::ui::api::{self, OrderMove};
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::state::use_session;

use super::{order_row, ServiceLinks};

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    view! {
        <OrderList class="sv-review" title=ServicesMsg::SvReviewQueue load=api::order_review_queue
            row=|o, _| order_row(o, true).into_any() />
    }
}

#[component]
pub fn PoolPage() -> impl IntoView {
    view! {
        <OrderList class="sv-pool" title=ServicesMsg::SvPool load=api::order_pool
            row=|o, list| pool_row(o, list).into_any() />
    }
}

/// What a row can do to its list: reload it, and say something above it that outlives
/// the row (a taken order leaves the pool on reload).
#[derive(Clone, Copy)]
struct ListCtx {
    reload: Callback<()>,
    notice: RwSignal<Option<String>>,
}

/// A signed-in page listing orders waiting for the reader (the queue, the pool); `row`
/// draws one.
#[component]
fn OrderList<F, Fut>(
    class: &'static str,
    title: ServicesMsg,
    load: F,
    row: fn(OrderSummary, ListCtx) -> AnyView,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = api::ApiResult<Vec<OrderSummary>>> + 'static,
{
    let s = use_session();
    let list = LocalResource::new(load);
    let ctx = ListCtx {
        reload: Callback::new(move |_| list.refetch()),
        notice: RwSignal::new(None),
    };
    view! {
        <SignedIn>
            <section class=format!("page {class}")>
                <h1>{move || s.t(title)}</h1>
                <ServiceLinks />
                <FormError message=ctx.notice />
                <Transition fallback=Loading>
                    {move || list.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <Empty msg=ServicesMsg::SvNothingWaiting /> }.into_any(),
                        Ok(l) => view! {
                            <ul class="row-list">{l.into_iter().map(|o| row(o, ctx)).collect_view()}</ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

fn pool_row(o: OrderSummary, list: ListCtx) -> impl IntoView {
    let s = use_session();
    let id = o.id;
    let error = RwSignal::new(None::<String>);
    let taken = RwSignal::new(false);
    let take = Action::new_local(move |_: &()| async move {
        match api::move_order(id, OrderMove::Take).await {
            Ok(_) => taken.set(true),
            // Another team was quicker: say so plainly, then show the pool as it is.
            Err(e) if e.reason().is_some_and(orders::moved_on) => {
                list.notice
                    .set(Some(s.t(ServicesMsg::SvTakenByOthers).to_string()));
                list.reload.run(());
            }
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    view! {
        {order_row(o, true)}
        <li class="row sv-take">
            <Show when=move || taken.get()
                fallback=move || view! {
                    <button type="button" class="btn btn-primary btn-small" data-action="take"
                        disabled=move || take.pending().get()
                        on:click=move |_| { take.dispatch_local(()); }>{move || s.t(ServicesMsg::SvTake)}</button>
                }>
                <A href=format!("/services/orders/{id}") attr:class="btn btn-secondary btn-small">
                    {move || s.t(ServicesMsg::SvTakenOpen)}
                </A>
            </Show>
            <FormError message=error />
        </li>
    }
}
