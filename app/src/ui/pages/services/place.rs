//! The order form: what is needed, where, when suits and a number to call; a team leader
//! may order for a neighbour without a phone, recorded as placed on their behalf.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::orders::{PlaceOrder, Service};
use crate::api::{Node, NodeKind, Tree};

use crate::i18n::ServicesMsg;
use crate::roles::Role;
use crate::ui::api;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::state::use_session;

#[component]
pub fn PlaceOrderPage() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()))
        .unwrap_or(0);
    let data = LocalResource::new(move || async move {
        let sv = api::service(id).await?;
        let areas = api::nodes(Tree::Territory).await?;
        Ok::<_, api::ApiError>((sv, areas))
    });
    view! {
        <SignedIn>
            <section class="page place-order">
                <Transition fallback=Loading>
                    {move || data.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok((sv, areas)) => view! { <OrderForm sv areas /> }.into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

/// The areas an order for this service may be placed in: the served node and below.
fn areas_served(sv: &Service, areas: Vec<Node>) -> Vec<Node> {
    let marker = format!("/{}/", sv.serves_id);
    areas
        .into_iter()
        .filter(|n| n.path.contains(&marker))
        .filter(|n| matches!(n.kind, NodeKind::Community | NodeKind::Grid))
        .collect()
}

#[component]
fn OrderForm(sv: Service, areas: Vec<Node>) -> impl IntoView {
    let s = use_session();
    let areas = areas_served(&sv, areas);
    let leader = s.me.with_untracked(|m| {
        m.as_ref().is_some_and(|p| {
            p.roles
                .iter()
                .any(|g| matches!(g.role, Role::TeamLeader | Role::GridWorker))
        })
    });
    let own_phone =
        s.me.with_untracked(|m| m.as_ref().map(|p| p.phone.clone()).unwrap_or_default());
    let need = RwSignal::new(String::new());
    let area = RwSignal::new(areas.first().map(|n| n.id.to_string()).unwrap_or_default());
    let address = RwSignal::new(String::new());
    let when = RwSignal::new(String::new());
    let phone = RwSignal::new(own_phone);
    let proxy = RwSignal::new(false);
    let for_name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let service_id = sv.id;
    let navigate = use_navigate();
    let submit = Action::new_local(move |req: &PlaceOrder| {
        let req = req.clone();
        let navigate = navigate.clone();
        async move {
            match api::place_order(req).await {
                Ok(o) => navigate(&format!("/services/orders/{}", o.id), Default::default()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let for_name = proxy
            .get_untracked()
            .then(|| for_name.get_untracked().trim().to_string());
        submit.dispatch_local(PlaceOrder {
            service_id,
            need: need.get_untracked(),
            territory_id: area.get_untracked().parse().unwrap_or(0),
            address: address.get_untracked(),
            preferred_time: when.get_untracked(),
            phone: phone.get_untracked(),
            for_user_id: None,
            for_name,
        });
    };
    view! {
        <h1>{move || s.t(ServicesMsg::SvOrderThis)}</h1>
        <p class="muted">{sv.title.clone()}" · "{sv.team_name.clone()}</p>
        <form class="card form sv-form" on:submit=on_submit novalidate>
            {leader.then(|| view! {
                <label class="check">
                    <input type="checkbox" name="proxy" on:change=move |ev| proxy.set(event_target_checked(&ev)) />
                    <span>{move || s.t(ServicesMsg::SvForSomeoneElse)}</span>
                </label>
                <Show when=move || proxy.get()>
                    <div class="field">
                        <label for="sv-for">{move || s.t(ServicesMsg::SvForWhom)}</label>
                        <input id="sv-for" name="for_name" bind:value=for_name />
                        <p class="field-hint">{move || s.t(ServicesMsg::SvForWhomHint)}</p>
                    </div>
                </Show>
            })}
            <div class="field">
                <label for="sv-need">{move || s.t(ServicesMsg::SvNeed)}</label>
                <textarea id="sv-need" name="need" rows="3" maxlength="500" bind:value=need></textarea>
            </div>
            <div class="field">
                <label for="sv-area">{move || s.t(ServicesMsg::SvArea)}</label>
                <select id="sv-area" name="area" on:change=move |ev| area.set(event_target_value(&ev))>
                    {areas.into_iter().map(|n| view! { <option value=n.id.to_string()>{n.name}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="sv-address">{move || s.t(ServicesMsg::SvAddress)}</label>
                <input id="sv-address" name="address" maxlength="100" bind:value=address />
            </div>
            <div class="field">
                <label for="sv-when">{move || s.t(ServicesMsg::SvWhen)}</label>
                <input id="sv-when" name="when" maxlength="50" placeholder=move || s.t(ServicesMsg::SvWhenHint) bind:value=when />
            </div>
            <div class="field">
                <label for="sv-phone">{move || s.t(ServicesMsg::SvPhone)}</label>
                <input id="sv-phone" name="phone" type="tel" inputmode="tel" bind:value=phone />
            </div>
            <FormError message=error />
            <button type="submit" class="btn btn-primary" disabled=move || submit.pending().get()>
                {move || s.t(ServicesMsg::SvSubmitOrder)}
            </button>
        </form>
    }
}
