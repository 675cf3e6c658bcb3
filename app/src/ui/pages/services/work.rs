//! The reviewers' queue (longest waiting first, with how long) and the teams' pool of
//! orders to take; first team wins, the others are told kindly.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::orders::OrderSummary;
use crate::i18n::Msg;
use crate::ui::api::{self, ApiError, OrderMove};
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::state::use_session;

use super::{order_row, ServiceLinks};

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let s = use_session();
    let list = LocalResource::new(api::order_review_queue);
    view! {
        <SignedIn>
            <section class="page sv-review">
                <h1>{move || s.t(Msg::SvReviewQueue)}</h1>
                <ServiceLinks />
                <Transition fallback=Loading>
                    {move || list.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <Empty msg=Msg::SvNothingWaiting /> }.into_any(),
                        Ok(l) => view! {
                            <ul class="row-list">{l.into_iter().map(|o| order_row(o, true)).collect_view()}</ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

#[component]
pub fn PoolPage() -> impl IntoView {
    let s = use_session();
    let list = LocalResource::new(api::order_pool);
    let reload = Callback::new(move |_| list.refetch());
    view! {
        <SignedIn>
            <section class="page sv-pool">
                <h1>{move || s.t(Msg::SvPool)}</h1>
                <ServiceLinks />
                <Transition fallback=Loading>
                    {move || list.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <Empty msg=Msg::SvNothingWaiting /> }.into_any(),
                        Ok(l) => view! {
                            <ul class="row-list">{l.into_iter().map(|o| pool_row(o, reload)).collect_view()}</ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

fn pool_row(o: OrderSummary, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let id = o.id;
    let error = RwSignal::new(None::<String>);
    let taken = RwSignal::new(false);
    let take = Action::new_local(move |_: &()| async move {
        match api::move_order(id, OrderMove::Take).await {
            Ok(_) => taken.set(true),
            // Another team was quicker: say so plainly, then show the pool as it is.
            Err(ApiError::Server { status: 409, .. }) => {
                error.set(Some(s.t(Msg::SvTakenByOthers).to_string()));
                reload.run(());
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
                        on:click=move |_| { take.dispatch_local(()); }>{move || s.t(Msg::SvTake)}</button>
                }>
                <A href=format!("/services/orders/{id}") attr:class="btn btn-secondary btn-small">
                    {move || s.t(Msg::SvTakenOpen)}
                </A>
            </Show>
            <FormError message=error />
        </li>
    }
}
