//! The red button: the grid, a few words, the location where allowed. It says "sent"
//! only when the server answered (the alarm is on disk); a failed press keeps what was
//! typed and sends again under the same key, so it stays one alarm.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::alarms::{Alarm, RaiseAlarm};

use crate::i18n::AlarmsMsg;
use crate::ui::api;
use crate::ui::components::bell::arrivals;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::state::use_session;

use super::{locate, press_key, state_badge};

#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    Sending,
    Sent(i64),
}

#[component]
pub fn AlarmPage() -> impl IntoView {
    let s = use_session();
    let grids = super::grids();
    let grid = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let share = RwSignal::new(false);
    let phase = RwSignal::new(Phase::Idle);
    let error = RwSignal::new(None::<String>);
    let key = StoredValue::new(None::<String>);
    let tick = arrivals();
    let mine = LocalResource::new(move || {
        tick.track();
        api::my_alarms()
    });
    let press = Action::new_local(move |_: &()| async move {
        error.set(None);
        phase.set(Phase::Sending);
        let grid_id = super::chosen_grid(grids, grid);
        let place = if share.get_untracked() {
            locate().await
        } else {
            None
        };
        let k = key.get_value().unwrap_or_else(press_key);
        key.set_value(Some(k.clone()));
        let req = RaiseAlarm {
            grid_id,
            text: text.get_untracked(),
            lat: place.map(|p| p.0),
            lon: place.map(|p| p.1),
            key: Some(k),
        };
        match api::raise_alarm(req).await {
            Ok(a) => {
                key.set_value(None);
                text.set(String::new());
                phase.set(Phase::Sent(a.id));
                mine.refetch();
            }
            Err(e) => {
                phase.set(Phase::Idle);
                error.set(Some(e.text(s.lang.get_untracked())));
            }
        }
    });
    let sending = move || phase.get() == Phase::Sending;
    view! {
        <SignedIn>
            <section class="page al-page">
                <h1>{move || s.t(AlarmsMsg::AlTitle)}</h1>
                <p class="muted">{move || s.t(AlarmsMsg::AlIntro)}</p>
                <p><A href="/help">{move || s.t(AlarmsMsg::HelpLink)}</A>" · "<A href="/alarm/rota">{move || s.t(AlarmsMsg::RotaLink)}</A>" · "<A href="/alarm/log">{move || s.t(AlarmsMsg::LogTitle)}</A></p>
                <form class="card al-form" on:submit=move |ev| { ev.prevent_default(); press.dispatch_local(()); }>
                    {super::grid_field("al-grid", grids, grid)}
                    <div class="field">
                        <label for="al-text">{move || s.t(AlarmsMsg::AlText)}</label>
                        <input id="al-text" type="text" maxlength="200" bind:value=text />
                    </div>
                    <label class="check">
                        <input type="checkbox" bind:checked=share />
                        {move || s.t(AlarmsMsg::AlShareLocation)}
                    </label>
                    <button type="submit" class="al-button" data-testid="alarm-button" disabled=sending>
                        {move || if sending() { s.t(AlarmsMsg::AlSending) } else { s.t(AlarmsMsg::AlPress) }}
                    </button>
                    <FormError message=error />
                    {move || match phase.get() {
                        Phase::Sent(id) => view! {
                            <p class="al-sent" role="status" data-testid="alarm-sent">
                                {move || s.t(AlarmsMsg::AlSent)}" "
                                <A href=format!("/alarm/{id}")>{move || s.t(AlarmsMsg::AlOpenDetail)}</A>
                            </p>
                        }.into_any(),
                        _ => ().into_any(),
                    }}
                </form>
                <h2>{move || s.t(AlarmsMsg::AlMine)}</h2>
                <Transition fallback=Loading>
                    {move || mine.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <Empty msg=AlarmsMsg::AlNone /> }.into_any(),
                        Ok(l) => view! {
                            <ul class="row-list">{l.into_iter().map(alarm_row).collect_view()}</ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

/// One alarm in a list, leading to its page.
pub fn alarm_row(a: Alarm) -> impl IntoView {
    let open = a.state == crate::api::alarms::AlarmState::Open;
    view! {
        <li class="row al-row" class:al-open=open data-alarm=a.id>
            <div class="row-main">
                <A href=format!("/alarm/{}", a.id)>{a.grid_name.clone()}" · "{a.raised_by_name.clone()}</A>
                <span class="small">{a.text.clone()}</span>
                <span class="muted small">{when_words(a.created_at)}</span>
            </div>
            {state_badge(a.state)}
        </li>
    }
}
