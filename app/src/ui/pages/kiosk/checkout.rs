//! 公益积分无人超市: the unattended self-checkout at /kiosk, for a shared tablet or phone
//! signed in with the kiosk role. Large type, Chinese first, one hand: scan the card (a
//! scanner typing into the always-focused field, the card number by hand, or the camera),
//! the PIN for a printed card, then scan or tap goods, see the basket against the balance,
//! confirm, and read the receipt. Checkout carries one idempotency key per basket, so a
//! retry after a dropped connection never charges twice. When the network drops between
//! "confirm" and the answer, the kiosk says the sale is not paid yet, locks the basket and
//! sends the same request again by itself (when the browser is back online, and on a
//! backoff) until the server answers. Left idle, it starts over (never with a checkout
//! still waiting).
//!
//! Signed in as a kiosk account it is the whole screen (the shell shows no navigation):
//! each customer picks their own language, which is not saved to the kiosk account and
//! goes back to the kiosk's own when the customer is cleared; the receipt prints; and
//! only an administrator's card with its PIN signs the kiosk out.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use gloo_timers::future::TimeoutFuture;
use leptos::ev::{self, SubmitEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::cards::VerifyCardRequest;
use crate::api::shop::{CartLine, CatalogueQuery, CheckoutRequest, ItemCard, KioskMember, Receipt};
use crate::api::Reason;
use crate::cards::{format_number, is_valid_pin, CardQr};
use crate::i18n::{KioskMsg, Lang, Msg};
use crate::nav::{is_admin, is_kiosk, is_kiosk_only};
use crate::shop::{
    classify_scan, taken_of, CartRefusal, KioskCart, KioskLine, Scan, KIOSK_IDLE_SECS,
};
use crate::ui::api::{self, ApiError};
use crate::ui::components::scanner::ScanField;
use crate::ui::components::status::when_words;
use crate::ui::components::status::FormError;
use crate::ui::pages::kiosk::pickup::PickupStep;
use crate::ui::state::{use_session, Session};

/// Seconds a receipt stays on screen untouched.
const RECEIPT_SECS: i64 = 20;

/// Longest wait between two attempts at a checkout that got no answer.
const RETRY_MAX: Duration = Duration::from_secs(15);

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// How the member proved the card: the printed card's number with its PIN, or the
/// phone's live code (which lapses within a minute).
#[derive(Debug, Clone, PartialEq)]
enum Proof {
    Pin { number: String, pin: String },
    Token { qr: String, expires_at: i64 },
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Card,
    Pin(String),
    Shop(KioskMember, Proof),
    Done(Receipt),
    /// A phone reservation's pickup QR or code was scanned.
    Pickup(String),
}

#[component]
pub fn KioskPage() -> impl IntoView {
    let s = use_session();
    let allowed = move || {
        s.me.with(|m| m.as_ref().is_some_and(|p| is_kiosk(p) || is_admin(p)))
    };
    view! {
        <Show when=allowed fallback=move || view! {
            <section class="card prompt kiosk-denied">
                <p>{move || s.t(KioskMsg::KioskOnly)}</p>
                <A href="/login?next=%2Fkiosk" attr:class="btn btn-primary">{move || s.t(Msg::SignIn)}</A>
            </section>
        }>
            <Kiosk />
        </Show>
    }
}

/// Wait before the `failures`-th retry: 1, 2, 4, 8 seconds, then `RETRY_MAX`.
fn backoff(failures: u32) -> Duration {
    let doubled = Duration::from_secs(1) * (1 << failures.saturating_sub(1).min(4));
    doubled.min(RETRY_MAX)
}

/// A checkout on its way. Until the server answers, the request is kept and sent again
/// as it is, with its idempotency key, so the member is charged once whatever the network
/// does; meanwhile the basket cannot change and the kiosk cannot start over.
#[derive(Clone, Copy)]
struct Payment {
    s: Session,
    stage: RwSignal<Stage>,
    error: RwSignal<Option<String>>,
    /// The request, from the first attempt until the server answers it.
    pending: RwSignal<Option<CheckoutRequest>>,
    /// An attempt is on the wire.
    sending: RwSignal<bool>,
    /// Attempts in a row that got no answer.
    failures: RwSignal<u32>,
}

impl Payment {
    fn new(s: Session, stage: RwSignal<Stage>, error: RwSignal<Option<String>>) -> Self {
        Payment {
            s,
            stage,
            error,
            pending: RwSignal::new(None),
            sending: RwSignal::new(false),
            failures: RwSignal::new(0),
        }
    }

    /// Waiting for the server's answer (reactive).
    fn locked(self) -> bool {
        self.sending.get() || self.pending.with(Option::is_some)
    }

    /// An attempt got no answer and the server has not answered since (reactive).
    fn unanswered(self) -> bool {
        self.failures.get() > 0
    }

    fn locked_untracked(self) -> bool {
        self.sending.get_untracked() || self.pending.with_untracked(Option::is_some)
    }

    fn send(self, req: CheckoutRequest) {
        // Gone with the page, or an attempt already on the wire.
        if self.sending.try_get_untracked() != Some(false) {
            return;
        }
        self.sending.set(true);
        self.pending.set(Some(req.clone()));
        self.error.set(None);
        spawn_local(async move {
            let answer = api::checkout(req).await;
            if self.sending.try_set(false).is_some() {
                return;
            }
            match answer {
                Ok(receipt) => {
                    self.failures.set(0);
                    self.pending.set(None);
                    self.stage.set(Stage::Done(receipt));
                }
                Err(ApiError::Network) => {
                    let n = self.failures.get_untracked() + 1;
                    self.failures.set(n);
                    set_timeout(move || self.retry(), backoff(n));
                }
                // The server answered: nothing was charged, the basket is free again.
                Err(e) => {
                    self.failures.set(0);
                    self.pending.set(None);
                    self.error.set(Some(e.text(self.s.lang.get_untracked())));
                }
            }
        });
    }

    /// Sends the waiting request again, if there still is one.
    fn retry(self) {
        if let Some(Some(req)) = self.pending.try_get_untracked() {
            self.send(req);
        }
    }
}

#[component]
fn Kiosk() -> impl IntoView {
    let s = use_session();
    let stage = RwSignal::new(Stage::Card);
    let cart = RwSignal::new(KioskCart::default());
    let error = RwSignal::new(None::<String>);
    let last_touch = RwSignal::new(now_secs());
    let pay = Payment::new(s, stage, error);
    // The kiosk's own language, which each customer may change for themselves.
    let home_lang =
        s.me.with_untracked(|m| m.as_ref().map(|p| p.lang))
            .unwrap_or_default();
    let kiosk_only =
        s.me.with_untracked(|m| m.as_ref().is_some_and(is_kiosk_only));
    // The network is back: send a waiting checkout at once rather than at the next try.
    let online = window_event_listener(ev::online, move |_| pay.retry());
    on_cleanup(move || online.remove());
    let reset = move || {
        if pay.locked_untracked() {
            return;
        }
        stage.set(Stage::Card);
        cart.set(KioskCart::default());
        error.set(None);
        s.lang.set(home_lang);
    };
    // Start over after a while without a touch, key or scan.
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    spawn_local(async move {
        while alive.load(Ordering::Relaxed) {
            TimeoutFuture::new(1_000).await;
            if !alive.load(Ordering::Relaxed) {
                break;
            }
            let idle = now_secs() - last_touch.get_untracked();
            let limit = match stage.get_untracked() {
                // Nothing to clear but, perhaps, a language the customer chose.
                Stage::Card if s.lang.get_untracked() == home_lang => continue,
                _ if pay.locked_untracked() => continue,
                Stage::Done(_) => RECEIPT_SECS,
                _ => KIOSK_IDLE_SECS,
            };
            if idle >= limit {
                reset();
            }
        }
    });
    view! {
        <section class="kiosk" on:pointerdown=move |_| last_touch.set(now_secs())
            on:keydown=move |_| last_touch.set(now_secs())>
            <header class="kiosk-head no-print">
                <h1>{move || s.t(KioskMsg::KioskTitle)}</h1>
                <div class="kiosk-head-end">
                    <CustomerLang />
                    {move || (!matches!(stage.get(), Stage::Card) && !pay.locked()).then(|| view! {
                        <button class="btn btn-secondary" type="button" on:click=move |_| reset()>
                            {move || s.t(KioskMsg::KioskCancel)}
                        </button>
                    })}
                </div>
            </header>
            {move || match stage.get() {
                Stage::Card => view! { <CardStep stage=stage error=error /> }.into_any(),
                Stage::Pin(number) => view! { <PinStep number=number stage=stage error=error /> }.into_any(),
                Stage::Shop(member, proof) => view! {
                    <ShopStep member=member proof=proof pay=pay cart=cart error=error />
                }.into_any(),
                Stage::Done(r) => view! { <ReceiptStep receipt=r on_next=Callback::new(move |_| reset()) /> }.into_any(),
                Stage::Pickup(text) => view! { <PickupStep text=text on_next=Callback::new(move |_| reset()) /> }.into_any(),
            }}
            <p class="muted small center kiosk-idle no-print">{move || s.t(Msg::KioskIdle)}</p>
            {move || (kiosk_only && matches!(stage.get(), Stage::Card)).then(|| view! { <SignOut /> })}
        </section>
    }
}

/// Checks the card at the server and moves on to shopping.
fn verify(
    s: Session,
    stage: RwSignal<Stage>,
    error: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    req: VerifyCardRequest,
    proof: Proof,
) {
    busy.set(true);
    spawn_local(async move {
        let answer = api::kiosk_member(req).await;
        // The kiosk may have started over meanwhile.
        if busy.try_set(false).is_some() {
            return;
        }
        match answer {
            Ok(member) => {
                error.set(None);
                stage.set(Stage::Shop(member, proof));
            }
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
}

#[component]
fn CardStep(stage: RwSignal<Stage>, error: RwSignal<Option<String>>) -> impl IntoView {
    let s = use_session();
    let busy = RwSignal::new(false);
    let on_scan = Callback::new(move |text: String| match classify_scan(&text) {
        // A reservation's pickup QR or ten-digit code: never a card number or barcode.
        _ if crate::pickup::parse(&text).is_some() => {
            error.set(None);
            stage.set(Stage::Pickup(text.trim().to_string()));
        }
        Scan::Card(CardQr::Static { number }) => {
            error.set(None);
            stage.set(Stage::Pin(number));
        }
        // A second scan while the first is checked is the same card: ignored.
        Scan::Card(CardQr::Dynamic(_)) if busy.get_untracked() => {}
        Scan::Card(CardQr::Dynamic(t)) => {
            let proof = Proof::Token {
                qr: text.clone(),
                expires_at: t.expires_at,
            };
            let req = VerifyCardRequest {
                qr: Some(text.clone()),
                ..Default::default()
            };
            verify(s, stage, error, busy, req, proof);
        }
        _ => error.set(Some(s.t(KioskMsg::KioskNotACard).to_string())),
    });
    view! {
        <div class="card kiosk-step">
            <h2 class="kiosk-big">{move || s.t(KioskMsg::KioskScanCard)}</h2>
            <p>{move || s.t(KioskMsg::KioskScanHint)}</p>
            <p class="muted">{move || s.t(KioskMsg::KioskPickupHint)}</p>
            <ScanField label=KioskMsg::KioskScanInput on_scan=on_scan id="kiosk-card" inputmode="numeric" />
            <FormError message=error />
        </div>
    }
}

#[component]
fn PinStep(
    number: String,
    stage: RwSignal<Stage>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let s = use_session();
    let pin = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let shown = format_number(&number);
    // The PIN field takes the focus as it appears (autofocus only works on page load).
    let field = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = field.get() {
            let _ = el.focus();
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // Enter pressed again while the PIN is checked must not send it twice (each wrong
        // answer counts against the card).
        if busy.get_untracked() {
            return;
        }
        let p = pin.get_untracked().trim().to_string();
        if !is_valid_pin(&p) {
            error.set(Some(s.t(KioskMsg::KioskPinHint).to_string()));
            return;
        }
        busy.set(true);
        let req = VerifyCardRequest {
            card_number: Some(number.clone()),
            pin: Some(p.clone()),
            ..Default::default()
        };
        let proof = Proof::Pin {
            number: number.clone(),
            pin: p,
        };
        pin.set(String::new());
        verify(s, stage, error, busy, req, proof);
    };
    view! {
        <form class="card kiosk-step" on:submit=on_submit autocomplete="off">
            <p class="kiosk-number" data-testid="kiosk-card-number">{shown}</p>
            <label class="kiosk-big" for="kiosk-pin">{move || s.t(KioskMsg::KioskEnterPin)}</label>
            <input id="kiosk-pin" class="pin-input" type="password" inputmode="numeric" autocomplete="off"
                maxlength="6" node_ref=field bind:value=pin readonly=move || busy.get() />
            <p class="muted small">{move || s.t(KioskMsg::KioskPinHint)}</p>
            <FormError message=error />
            <button class="btn btn-primary btn-block btn-huge" type="submit" disabled=move || busy.get()>
                {move || if busy.get() { s.t(Msg::Working) } else { s.t(Msg::KioskNext) }}
            </button>
        </form>
    }
}

/// A goods card as a cart line, with what the member took of it this month.
fn line_of(i: &ItemCard, taken: &[CartLine]) -> KioskLine {
    KioskLine {
        item_id: i.id,
        name: i.name.clone(),
        price: i.price,
        stock: i.stock,
        monthly_limit: i.monthly_limit,
        taken: taken_of(taken, i.id),
        quantity: 0,
    }
}

fn refusal_text(r: CartRefusal) -> Msg {
    match r {
        CartRefusal::OutOfStock => Msg::OutOfStock,
        CartRefusal::OverLimit => Msg::KioskOverLimit,
    }
}

#[component]
fn ShopStep(
    member: KioskMember,
    proof: Proof,
    pay: Payment,
    cart: RwSignal<KioskCart>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let s = use_session();
    let KioskMember {
        holder,
        month_taken,
    } = member;
    let month_taken = StoredValue::new(month_taken);
    let balance = holder.balance;
    let name = holder.name.clone();
    let number = holder.card_number.clone();
    let proof = RwSignal::new(proof);
    let need_rescan = RwSignal::new(false);
    let goods = LocalResource::new(|| {
        api::catalogue(CatalogueQuery {
            limit: Some(100),
            ..Default::default()
        })
    });
    let add = move |l: KioskLine| {
        if pay.locked_untracked() {
            return;
        }
        let mut refused = None;
        cart.update(|c| refused = c.add(l).err());
        error.set(refused.map(|r| s.t(refusal_text(r)).to_string()));
    };
    let on_barcode = Callback::new(move |code: String| {
        if let Scan::Card(CardQr::Dynamic(_)) = classify_scan(&code) {
            // The phone shown again to confirm.
            return;
        }
        spawn_local(async move {
            match api::item_by_barcode(&code).await {
                Ok(i) => add(KioskLine {
                    item_id: i.id,
                    name: i.name,
                    price: i.price,
                    stock: i.stock,
                    monthly_limit: i.monthly_limit,
                    taken: month_taken.with_value(|t| taken_of(t, i.id)),
                    quantity: 0,
                }),
                Err(e) if e.reason() == Some(Reason::NoItemWithBarcode) => {
                    error.set(Some(s.t(KioskMsg::KioskUnknownBarcode).to_string()))
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    });
    let submit = move || {
        if pay.locked_untracked() {
            return;
        }
        let lines: Vec<CartLine> = cart.with_untracked(|c| {
            c.lines
                .iter()
                .map(|l| CartLine {
                    item_id: l.item_id,
                    quantity: l.quantity,
                })
                .collect()
        });
        let mut key = String::new();
        cart.update_untracked(|c| key = c.key(|| api::new_key("kiosk")));
        let mut req = CheckoutRequest {
            lines,
            idempotency_key: key,
            ..Default::default()
        };
        match proof.get_untracked() {
            Proof::Pin { number, pin } => {
                req.card_number = Some(number);
                req.pin = Some(pin);
            }
            Proof::Token { qr, expires_at } => {
                if expires_at <= now_secs() + 2 {
                    need_rescan.set(true);
                    return;
                }
                req.qr = Some(qr);
            }
        }
        pay.send(req);
    };
    let on_rescan = Callback::new(move |text: String| match crate::cards::decode(&text) {
        Ok(CardQr::Dynamic(t)) if t.number == number => {
            proof.set(Proof::Token {
                qr: text,
                expires_at: t.expires_at,
            });
            need_rescan.set(false);
            submit();
        }
        _ => error.set(Some(s.t(KioskMsg::KioskNotACard).to_string())),
    });
    let total = move || cart.with(|c| c.total());
    let left = move || cart.with(|c| c.left_after(balance));
    let short = move || left() < 0;
    view! {
        <div class="kiosk-shop">
            <div class="kiosk-pick">
            <div class="card kiosk-member">
                <p class="kiosk-big">{move || welcome(s.lang.get(), &name)}</p>
                <p>{move || s.t(KioskMsg::KioskBalance)}" "<strong class="kiosk-balance" data-testid="kiosk-balance">{balance}</strong></p>
            </div>
            <Show when=move || !need_rescan.get() fallback=move || view! {
                <div class="card kiosk-step">
                    <ScanField label=KioskMsg::KioskRescan on_scan=on_rescan id="kiosk-rescan" />
                </div>
            }>
                <div class="card">
                    <ScanField label=KioskMsg::KioskBarcode on_scan=on_barcode id="kiosk-barcode" camera=true />
                    <p class="muted small">{move || s.t(KioskMsg::KioskScanGoods)}</p>
                    <ul class="kiosk-goods">
                        {move || goods.get().and_then(|r| r.ok()).map(|page| page.items.into_iter().filter(|i| i.in_stock).map(|i| {
                            let l = month_taken.with_value(|t| line_of(&i, t));
                            view! {
                                <li>
                                    <button type="button" class="kiosk-good" disabled=move || pay.locked()
                                        on:click=move |_| add(l.clone())>
                                        {match i.thumb_url.clone() {
                                            Some(u) => view! { <img class="good-photo" src=u alt="" loading="lazy" width="240" height="180" /> }.into_any(),
                                            // No photo yet: the name's first character on a tile.
                                            None => view! {
                                                <span class="good-photo photo-none" aria-hidden="true">{i.name.chars().next().map(String::from)}</span>
                                            }.into_any(),
                                        }}
                                        <span class="good-name">{i.name.clone()}</span>
                                        <span class="good-price">{i.price}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view())}
                    </ul>
                </div>
            </Show>
            </div>
            <section class="card kiosk-cart" aria-labelledby="cart-title">
                <h2 id="cart-title">{move || s.t(KioskMsg::KioskCart)}</h2>
                <Show when=move || !cart.with(|c| c.is_empty()) fallback=move || view! {
                    <p class="muted">{move || s.t(KioskMsg::KioskCartEmpty)}</p>
                }>
                    <ul class="row-list">
                        {move || cart.with(|c| c.lines.clone()).into_iter().map(|l| {
                            let id = l.item_id;
                            let change = move |d: i64| {
                                let mut refused = None;
                                cart.update(|c| refused = c.change(id, d).err());
                                error.set(refused.map(|r| s.t(refusal_text(r)).to_string()));
                            };
                            view! {
                                <li class="row cart-row" data-testid="cart-line">
                                    <span class="row-main"><strong>{l.name.clone()}</strong>
                                        <span class="muted">{l.price}" × "{l.quantity}</span>
                                        {l.monthly_limit.map(|m| view! {
                                            <span class="muted small" data-testid="cart-limit">
                                                {move || s.t(Msg::MonthlyLimitText)}" "{m}" · "
                                                {move || s.t(KioskMsg::KioskTakenThisMonth)}" "{l.taken}
                                            </span>
                                        })}</span>
                                    <button type="button" class="btn btn-secondary qty" aria-label=move || s.t(Msg::KioskRemoveOne)
                                        disabled=move || pay.locked() on:click=move |_| change(-1)>"−"</button>
                                    <span class="qty-n">{l.quantity}</span>
                                    <button type="button" class="btn btn-secondary qty" aria-label=move || s.t(Msg::KioskAddOne)
                                        disabled=move || pay.locked() on:click=move |_| change(1)>"+"</button>
                                    <span class="amount nowrap">{l.amount()}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Show>
                <p class="kiosk-total">{move || s.t(Msg::KioskTotal)}" "<strong data-testid="kiosk-total">{total}</strong>" "{move || s.t(Msg::PointsUnit)}</p>
                <p class:form-error=short>
                    {move || if short() { s.t(Msg::KioskShort) } else { s.t(Msg::KioskLeft) }}" "
                    {move || (!short()).then(left)}
                </p>
                <FormError message=error />
                // Shown from the first attempt that got no answer until the server answers.
                <Show when=move || pay.unanswered()>
                    <div class="kiosk-pending" role="alert" data-testid="kiosk-pending">
                        <p class="kiosk-big">{move || s.t(KioskMsg::KioskNotPaid)}</p>
                        <p>{move || s.t(KioskMsg::KioskWaitingNetwork)}</p>
                        <Show when=move || pay.sending.get() && pay.unanswered()>
                            <p class="small">{move || s.t(KioskMsg::KioskSendingAgain)}</p>
                        </Show>
                    </div>
                </Show>
                <button class="btn btn-primary btn-block btn-huge" type="button"
                    disabled=move || pay.locked() || short() || cart.with(|c| c.is_empty())
                    on:click=move |_| submit()>
                    {move || match (pay.unanswered(), pay.sending.get()) {
                        (true, _) => s.t(KioskMsg::KioskNotPaid),
                        (false, true) => s.t(Msg::Working),
                        (false, false) => s.t(KioskMsg::KioskCheckout),
                    }}
                </button>
            </section>
        </div>
    }
}

#[component]
fn ReceiptStep(receipt: Receipt, on_next: Callback<()>) -> impl IntoView {
    let s = use_session();
    view! {
        <div class="card kiosk-receipt" role="status" data-testid="receipt">
            <h2 class="kiosk-big ok">"✓ "{move || s.t(KioskMsg::KioskReceipt)}</h2>
            <p>{receipt.member_name.clone()}" · "{receipt.card.clone()}</p>
            <p class="muted small">{move || s.t(KioskMsg::KioskReceiptNo)}" "{receipt.order_id}" · "{when_words(receipt.created_at)}</p>
            <ul class="row-list">
                {receipt.lines.iter().map(|l| view! {
                    <li class="row">
                        <span class="row-main">{l.name.clone()}<span class="muted">{l.unit_price}" × "{l.quantity}</span></span>
                        <span class="amount">{l.amount}</span>
                    </li>
                }).collect_view()}
            </ul>
            <p class="kiosk-total">{move || s.t(Msg::KioskTotal)}" "<strong>{receipt.total}</strong>" "{move || s.t(Msg::PointsUnit)}</p>
            <p class="kiosk-big">{move || s.t(KioskMsg::KioskBalanceNow)}" "<strong data-testid="receipt-balance">{receipt.balance}</strong></p>
            <div class="kiosk-receipt-actions no-print">
                <button class="btn btn-secondary btn-huge" type="button" on:click=move |_| print()>
                    {move || s.t(KioskMsg::KioskPrintReceipt)}
                </button>
                <button class="btn btn-primary btn-huge" type="button" on:click=move |_| on_next.run(())>
                    {move || s.t(KioskMsg::KioskDoneNext)}
                </button>
            </div>
        </div>
    }
}

/// "Hello, 李梅" in the customer's language.
fn welcome(lang: Lang, name: &str) -> String {
    crate::i18n::t(lang, KioskMsg::KioskWelcome).replace("{name}", name)
}

/// The browser's print dialog: the print style sheet leaves only the receipt.
fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// The customer's language: changed for this customer only (never saved to the kiosk
/// account) and back to the kiosk's own when the kiosk starts over.
#[component]
fn CustomerLang() -> impl IntoView {
    let s = use_session();
    view! {
        <div class="lang-switch kiosk-lang" role="group" aria-label=move || s.t(KioskMsg::KioskLanguage)>
            {Lang::ALL.into_iter().map(|l| view! {
                <button type="button" lang=l.code() aria-pressed=move || (s.lang.get() == l).to_string()
                    on:click=move |_| s.lang.set(l)>
                    {l.native_name()}
                </button>
            }).collect_view()}
        </div>
    }
}

/// Signing the kiosk out: an administrator's card (scanned or typed) and its PIN, checked
/// by the server, which says how many tries are left after a wrong PIN.
#[component]
fn SignOut() -> impl IntoView {
    let s = use_session();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let card = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let text = card.get_untracked().trim().to_string();
        let p = pin.get_untracked().trim().to_string();
        if text.is_empty() || !is_valid_pin(&p) {
            error.set(Some(s.t(KioskMsg::KioskSignOutHint).to_string()));
            return;
        }
        let req = if text.starts_with("linli:") {
            VerifyCardRequest {
                qr: Some(text),
                pin: Some(p),
                ..Default::default()
            }
        } else {
            VerifyCardRequest {
                card_number: Some(text.replace(' ', "")),
                pin: Some(p),
                ..Default::default()
            }
        };
        pin.set(String::new());
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let answer = api::kiosk_sign_out(req).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match answer {
                Ok(()) => {
                    s.me.set(None);
                    navigate("/login", Default::default());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    view! {
        <div class="kiosk-signout no-print">
            <Show when=move || open.get() fallback=move || view! {
                <button class="btn btn-secondary btn-small" type="button" on:click=move |_| open.set(true)>
                    {move || s.t(KioskMsg::KioskSignOut)}
                </button>
            }>
                <form class="card form kiosk-step" on:submit=on_submit.clone() autocomplete="off" data-testid="kiosk-signout">
                    <h2>{move || s.t(KioskMsg::KioskSignOut)}</h2>
                    <p class="muted">{move || s.t(KioskMsg::KioskSignOutHint)}</p>
                    <div class="field">
                        <label for="kiosk-admin-card">{move || s.t(KioskMsg::KioskAdminCard)}</label>
                        <input id="kiosk-admin-card" type="text" inputmode="numeric" autocomplete="off" bind:value=card />
                    </div>
                    <div class="field">
                        <label for="kiosk-admin-pin">{move || s.t(KioskMsg::KioskAdminPin)}</label>
                        <input id="kiosk-admin-pin" class="pin-input" type="password" inputmode="numeric"
                            autocomplete="off" maxlength="6" bind:value=pin />
                    </div>
                    <FormError message=error />
                    <div class="kiosk-receipt-actions">
                        <button class="btn btn-secondary" type="button" on:click=move |_| {
                            open.set(false);
                            error.set(None);
                            pin.set(String::new());
                        }>{move || s.t(Msg::Cancel)}</button>
                        <button class="btn btn-primary" type="submit" disabled=move || busy.get()>
                            {move || if busy.get() { s.t(Msg::Working) } else { s.t(KioskMsg::KioskSignOutConfirm) }}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}
