//! The dispatch desk of a community: its open alarms first (flashing, and a tone once the
//! dispatcher turned sound on), then today's closed ones, the help requests not yet
//! done, and who is on duty in each grid now. It reads itself again whenever the notification stream brings something.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::alarms::{AlarmState, Desk};
use crate::api::{NodeKind, Tree};
use crate::i18n::{AlarmsMsg, Msg};
use crate::ui::api;
use crate::ui::components::bell::arrivals;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, Loading};
use crate::ui::state::use_session;

use super::button::alarm_row;
use super::{audio_context, beep};

/// The communities, each leading to its desk.
#[component]
pub fn ChooseDeskPage() -> impl IntoView {
    let s = use_session();
    let communities = LocalResource::new(|| async {
        api::nodes(Tree::Territory).await.map(|n| {
            n.into_iter()
                .filter(|n| n.kind == NodeKind::Community)
                .collect::<Vec<_>>()
        })
    });
    view! {
        <SignedIn>
            <section class="page al-desk">
                <h1>{move || s.t(Msg::NavDispatch)}</h1>
                <h2>{move || s.t(AlarmsMsg::AlChooseCommunity)}</h2>
                <Transition fallback=Loading>
                    {move || communities.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(l) => view! {
                            <ul class="row-list">
                                {l.into_iter().map(|n| view! {
                                    <li class="row"><A href=format!("/dispatch/{}", n.id)>{n.name}</A></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

#[component]
pub fn DeskPage() -> impl IntoView {
    let s = use_session();
    let id = super::id_param();
    let tick = arrivals();
    let desk = LocalResource::new(move || {
        tick.track();
        let id = id();
        async move { api::dispatch_desk(id).await }
    });
    let sound = StoredValue::new_local(None::<wasm_bindgen::JsValue>);
    let sound_on = RwSignal::new(false);
    let open_seen = StoredValue::new(0usize);
    // A tone whenever more alarms are open than the desk last showed.
    Effect::new(move |_| {
        let open = desk.with(|d| {
            d.as_ref().and_then(|r| r.as_ref().ok()).map(|d| {
                d.alarms
                    .iter()
                    .filter(|a| a.state == AlarmState::Open)
                    .count()
            })
        });
        if let Some(open) = open {
            if open > open_seen.get_value() {
                sound.with_value(|c| c.iter().for_each(beep));
            }
            open_seen.set_value(open);
        }
    });
    let toggle = move |_| {
        if sound_on.get_untracked() {
            sound.set_value(None);
            sound_on.set(false);
        } else {
            sound.set_value(audio_context());
            sound_on.set(true);
        }
    };
    view! {
        <SignedIn>
            <section class="page al-desk">
                <div class="al-desk-head">
                    <h1>{move || s.t(Msg::NavDispatch)}</h1>
                    <button type="button" class="btn btn-secondary btn-small" aria-pressed=move || sound_on.get().to_string() on:click=toggle>
                        {move || if sound_on.get() { s.t(AlarmsMsg::AlSoundOff) } else { s.t(AlarmsMsg::AlSoundOn) }}
                    </button>
                </div>
                <Transition fallback=Loading>
                    {move || desk.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(d) => desk_view(d).into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

fn desk_view(d: Desk) -> impl IntoView {
    let s = use_session();
    view! {
        <p class="muted">{d.community_name.clone()}" · "<A href="/alarm/rota">{move || s.t(AlarmsMsg::RotaLink)}</A></p>
        <div class="al-desk-grid">
            <section>
                <h2>{move || s.t(AlarmsMsg::AlDeskAlarms)}</h2>
                {if d.alarms.is_empty() {
                    view! { <Empty msg=AlarmsMsg::AlNone /> }.into_any()
                } else {
                    view! {
                        <ul class="row-list" data-testid="desk-alarms">{d.alarms.into_iter().map(alarm_row).collect_view()}</ul>
                    }.into_any()
                }}
            </section>
            <section data-testid="desk-help">
                <h2>{move || s.t(AlarmsMsg::HelpDeskTitle)}</h2>
                {super::help::help_list(d.help, Callback::new(|_| ()))}
            </section>
            <section data-testid="desk-log">
                <h2>{move || s.t(AlarmsMsg::LogToday)}</h2>
                {super::log::log_list(d.log)}
            </section>
            <section>
                <h2>{move || s.t(AlarmsMsg::AlOnDuty)}</h2>
                <ul class="row-list al-duty">
                    {d.on_duty.into_iter().map(|g| view! {
                        <li class="row">
                            <div class="row-main">
                                <strong>{g.grid_name.clone()}</strong>
                                {if g.people.is_empty() {
                                    view! { <span class="muted small">{move || s.t(AlarmsMsg::AlNobodyOnDuty)}</span> }.into_any()
                                } else {
                                    view! {
                                        <span class="small">
                                            {g.people.into_iter().map(|p| view! {
                                                <span class="al-person">{p.name.clone()}" "<a href=format!("tel:{}", p.phone)>{p.phone.clone()}</a></span>
                                            }).collect_view()}
                                        </span>
                                    }.into_any()
                                }}
                            </div>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </div>
    }
}
