//! 我的家庭 (/me/family): for a person who spends for a family in difficulty (二次公益),
//! the family's points and how to spend them: their points card at the kiosk and
//! reservations from the phone draw on the family's points.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{category_text, Msg, PointsMsg};
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

#[component]
pub fn FamilyPage() -> impl IntoView {
    view! { <SignedIn><Family /></SignedIn> }
}

#[component]
fn Family() -> impl IntoView {
    let s = use_session();
    let family = LocalResource::new(api::my_family);
    view! {
        <section class="page my-family">
            <h1>{move || s.t(PointsMsg::FamMine)}</h1>
            <Transition fallback=Loading>
                {move || family.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| family.refetch()) /> }.into_any(),
                    Ok(None) => view! { <div class="card"><Empty msg=PointsMsg::FamNone /></div> }.into_any(),
                    Ok(Some(f)) => {
                        let cat = f.category;
                        view! {
                            <div class="card balance-card">
                                <p class="balance-label">{f.full_name.clone()}" · "{move || category_text(s.lang.get(), cat)}</p>
                                <p class="balance">
                                    <span class="balance-number" data-testid="family-balance">{f.balance}</span>" "
                                    <span class="balance-unit">{move || s.t(Msg::PointsUnit)}</span>
                                </p>
                            </div>
                            <div class="card">
                                <p>{move || s.t(PointsMsg::FamHowTo)}</p>
                                <div class="actions">
                                    <A href="/points/card" attr:class="btn btn-primary">{move || s.t(PointsMsg::ShowCard)}</A>
                                    <A href="/shop" attr:class="btn btn-secondary">{move || s.t(Msg::NavShop)}</A>
                                </div>
                            </div>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
