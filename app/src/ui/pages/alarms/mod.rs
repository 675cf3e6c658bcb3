//! 一键报警 and the dispatch desk (S7): the red button with my alarms, an alarm's page with
//! its timeline ("I'm going", resolve), and a community's desk with its open alarms
//! first (a flashing row and, once turned on, a sound), then the help requests not yet
//! done, and who is on duty in each grid; help requests (求助) and their answers.
//! Pages read themselves again whenever the notification stream brings something.

pub mod button;
pub mod desk;
pub mod detail;
pub mod help;
pub mod log;
pub mod rota;

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;
use wasm_bindgen::JsCast;

use crate::api::alarms::{AlarmState, AlarmStep, LEVEL_COMMUNITY, LEVEL_GRID, LEVEL_LEADERS};
use crate::i18n::AlarmsMsg;
use crate::ui::area::area_routes;
use crate::ui::pages::not_found::NotFoundPage;
use crate::ui::state::use_session;

area_routes!(
    alarms,
    pub fn routes() {
        view! {
            <Routes fallback=NotFoundPage>
                <Route path=path!("/alarm") view=button::AlarmPage />
                <Route path=path!("/alarm/rota") view=rota::RotaPage />
                <Route path=path!("/alarm/log") view=log::LogPage />
                <Route path=path!("/alarm/:id") view=detail::AlarmDetailPage />
                <Route path=path!("/dispatch") view=desk::ChooseDeskPage />
                <Route path=path!("/dispatch/:id") view=desk::DeskPage />
                <Route path=path!("/help") view=help::HelpPage />
            </Routes>
        }
    }
);

pub fn state_msg(state: AlarmState) -> AlarmsMsg {
    match state {
        AlarmState::Open => AlarmsMsg::AlStateOpen,
        AlarmState::Acknowledged => AlarmsMsg::AlStateAck,
        AlarmState::Resolved => AlarmsMsg::AlStateResolved,
    }
}

pub fn state_badge(state: AlarmState) -> impl IntoView {
    let s = use_session();
    view! { <span class="badge al-state" data-state=state.as_str()>{move || s.t(state_msg(state))}</span> }
}

pub fn level_msg(level: i64) -> AlarmsMsg {
    match level {
        LEVEL_GRID => AlarmsMsg::AlLevelGrid,
        LEVEL_COMMUNITY => AlarmsMsg::AlLevelCommunity,
        LEVEL_LEADERS => AlarmsMsg::AlLevelLeaders,
        _ => AlarmsMsg::AlLevelOutside,
    }
}

pub fn step_msg(step: AlarmStep) -> AlarmsMsg {
    match step {
        AlarmStep::Raised => AlarmsMsg::AlStepRaised,
        AlarmStep::Acknowledged => AlarmsMsg::AlStepAck,
        AlarmStep::Escalated => AlarmsMsg::AlStepEscalated,
        AlarmStep::Resolved => AlarmsMsg::AlStepResolved,
    }
}

fn global(name: &str) -> Option<wasm_bindgen::JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &name.into())
        .ok()
        .filter(|v| !v.is_undefined())
}

fn call(
    target: &wasm_bindgen::JsValue,
    method: &str,
    args: &[wasm_bindgen::JsValue],
) -> Option<wasm_bindgen::JsValue> {
    let f = js_sys::Reflect::get(target, &method.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    f.apply(target, &args.iter().collect::<js_sys::Array>())
        .ok()
}

/// The browser's location, if the person allows it within a few seconds.
pub async fn locate() -> Option<(f64, f64)> {
    let geo = js_sys::Reflect::get(&global("navigator")?, &"geolocation".into())
        .ok()
        .filter(|g| !g.is_undefined())?;
    let asked = js_sys::Promise::new(&mut |resolve, reject| {
        let opts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&opts, &"timeout".into(), &5000.into());
        let _ = js_sys::Reflect::set(&opts, &"maximumAge".into(), &60_000.into());
        call(
            &geo,
            "getCurrentPosition",
            &[resolve.into(), reject.into(), opts.into()],
        );
    });
    // A prompt nobody answers must not hold the alarm back.
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = global("setTimeout") {
            let _ = w.unchecked_into::<js_sys::Function>().call2(
                &wasm_bindgen::JsValue::NULL,
                &resolve,
                &6000.into(),
            );
        }
    });
    let first = js_sys::Promise::race(&js_sys::Array::of2(&asked, &timer));
    let pos = wasm_bindgen_futures::JsFuture::from(first).await.ok()?;
    let coords = js_sys::Reflect::get(&pos, &"coords".into()).ok()?;
    let get = |k: &str| js_sys::Reflect::get(&coords, &k.into()).ok()?.as_f64();
    Some((get("latitude")?, get("longitude")?))
}

/// A short tone (the desk's alert); silent where audio is unavailable.
pub fn beep(ctx: &wasm_bindgen::JsValue) {
    let Some(osc) = call(ctx, "createOscillator", &[]) else {
        return;
    };
    if let Ok(dest) = js_sys::Reflect::get(ctx, &"destination".into()) {
        call(&osc, "connect", &[dest]);
    }
    if let Ok(freq) = js_sys::Reflect::get(&osc, &"frequency".into()) {
        let _ = js_sys::Reflect::set(&freq, &"value".into(), &880.into());
    }
    let now = js_sys::Reflect::get(ctx, &"currentTime".into())
        .ok()
        .and_then(|t| t.as_f64())
        .unwrap_or(0.0);
    call(&osc, "start", &[now.into()]);
    call(&osc, "stop", &[(now + 0.5).into()]);
}

/// An audio context, made on a click (browsers allow sound only after one).
pub fn audio_context() -> Option<wasm_bindgen::JsValue> {
    let ctor = global("AudioContext")?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    js_sys::Reflect::construct(&ctor, &js_sys::Array::new()).ok()
}

/// The territory's grids, to choose where an alarm or a need is.
pub type Grids = LocalResource<crate::ui::api::ApiResult<Vec<crate::api::Node>>>;

pub fn grids() -> Grids {
    LocalResource::new(|| async {
        crate::ui::api::nodes(crate::api::Tree::Territory)
            .await
            .map(|n| {
                n.into_iter()
                    .filter(|n| n.kind == crate::api::NodeKind::Grid)
                    .collect()
            })
    })
}

/// The grid chosen, else the first one (what the select shows before a change).
pub fn chosen_grid(grids: Grids, grid: RwSignal<String>) -> i64 {
    grid.get_untracked()
        .parse::<i64>()
        .ok()
        .or_else(|| {
            grids
                .get_untracked()
                .and_then(|r| r.ok())
                .and_then(|g| g.first().map(|n| n.id))
        })
        .unwrap_or(0)
}

/// The grid select, labelled "your grid".
pub fn grid_field(id: &'static str, grids: Grids, grid: RwSignal<String>) -> impl IntoView {
    use crate::ui::components::status::{ErrorView, Loading};
    let s = use_session();
    view! {
        <div class="field">
            <label for=id>{move || s.t(AlarmsMsg::AlGrid)}</label>
            <Transition fallback=Loading>
                {move || grids.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(g) => view! {
                        <select id=id on:change=move |ev| grid.set(event_target_value(&ev))>
                            {g.into_iter().map(|n| {
                                let v = n.id.to_string();
                                let chosen = v.clone();
                                view! { <option value=v selected=move || grid.get() == chosen>{n.name}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

/// The `:id` of the page's path (0 when it is not a number: the server says not found).
pub fn id_param() -> impl Fn() -> i64 + Copy {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()))
            .unwrap_or(0)
    }
}

/// The phone's own id for one press, so a press sent again is the same alarm.
pub fn press_key() -> String {
    format!(
        "{:x}-{:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e15) as u64
    )
}
