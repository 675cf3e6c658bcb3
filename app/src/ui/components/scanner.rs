//! A scan field for counters (the shop kiosk, a team leader's check-in): an input that a
//! USB or Bluetooth scanner types into like a keyboard, ending with Enter, which takes
//! the focus back whenever nothing else holds it; typing by hand works the same way; and,
//! where the browser has `BarcodeDetector`, a camera button that reads a QR code or
//! barcode. Each read text goes to `on_scan`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::Msg;
use crate::ui::state::use_session;

/// Whether the focus is on nothing in particular (so the scan field may take it).
fn focus_is_free() -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    match doc.active_element() {
        None => true,
        Some(el) => {
            let tag = el.tag_name();
            tag == "BODY" || tag == "BUTTON" || tag == "A" || tag == "MAIN"
        }
    }
}

#[component]
pub fn ScanField(
    /// The input's label.
    label: Msg,
    /// Called with each scanned or typed text (trimmed, never empty).
    on_scan: Callback<String>,
    /// The id of the input (unique on the page).
    #[prop(default = "scan")]
    id: &'static str,
    /// The phone keyboard to offer: "numeric" for card numbers, "text" for goods codes.
    #[prop(default = "text")]
    inputmode: &'static str,
    /// Offer the camera button (hidden where the browser cannot detect codes).
    #[prop(default = true)]
    camera: bool,
) -> impl IntoView {
    let s = use_session();
    let value = RwSignal::new(String::new());
    let input = NodeRef::<html::Input>::new();
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    let refocus = {
        let alive = alive.clone();
        move || {
            let alive = alive.clone();
            spawn_local(async move {
                TimeoutFuture::new(250).await;
                if alive.load(Ordering::Relaxed) && focus_is_free() {
                    if let Some(el) = input.get_untracked() {
                        let _ = el.focus();
                    }
                }
            });
        }
    };
    // Take the focus when shown, and keep it.
    Effect::new({
        let refocus = refocus.clone();
        move |_| {
            if input.get().is_some() {
                refocus();
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = value.get_untracked().trim().to_string();
        value.set(String::new());
        if !text.is_empty() {
            on_scan.run(text);
        }
    };
    let on_blur = move |_| refocus();
    view! {
        <form class="scan-field" on:submit=on_submit autocomplete="off">
            <label for=id>{move || s.t(label)}</label>
            <div class="scan-row">
                <input id=id node_ref=input type="text" inputmode=inputmode autocomplete="off"
                    autocapitalize="off" spellcheck="false" enterkeyhint="go"
                    bind:value=value on:blur=on_blur />
                <button class="btn btn-primary" type="submit">{move || s.t(Msg::KioskNext)}</button>
            </div>
            {camera.then(|| view! { <Camera on_scan=on_scan /> })}
        </form>
    }
}

fn detector_class() -> Option<js_sys::Function> {
    let w = web_sys::window()?;
    js_sys::Reflect::get(&w, &JsValue::from_str("BarcodeDetector"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

fn stop(stream: &web_sys::MediaStream) {
    for t in stream.get_tracks().iter() {
        if let Ok(t) = t.dyn_into::<web_sys::MediaStreamTrack>() {
            t.stop();
        }
    }
}

/// The first code `detector` finds in the video frame, if any.
async fn detect_once(detector: &JsValue, video: &web_sys::HtmlVideoElement) -> Option<String> {
    let detect = js_sys::Reflect::get(detector, &JsValue::from_str("detect"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let promise = detect.call1(detector, video).ok()?;
    let found = JsFuture::from(js_sys::Promise::from(promise)).await.ok()?;
    let found = js_sys::Array::from(&found);
    let first = found.get(0);
    if first.is_undefined() {
        return None;
    }
    js_sys::Reflect::get(&first, &JsValue::from_str("rawValue"))
        .ok()?
        .as_string()
}

/// Camera scanning with the browser's BarcodeDetector (Chrome on Android, Edge, Safari 17+
/// on some devices). Elsewhere it says so and the scanner or typing remain.
#[component]
fn Camera(on_scan: Callback<String>) -> impl IntoView {
    let s = use_session();
    let on = RwSignal::new(false);
    let problem = RwSignal::new(None::<Msg>);
    let video = NodeRef::<html::Video>::new();
    let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
    let close = move || {
        stream.try_update_value(|s| {
            if let Some(st) = s.take() {
                stop(&st);
            }
        });
        on.set(false);
    };
    on_cleanup(close);
    let open = move || {
        problem.set(None);
        let Some(class) = detector_class() else {
            problem.set(Some(Msg::KioskCameraUnsupported));
            return;
        };
        let Some(media) = web_sys::window().and_then(|w| w.navigator().media_devices().ok()) else {
            problem.set(Some(Msg::KioskCameraUnsupported));
            return;
        };
        on.set(true);
        spawn_local(async move {
            let constraints = web_sys::MediaStreamConstraints::new();
            let facing = js_sys::Object::new();
            let _ = js_sys::Reflect::set(
                &facing,
                &JsValue::from_str("facingMode"),
                &JsValue::from_str("environment"),
            );
            constraints.set_video(&facing);
            let got = match media.get_user_media_with_constraints(&constraints) {
                Ok(p) => JsFuture::from(p).await,
                Err(e) => Err(e),
            };
            let Ok(st) = got.and_then(|v| v.dyn_into::<web_sys::MediaStream>()) else {
                problem.set(Some(Msg::KioskCameraDenied));
                on.set(false);
                return;
            };
            let Some(v) = video.get_untracked() else {
                stop(&st);
                return;
            };
            v.set_src_object(Some(&st));
            let _ = v.play();
            stream.set_value(Some(st));
            let Ok(detector) = js_sys::Reflect::construct(&class, &js_sys::Array::new()) else {
                problem.set(Some(Msg::KioskCameraUnsupported));
                close();
                return;
            };
            while stream.try_with_value(|s| s.is_some()).unwrap_or(false) {
                TimeoutFuture::new(300).await;
                if let Some(text) = detect_once(&detector, &v).await {
                    close();
                    on_scan.run(text);
                    return;
                }
            }
        });
    };
    view! {
        <div class="camera">
            <video node_ref=video class="camera-view" class:hidden=move || !on.get()
                autoplay=true muted=true playsinline=true></video>
            {move || if on.get() {
                view! {
                    <button class="btn btn-secondary btn-block" type="button" on:click=move |_| close()>
                        {move || s.t(Msg::KioskCameraStop)}
                    </button>
                }.into_any()
            } else {
                view! {
                    <button class="btn btn-secondary btn-block" type="button" on:click=move |_| open()>
                        {move || s.t(Msg::KioskCamera)}
                    </button>
                }.into_any()
            }}
            {move || problem.get().map(|m| view! { <p class="form-error" role="alert">{move || s.t(m)}</p> })}
        </div>
    }
}
