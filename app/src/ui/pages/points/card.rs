//! My points card: the live QR code the phone shows (a signed token, renewed every ~30 s so
//! a screenshot stops working), the card number, the PIN for the printed card, and
//! blocking a lost card.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::cards::{CardStatus, MyCard, SetPinRequest};
use crate::cards::check_pin;
use crate::cards::format_number;
use crate::i18n::{card_status_text, Msg, PointsMsg};
use crate::ui::api::{self, ApiResult};
use crate::ui::components::field::Field;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::qr::QrSvg;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::pages::form_state::FormState;
use crate::ui::state::use_session;

#[component]
pub fn CardPage() -> impl IntoView {
    view! { <SignedIn><Card /></SignedIn> }
}

#[component]
fn Card() -> impl IntoView {
    let s = use_session();
    let card = LocalResource::new(api::my_card);
    // Answers to PIN and block actions replace the loaded card.
    let current = RwSignal::new(None::<MyCard>);
    view! {
        <section class="page card-page narrow">
            <A href="/points" attr:class="back-link">"‹ "{move || s.t(Msg::NavPoints)}</A>
            <h1>{move || s.t(PointsMsg::CardTitle)}</h1>
            <Transition fallback=Loading>
                {move || card.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| card.refetch()) /> }.into_any(),
                    Ok(c) => {
                        current.set(Some(c));
                        view! { <CardBody current=current /> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CardBody(current: RwSignal<Option<MyCard>>) -> impl IntoView {
    let s = use_session();
    let status = Memo::new(move |_| current.with(|c| c.as_ref().map(|c| c.status)));
    let number = move || {
        current.with(|c| {
            c.as_ref()
                .map(|c| format_number(&c.number))
                .unwrap_or_default()
        })
    };
    view! {
        <div class="card points-card">
            {move || match status.get() {
                Some(CardStatus::Active) => view! { <LiveQr /> }.into_any(),
                _ => view! { <p class="form-error" role="alert">{move || s.t(PointsMsg::CardBlockedHint)}</p> }.into_any(),
            }}
            <p class="card-number">
                <span class="muted">{move || s.t(Msg::FieldCardNumber)}</span>
                <span class="number" data-testid="card-number">{number}</span>
                {move || status.get().map(|st| view! {
                    <span class="badge" class:badge-warn=st != CardStatus::Active>{move || card_status_text(s.lang.get(), st)}</span>
                })}
            </p>
        </div>
        <PinForm current=current />
        <Show when=move || status.get() == Some(CardStatus::Active)>
            <BlockCard current=current />
        </Show>
    }
}

/// The live code: a fresh token now and every `refresh_in` seconds while the page is open,
/// with a countdown.
#[component]
fn LiveQr() -> impl IntoView {
    let s = use_session();
    let qr = RwSignal::new(String::new());
    let left = RwSignal::new(0i64);
    let error = RwSignal::new(None::<api::ApiError>);
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    spawn_local(async move {
        let mut wait = 0i64;
        while alive.load(Ordering::Relaxed) {
            if wait <= 0 {
                let r = api::card_token().await;
                if !alive.load(Ordering::Relaxed) {
                    break;
                }
                match r {
                    Ok(t) => {
                        qr.set(t.qr);
                        error.set(None);
                        wait = t.refresh_in.clamp(5, 55);
                    }
                    Err(e) => {
                        error.set(Some(e));
                        wait = 5;
                    }
                }
            }
            left.set(wait);
            TimeoutFuture::new(1_000).await;
            wait -= 1;
        }
    });
    let label = Signal::derive(move || s.t(PointsMsg::CardQrLabel).to_string());
    view! {
        <div class="live-qr">
            <Show when=move || !qr.with(|q| q.is_empty()) fallback=Loading>
                <QrSvg text=qr label=label />
            </Show>
            {move || error.get().map(|e| view! { <ErrorView error=e /> })}
            <p class="muted small center" aria-live="off">
                {move || s.t(PointsMsg::RefreshIn)}" "{move || left.get()}" "{move || s.t(PointsMsg::SecondsUnit)}
            </p>
            <p class="small center">{move || s.t(PointsMsg::CardLiveHint)}</p>
        </div>
    }
}

#[component]
fn PinForm(current: RwSignal<Option<MyCard>>) -> impl IntoView {
    let s = use_session();
    let has_pin = move || current.with(|c| c.as_ref().is_some_and(|c| c.has_pin));
    let locked = move || current.with(|c| c.as_ref().and_then(|c| c.locked_until));
    let pin = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let form = FormState::new(&["pin", "password"]);
    let submit = Action::new_local(move |req: &SetPinRequest| {
        let req = req.clone();
        async move {
            let r: ApiResult<MyCard> = api::set_pin(req).await;
            match &r {
                Ok(c) => {
                    current.set(Some(c.clone()));
                    pin.set(String::new());
                    again.set(String::new());
                    password.set(String::new());
                    saved.set(true);
                }
                Err(e) => form.server_error(e.clone()),
            }
            r
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        mismatch.set(false);
        form.clear();
        match check_pin(&pin.get_untracked(), &again.get_untracked()) {
            Ok(p) => {
                let password = has_pin().then(|| password.get_untracked());
                submit.dispatch_local(SetPinRequest { pin: p, password });
            }
            Err(problems) => {
                mismatch.set(problems.iter().any(|p| p.field == "pin_again"));
                form.problems.set(
                    problems
                        .into_iter()
                        .filter(|p| p.field != "pin_again")
                        .collect(),
                );
            }
        }
    };
    let again_problem = Signal::derive(move || {
        mismatch
            .get()
            .then(|| s.t(PointsMsg::PinMismatch).to_string())
    });
    view! {
        <form class="card form pin-form" on:submit=on_submit novalidate>
            <h2>{move || s.t(PointsMsg::PinTitle)}</h2>
            <p class="muted small">{move || s.t(PointsMsg::PinHint)}</p>
            <p>{move || if has_pin() { s.t(PointsMsg::PinIsSet) } else { s.t(PointsMsg::PinNotSet) }}</p>
            {move || locked().map(|t| view! {
                <p class="form-error">{move || s.t(PointsMsg::PinLockedUntil)}" "{when_words(t)}</p>
            })}
            <Field id="pin" label=Msg::FieldPin value=pin kind="password" inputmode="numeric"
                autocomplete="new-password" problem=form.field("pin") />
            <Field id="pin_again" label=Msg::FieldPinAgain value=again kind="password" inputmode="numeric"
                autocomplete="new-password" problem=again_problem />
            <Show when=has_pin>
                <Field id="pin_password" label=PointsMsg::FieldAccountPassword value=password kind="password"
                    autocomplete="current-password" problem=form.field("password") />
            </Show>
            <FormError message=form.general() />
            {move || saved.get().then(|| view! { <p class="form-ok" role="status">{move || s.t(PointsMsg::PinSaved)}</p> })}
            <button class="btn btn-primary btn-block" type="submit" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { s.t(Msg::Working) } else if has_pin() { s.t(PointsMsg::ChangePin) } else { s.t(PointsMsg::SetPin) }}
            </button>
        </form>
    }
}

#[component]
fn BlockCard(current: RwSignal<Option<MyCard>>) -> impl IntoView {
    let s = use_session();
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let block = Action::new_local(move |_: &()| async move {
        match api::block_my_card().await {
            Ok(c) => {
                asking.set(false);
                current.set(Some(c));
            }
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    view! {
        <section class="card block-card">
            <h2>{move || s.t(PointsMsg::LostCard)}</h2>
            <p class="muted small">{move || s.t(PointsMsg::LostCardHint)}</p>
            <FormError message=error />
            {move || if asking.get() {
                view! {
                    <div class="actions">
                        <button class="btn btn-danger" type="button" disabled=move || block.pending().get()
                            on:click=move |_| { block.dispatch_local(()); }>
                            {move || s.t(PointsMsg::BlockConfirm)}
                        </button>
                        <button class="btn btn-secondary" type="button" on:click=move |_| asking.set(false)>
                            {move || s.t(Msg::Cancel)}
                        </button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <button class="btn btn-danger-outline btn-block" type="button" on:click=move |_| asking.set(true)>
                        {move || s.t(PointsMsg::BlockCard)}
                    </button>
                }.into_any()
            }}
        </section>
    }
}
