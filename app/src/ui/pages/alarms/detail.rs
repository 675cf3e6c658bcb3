//! One alarm: where, who, the reach of its ladder, the outside responders (dispatchers),
//! its timeline, "I'm going" and resolving with a note.

use leptos::prelude::*;

use crate::api::alarms::Alarm;

use crate::i18n::AlarmsMsg;
use crate::ui::api;
use crate::ui::components::bell::arrivals;
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::when_words;
use crate::ui::components::status::{ErrorView, FormError, Loading};
use crate::ui::state::use_session;

use super::{level_msg, state_badge, step_msg};

#[component]
pub fn AlarmDetailPage() -> impl IntoView {
    let id = super::id_param();
    let tick = arrivals();
    let alarm = LocalResource::new(move || {
        tick.track();
        let id = id();
        async move { api::alarm(id).await }
    });
    let reload = Callback::new(move |_| alarm.refetch());
    view! {
        <SignedIn>
            <section class="page al-detail">
                <Transition fallback=Loading>
                    {move || alarm.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(a) => alarm_view(a, reload).into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

/// The alarm with what the reader may do about it.
pub fn alarm_view(a: Alarm, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let id = a.id;
    let error = RwSignal::new(None::<String>);
    let note = RwSignal::new(String::new());
    let going = Action::new_local(move |_: &()| async move {
        match api::acknowledge_alarm(id).await {
            Ok(_) => reload.run(()),
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    let resolve = Action::new_local(move |_: &()| async move {
        match api::resolve_alarm(id, note.get_untracked()).await {
            Ok(_) => reload.run(()),
            Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
        }
    });
    let level = a.level;
    view! {
        <h1>{a.grid_name.clone()}" "{state_badge(a.state)}</h1>
        <dl class="al-facts">
            <dt>{move || s.t(AlarmsMsg::AlSender)}</dt>
            <dd>
                {a.raised_by_name.clone()}
                {a.raised_by_phone.clone().map(|p| view! { " "<a href=format!("tel:{p}")>{p.clone()}</a> })}
            </dd>
            <dt>{move || s.t(AlarmsMsg::AlReach)}</dt>
            <dd data-testid="alarm-level">{move || s.t(level_msg(level))}</dd>
            {a.escalate_at.map(|at| view! {
                <dt>{move || s.t(AlarmsMsg::AlNextStep)}</dt>
                <dd>{when_words(at)}</dd>
            })}
            {a.acked_by_name.clone().map(|n| view! {
                <dt>{move || s.t(AlarmsMsg::AlGoingBy)}</dt>
                <dd>{n}</dd>
            })}
            {a.lat.zip(a.lon).map(|(lat, lon)| view! {
                <dt>{move || s.t(AlarmsMsg::AlLocation)}</dt>
                <dd>{format!("{lat:.5}, {lon:.5}")}</dd>
            })}
        </dl>
        <p class="al-text">{a.text.clone()}</p>
        {(!a.responders.is_empty()).then(|| view! {
            <div class="card al-responders">
                <h2>{move || s.t(AlarmsMsg::AlResponders)}</h2>
                <ul>
                    {a.responders.iter().map(|r| view! {
                        <li>{r.name.clone()}" "<a href=format!("tel:{}", r.phone)>{r.phone.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        })}
        <div class="actions">
            {a.can_ack.then(|| view! {
                <button type="button" class="btn btn-primary" data-testid="alarm-going"
                    disabled=move || going.pending().get()
                    on:click=move |_| { going.dispatch_local(()); }>
                    {move || s.t(AlarmsMsg::AlGoing)}
                </button>
            })}
        </div>
        {a.can_resolve.then(|| view! {
            <form class="card al-resolve" on:submit=move |ev| { ev.prevent_default(); resolve.dispatch_local(()); }>
                <div class="field">
                    <label for="al-note">{move || s.t(AlarmsMsg::AlResolveNote)}</label>
                    <textarea id="al-note" maxlength="500" bind:value=note></textarea>
                </div>
                <button type="submit" class="btn btn-secondary" data-testid="alarm-resolve"
                    disabled=move || resolve.pending().get()>
                    {move || s.t(AlarmsMsg::AlResolve)}
                </button>
            </form>
        })}
        <FormError message=error />
        <h2>{move || s.t(AlarmsMsg::AlTimeline)}</h2>
        <ol class="al-timeline">
            {a.timeline.into_iter().map(|e| {
                let step = e.step;
                let level = e.level;
                let escalated = step == crate::api::alarms::AlarmStep::Escalated;
                view! {
                    <li>
                        <span class="muted small">{when_words(e.at)}</span>" "
                        <strong>{move || s.t(step_msg(step))}</strong>
                        {e.actor_name.map(|n| view! { " · "{n} })}
                        {escalated.then(|| view! { " · "{move || s.t(level_msg(level))} })}
                        {(e.reached > 0).then(|| view! { " · "{move || s.t(AlarmsMsg::AlReached)}" "{e.reached} })}
                        {(!e.note.is_empty()).then(|| view! { <p>{e.note.clone()}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
