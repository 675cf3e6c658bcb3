//! The kiosk's pickup of a phone reservation: the scanned QR or typed code is looked up,
//! the member's name and the goods are shown, and "handed over" marks it collected.
//! A collected, cancelled or expired reservation is refused with the reason; nothing is
//! charged here (the reservation was paid when it was made). The member types their
//! card PIN before the goods are handed over: a code seen over a shoulder is not enough.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::shop::{Reservation, ReservationStatus};
use crate::cards::is_valid_pin;
use crate::i18n::{KioskMsg, Msg};
use crate::pickup::{format_code, refusal, status_label};
use crate::ui::api;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::state::use_session;

/// The pickup of `text` (a scanned QR or a typed code); `on_next` starts over.
#[component]
pub fn PickupStep(text: String, on_next: Callback<()>) -> impl IntoView {
    let s = use_session();
    let text = StoredValue::new(text);
    let found = LocalResource::new(move || {
        let t = text.get_value();
        async move { api::pickup(&t).await }
    });
    let collected = RwSignal::new(None::<Reservation>);
    view! {
        <div class="card kiosk-step kiosk-pickup" data-testid="pickup">
            <h2 class="kiosk-big">{move || s.t(KioskMsg::KioskPickupTitle)}</h2>
            {move || match collected.get() {
                Some(r) => view! { <Handed r=r on_next=on_next /> }.into_any(),
                None => view! {
                    <Transition fallback=Loading>
                        {move || found.get().map(|res| match res {
                            Err(e) => view! {
                                <ErrorView error=e />
                                <button class="btn btn-secondary btn-block btn-huge" type="button"
                                    on:click=move |_| on_next.run(())>{move || s.t(KioskMsg::KioskDoneNext)}</button>
                            }.into_any(),
                            Ok(r) => view! { <Found r=r text=text.get_value() collected=collected on_next=on_next /> }.into_any(),
                        })}
                    </Transition>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Lines(r: Reservation) -> impl IntoView {
    let s = use_session();
    view! {
        <p class="kiosk-big"><strong data-testid="pickup-member">{r.member_name.clone()}</strong></p>
        <p class="muted">{move || s.t(Msg::PickupCode)}" "{format_code(&r.code)}</p>
        <ul class="row-list">
            {r.lines.iter().map(|l| view! {
                <li class="row" data-testid="pickup-line">
                    <span class="row-main"><strong>{l.name.clone()}</strong></span>
                    <span class="qty-n">"× "{l.quantity}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Found(
    r: Reservation,
    text: String,
    collected: RwSignal<Option<Reservation>>,
    on_next: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let status = r.status;
    let refused = refusal(status);
    let pin = RwSignal::new(String::new());
    let hand_over = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let p = pin.get_untracked().trim().to_string();
        if !is_valid_pin(&p) {
            error.set(Some(s.t(KioskMsg::KioskPinHint).to_string()));
            return;
        }
        pin.set(String::new());
        let text = text.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let res = api::collect_pickup(&text, p).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match res {
                Ok(done) => collected.set(Some(done)),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    let when = match status {
        ReservationStatus::Collected => r.collected_at,
        _ => r.closed_at,
    };
    view! {
        <Lines r=r.clone() />
        {match refused {
            None => view! {
                <form on:submit=hand_over autocomplete="off">
                    <label class="kiosk-big" for="pickup-pin">{move || s.t(KioskMsg::KioskPickupPin)}</label>
                    <input id="pickup-pin" class="pin-input" type="password" inputmode="numeric" autocomplete="off"
                        maxlength="6" bind:value=pin />
                    <p class="muted small">{move || s.t(KioskMsg::KioskPinHint)}</p>
                    <FormError message=error />
                    <button class="btn btn-primary btn-block btn-huge" type="submit" disabled=move || busy.get()>
                        {move || if busy.get() { s.t(Msg::Working) } else { s.t(KioskMsg::KioskHandOver) }}
                    </button>
                </form>
            }.into_any(),
            Some(m) => view! {
                <p class="form-error kiosk-big" role="alert" data-testid="pickup-refused">
                    <span class="badge badge-warn">{move || s.t(status_label(status))}</span>" "{move || s.t(m)}
                </p>
                {when.map(|t| view! { <p class="muted">{when_words(t)}</p> })}
                <button class="btn btn-secondary btn-block btn-huge" type="button" on:click=move |_| on_next.run(())>
                    {move || s.t(KioskMsg::KioskDoneNext)}
                </button>
            }.into_any(),
        }}
    }
}

#[component]
fn Handed(r: Reservation, on_next: Callback<()>) -> impl IntoView {
    let s = use_session();
    view! {
        <div role="status" data-testid="pickup-done">
            <p class="kiosk-big ok">"✓ "{move || s.t(KioskMsg::KioskHandedOver)}</p>
            <Lines r=r />
            <button class="btn btn-primary btn-block btn-huge" type="button" on:click=move |_| on_next.run(())>
                {move || s.t(KioskMsg::KioskDoneNext)}
            </button>
        </div>
    }
}
