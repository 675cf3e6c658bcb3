//! A scan field for counters (the shop kiosk, a team leader's check-in): an input that a
//! USB or Bluetooth scanner types into like a keyboard, ending with Enter, which takes
//! the focus back whenever nothing else holds it; typing by hand works the same way; and a
//! camera button that reads a QR code (and barcodes, where the browser's `BarcodeDetector`
//! does the reading). Each read text goes to `on_scan`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{Msg, Words};
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
            // A page's heading holds the focus only to announce the arrival.
            tag == "BODY" || tag == "BUTTON" || tag == "A" || tag == "MAIN" || tag == "H1"
        }
    }
}

#[component]
pub fn ScanField(
    /// The input's label.
    #[prop(into)]
    label: Words,
    /// Called with each scanned or typed text (trimmed, never empty).
    on_scan: Callback<String>,
    /// The id of the input (unique on the page).
    #[prop(default = "scan")]
    id: &'static str,
    /// The phone keyboard to offer: "numeric" for card numbers, "text" for goods codes.
    #[prop(default = "text")]
    inputmode: &'static str,
    /// Offer the camera button.
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

/// What `getUserMedia`'s refusal means for the person at the counter.
fn camera_problem(err: &JsValue) -> Msg {
    let name = js_sys::Reflect::get(err, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => Msg::KioskCameraBlocked,
        "NotFoundError" | "OverconstrainedError" => Msg::KioskCameraMissing,
        _ => Msg::KioskCameraDenied,
    }
}

/// How frames are read: the browser's BarcodeDetector where it has one (fast, native),
/// else the video drawn onto an offscreen canvas and decoded by `crate::qr_scan`.
enum Reader {
    Detector(JsValue),
    Canvas(
        web_sys::HtmlCanvasElement,
        web_sys::CanvasRenderingContext2d,
    ),
}

impl Reader {
    fn detector() -> Option<Reader> {
        let class = detector_class()?;
        js_sys::Reflect::construct(&class, &js_sys::Array::new())
            .ok()
            .map(Reader::Detector)
    }

    fn canvas() -> Option<Reader> {
        let doc = web_sys::window()?.document()?;
        let canvas = doc
            .create_element("canvas")
            .ok()?
            .dyn_into::<web_sys::HtmlCanvasElement>()
            .ok()?;
        // Read back every few hundred ms: keep the pixels on the CPU side.
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &options,
            &JsValue::from_str("willReadFrequently"),
            &JsValue::TRUE,
        );
        let ctx = canvas
            .get_context_with_context_options("2d", &options)
            .ok()??
            .dyn_into::<web_sys::CanvasRenderingContext2d>()
            .ok()?;
        Some(Reader::Canvas(canvas, ctx))
    }

    /// The first code in the current frame: `Ok(None)` if there is none (yet), `Err` if
    /// this reader cannot work here (a BarcodeDetector that rejects, a canvas that
    /// cannot be read).
    async fn read(&self, video: &web_sys::HtmlVideoElement) -> Result<Option<String>, ()> {
        match self {
            Reader::Detector(d) => detect_once(d, video).await,
            Reader::Canvas(canvas, ctx) => {
                // HAVE_CURRENT_DATA: before it there is no frame to draw.
                if video.ready_state() < 2 {
                    return Ok(None);
                }
                let (vw, vh) = (video.video_width() as usize, video.video_height() as usize);
                let (w, h) = crate::qr_scan::decode_size(vw, vh);
                if w == 0 || h == 0 {
                    return Ok(None);
                }
                if canvas.width() as usize != w || canvas.height() as usize != h {
                    canvas.set_width(w as u32);
                    canvas.set_height(h as u32);
                }
                // The canvas shrinks big camera frames as it draws them.
                ctx.draw_image_with_html_video_element_and_dw_and_dh(
                    video, 0.0, 0.0, w as f64, h as f64,
                )
                .map_err(|_| ())?;
                let data = ctx
                    .get_image_data(0.0, 0.0, w as f64, h as f64)
                    .map_err(|_| ())?;
                Ok(crate::qr_scan::decode_rgba(w, h, &data.data())
                    .into_iter()
                    .next())
            }
        }
    }
}

/// The first code `detector` finds in the video frame, if any.
async fn detect_once(
    detector: &JsValue,
    video: &web_sys::HtmlVideoElement,
) -> Result<Option<String>, ()> {
    let detect = js_sys::Reflect::get(detector, &JsValue::from_str("detect"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(())?;
    let promise = detect.call1(detector, video).map_err(|_| ())?;
    let found = JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|_| ())?;
    let first = js_sys::Array::from(&found).get(0);
    if first.is_undefined() {
        return Ok(None);
    }
    Ok(js_sys::Reflect::get(&first, &JsValue::from_str("rawValue"))
        .ok()
        .and_then(|v| v.as_string()))
}

/// Camera scanning: BarcodeDetector where the browser has it (Chrome on Android, Edge,
/// Safari 17+ on some devices), the Rust decoder elsewhere or when the detector fails.
#[component]
fn Camera(on_scan: Callback<String>) -> impl IntoView {
    let s = use_session();
    let on = RwSignal::new(false);
    let problem = RwSignal::new(None::<Msg>);
    let video = NodeRef::<html::Video>::new();
    let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
    // Each opening gets a number; a reading loop ends once the number moves on, so closing
    // and reopening quickly never leaves two loops reading.
    let session = StoredValue::new(0u32);
    let close = move || {
        session.try_update_value(|n| *n += 1);
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
        let Some(media) = web_sys::window().and_then(|w| w.navigator().media_devices().ok()) else {
            // No camera API at all (an insecure page, a very old browser).
            problem.set(Some(Msg::KioskCameraUnsupported));
            return;
        };
        let Some(mine) = session.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        let current = move || session.try_get_value() == Some(mine);
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
            let st = match got.and_then(|v| v.dyn_into::<web_sys::MediaStream>()) {
                Ok(st) => st,
                Err(e) => {
                    if current() {
                        problem.set(Some(camera_problem(&e)));
                        on.set(false);
                    }
                    return;
                }
            };
            // Closed (or gone) while the browser was asking for permission.
            let Some(v) = video.get_untracked().filter(|_| current()) else {
                stop(&st);
                return;
            };
            v.set_src_object(Some(&st));
            let _ = v.play();
            stream.set_value(Some(st));
            let Some(mut reader) = Reader::detector().or_else(Reader::canvas) else {
                problem.set(Some(Msg::KioskCameraUnsupported));
                close();
                return;
            };
            loop {
                TimeoutFuture::new(250).await;
                if !current() {
                    return;
                }
                match reader.read(&v).await {
                    Ok(Some(text)) if current() => {
                        close();
                        on_scan.run(text);
                        return;
                    }
                    Ok(_) => {}
                    // A detector that exists but cannot detect: fall back to ours.
                    Err(()) if matches!(reader, Reader::Detector(_)) => match Reader::canvas() {
                        Some(r) => reader = r,
                        None => {
                            problem.set(Some(Msg::KioskCameraUnsupported));
                            close();
                            return;
                        }
                    },
                    // A canvas that cannot be read now may be readable at the next frame.
                    Err(()) => {}
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
