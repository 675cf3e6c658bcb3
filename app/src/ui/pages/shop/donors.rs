//! 捐赠光荣榜: the public honour roll of the units, merchants and people who gave goods,
//! most given first (no contact details).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::Msg;
use crate::shop::donor_kind_label;
use crate::ui::api;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

#[component]
pub fn HonourRollPage() -> impl IntoView {
    let s = use_session();
    let roll = LocalResource::new(api::honour_roll);
    view! {
        <section class="page honour narrow">
            <A href="/shop" attr:class="back-link">"‹ "{move || s.t(Msg::ShopTitle)}</A>
            <h1>{move || s.t(Msg::HonourRoll)}</h1>
            <p class="muted">{move || s.t(Msg::HonourIntro)}</p>
            <Transition fallback=Loading>
                {move || roll.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| roll.refetch()) /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <Empty msg=Msg::NoDonors /> }.into_any(),
                    Ok(list) => view! {
                        <ol class="card row-list honour-list">
                            {list.into_iter().enumerate().map(|(i, d)| view! {
                                <li class="row honour-row">
                                    <span class="rank" aria-hidden="true">{i + 1}</span>
                                    <span class="row-main">
                                        <strong>{d.name.clone()}</strong>
                                        <span class="badge">{move || s.t(donor_kind_label(d.kind))}</span>
                                        <span class="muted small">
                                            {move || s.t(Msg::Donations)}" "{d.donations}" · "
                                            {move || s.t(Msg::Quantity)}" "{d.total_quantity}" · "
                                            {move || s.t(Msg::LastDonation)}" "{d.last_on.clone()}
                                        </span>
                                    </span>
                                    <span class="amount nowrap">{d.total_value}" "{move || s.t(Msg::PointsUnit)}</span>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
