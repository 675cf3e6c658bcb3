//! My orders, and one order's page: its timeline, the actions the caller may take now
//! (the server says which), and the rating once it is done.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::orders::{
    CompleteOrder, Order, OrderAction, RateRequest, Rating, RatingSubject, RejectOrder,
    RejectReason, VolunteerHours,
};
use crate::api::shop::Photo;
use crate::api::UserSummary;
use crate::i18n::{hours_status_text, Msg, ServicesMsg};
use crate::orders::{reject_reason_name, state_name};
use crate::roles::Role;
use crate::ui::api::{self, OrderMove};
use crate::ui::components::guard::SignedIn;
use crate::ui::components::status::{Empty, ErrorView, FormError, Loading};
use crate::ui::photo::fit;
use crate::ui::state::use_session;
use wasm_bindgen::JsCast;

use super::{order_row, rating_view, state_badge, when_words, ServiceLinks};

/// A rating may be changed for this long after it was given.
pub const EDIT_WINDOW_SECS: i64 = 7 * 86_400;

#[component]
pub fn MyOrdersPage() -> impl IntoView {
    let s = use_session();
    let list = LocalResource::new(api::my_service_orders);
    view! {
        <SignedIn>
            <section class="page my-orders">
                <h1>{move || s.t(ServicesMsg::SvMyOrders)}</h1>
                <ServiceLinks />
                <Transition fallback=Loading>
                    {move || list.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(l) if l.is_empty() => view! { <Empty msg=ServicesMsg::SvNoOrders /> }.into_any(),
                        Ok(l) => view! {
                            <ul class="row-list">{l.into_iter().map(|o| order_row(o, false)).collect_view()}</ul>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()))
            .unwrap_or(0)
    };
    let order = LocalResource::new(move || {
        let id = id();
        async move { api::order(id).await }
    });
    let reload = Callback::new(move |_| order.refetch());
    view! {
        <SignedIn>
            <section class="page order">
                <ServiceLinks />
                <Transition fallback=Loading>
                    {move || order.get().map(|r| match r {
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        Ok(o) => view! { <OrderView o reload /> }.into_any(),
                    })}
                </Transition>
            </section>
        </SignedIn>
    }
}

#[component]
fn OrderView(o: Order, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let served_me = s.me.with_untracked(|m| m.as_ref().map(|p| p.id)) == o.served_id;
    let rateable = o.state == crate::api::orders::OrderState::Done && served_me;
    let me = s.me.with_untracked(|m| m.as_ref().map(|p| p.id));
    let can_add_photo = !crate::orders::is_closed(o.state)
        && (served_me || me == Some(o.placed_by))
        && o.photos.len() < 4;
    let reason = o.reject_reason;
    view! {
        <article class="card sv-order-detail" data-state=o.state.as_str()>
            <h1>{o.service_title.clone()}</h1>
            {state_badge(o.state)}
            <dl class="sv-facts">
                <dt>{move || s.t(ServicesMsg::SvServed)}</dt>
                <dd>{o.served_name.clone()}
                    {o.proxy.then(|| view! { <span class="muted small">" ("{move || s.t(ServicesMsg::SvPlacedBy)}" "{o.placed_by_name.clone()}")"</span> })}
                </dd>
                <dt>{move || s.t(ServicesMsg::SvNeed)}</dt><dd class="sv-need">{o.need.clone()}</dd>
                <dt>{move || s.t(ServicesMsg::SvArea)}</dt><dd>{o.territory_name.clone()}" · "{o.address.clone()}</dd>
                <dt>{move || s.t(ServicesMsg::SvWhen)}</dt><dd>{o.preferred_time.clone()}</dd>
                <dt>{move || s.t(ServicesMsg::SvPhone)}</dt><dd>{o.phone.clone()}</dd>
                {o.team_name.clone().map(|t| view! { <dt>{move || s.t(ServicesMsg::SvTeam)}</dt><dd>{t}</dd> })}
                {reason.map(|r| view! {
                    <dt>{move || s.t(ServicesMsg::SvRejectReason)}</dt>
                    <dd>{move || s.t(reject_reason_name(r))}" "{o.reject_text.clone().unwrap_or_default()}</dd>
                })}
                {o.report.clone().map(|t| view! { <dt>{move || s.t(ServicesMsg::SvReport)}</dt><dd>{t}</dd> })}
            </dl>
        </article>
        <OrderPhotos photos=o.photos.clone() id=o.id can_add=can_add_photo reload />
        {(!o.hours.is_empty()).then(|| view! {
            <section class="card sv-hours" aria-labelledby="sv-hours-h">
                <h2 id="sv-hours-h">{move || s.t(ServicesMsg::SvVolunteerHours)}</h2>
                <ul class="row-list">
                    {o.hours.iter().map(|h| {
                        let st = h.status;
                        view! {
                            <li class="row" data-hours=h.id>
                                <span class="row-main">{h.user_name.clone()}" · "{h.minutes}" "{move || s.t(ServicesMsg::SvMinutes)}</span>
                                <span class="badge" data-status=st.as_str()>{move || hours_status_text(s.lang.get(), st)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        <OrderActions o=o.clone() reload />
        <section class="card sv-timeline" aria-labelledby="sv-tl">
            <h2 id="sv-tl">{move || s.t(ServicesMsg::SvTimeline)}</h2>
            <ol class="timeline">
                {o.events.iter().map(|e| {
                    let st = e.state;
                    view! {
                        <li data-state=st.as_str()>
                            <strong>{move || s.t(state_name(st))}</strong>
                            " "<span class="muted small">{when_words(e.at)}" · "{e.actor_name.clone()}</span>
                            {(!e.note.is_empty()).then(|| view! { <p class="small">{e.note.clone()}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        {(o.state == crate::api::orders::OrderState::Done).then(|| view! { <OrderRating id=o.id rateable /> })}
    }
}

/// The buttons for what the caller may do now; those needing words open a small form.
#[component]
fn OrderActions(o: Order, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let id = o.id;
    let error = RwSignal::new(None::<String>);
    let text = RwSignal::new(String::new());
    let reason = RwSignal::new(RejectReason::OutOfScope);
    let go = Action::new_local(move |m: &OrderMove| {
        let m = m.clone();
        async move {
            match api::move_order(id, m).await {
                Ok(_) => {
                    text.set(String::new());
                    reload.run(());
                }
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let run = move |m: OrderMove| {
        error.set(None);
        go.dispatch_local(m);
    };
    let can = |a: OrderAction| o.allowed.contains(&a);
    let needs_text =
        can(OrderAction::Reject) || can(OrderAction::HandBack) || can(OrderAction::Complete);
    // Minutes typed per team member when completing (blank: not logged).
    let hours = RwSignal::new(Vec::<(UserSummary, RwSignal<String>)>::new());
    let team_id = o.team_id.filter(|_| can(OrderAction::Complete));
    let service_id = o.service_id;
    let team_of = LocalResource::new(move || api::service(service_id));
    let button = move |a: OrderAction,
                       msg: ServicesMsg,
                       primary: bool,
                       m: Box<dyn Fn() -> OrderMove + Send + Sync>| {
        view! {
            <button type="button" class="btn" class:btn-primary=primary class:btn-secondary=!primary
                data-action=a.as_str() disabled=move || go.pending().get()
                on:click=move |_| run(m())>{move || s.t(msg)}</button>
        }
    };
    if o.allowed.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card sv-actions" aria-labelledby="sv-act">
            <h2 id="sv-act">{move || s.t(ServicesMsg::SvActions)}</h2>
            {can(OrderAction::Reject).then(|| view! {
                <div class="field">
                    <label for="sv-reason">{move || s.t(ServicesMsg::SvRejectReason)}</label>
                    <select id="sv-reason" on:change=move |ev| {
                        if let Some(r) = RejectReason::parse(&event_target_value(&ev)) { reason.set(r) }
                    }>
                        {RejectReason::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str()>{move || s.t(reject_reason_name(r))}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            {needs_text.then(|| view! {
                <div class="field">
                    <label for="sv-text">{move || s.t(ServicesMsg::SvActionText)}</label>
                    <textarea id="sv-text" rows="2" maxlength="500" bind:value=text></textarea>
                </div>
            })}
            {team_id.map(|team| view! { <HoursFields team hours /> })}
            <div class="actions">
                {can(OrderAction::Assign).then(|| {
                    let team = team_of.get().and_then(|r| r.ok()).map(|sv| sv.team_id);
                    view! {
                        {move || team_of.get().and_then(|r| r.ok()).map(|sv| {
                            let t = sv.team_id;
                            view! {
                                <button type="button" class="btn btn-primary" data-action="assign"
                                    disabled=move || go.pending().get()
                                    on:click=move |_| run(OrderMove::Approve(Some(t)))>
                                    {move || s.t(ServicesMsg::SvApproveToTeam)}" "{sv.team_name.clone()}
                                </button>
                            }
                        })}
                        {team.map(|_| ())}
                    }
                })}
                {can(OrderAction::Approve).then(|| button(OrderAction::Approve, ServicesMsg::SvApproveToPool, false, Box::new(|| OrderMove::Approve(None))))}
                {can(OrderAction::Reject).then(|| button(OrderAction::Reject, ServicesMsg::SvReject, false,
                    Box::new(move || OrderMove::Reject(RejectOrder { reason: reason.get_untracked(), text: text.get_untracked() })))) }
                {can(OrderAction::Take).then(|| button(OrderAction::Take, ServicesMsg::SvTake, true, Box::new(|| OrderMove::Take)))}
                {can(OrderAction::Start).then(|| button(OrderAction::Start, ServicesMsg::SvStart, true, Box::new(|| OrderMove::Start)))}
                {can(OrderAction::Complete).then(|| button(OrderAction::Complete, ServicesMsg::SvComplete, true,
                    Box::new(move || OrderMove::Complete(CompleteOrder {
                        report: text.get_untracked(),
                        hours: logged_hours(&hours.get_untracked()),
                    }))))}
                {can(OrderAction::HandBack).then(|| button(OrderAction::HandBack, ServicesMsg::SvHandBack, false,
                    Box::new(move || OrderMove::HandBack(text.get_untracked()))))}
                {can(OrderAction::Cancel).then(|| button(OrderAction::Cancel, ServicesMsg::SvCancel, false, Box::new(|| OrderMove::Cancel)))}
            </div>
            <FormError message=error />
        </section>
    }
    .into_any()
}

/// The order's rating: the form for the person served (editable for 7 days), else the
/// rating as given.
#[component]
fn OrderRating(id: i64, rateable: bool) -> impl IntoView {
    let s = use_session();
    let ratings = LocalResource::new(move || api::subject_ratings(RatingSubject::Order, id));
    view! {
        <section class="card sv-rate" aria-labelledby="sv-rate-h">
            <h2 id="sv-rate-h">{move || s.t(Msg::SvRating)}</h2>
            <Transition fallback=Loading>
                {move || ratings.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(l) => {
                        let mine = l.first().cloned();
                        let now = (js_sys::Date::now() / 1000.0) as i64;
                        let editable = mine.as_ref().is_none_or(|r| now - r.created_at < EDIT_WINDOW_SECS);
                        view! {
                            {mine.as_ref().map(rating_view)}
                            {(rateable && editable).then(|| view! {
                                <RateForm subject=RatingSubject::Order id existing=mine.clone() saved=Callback::new(move |_| ratings.refetch()) />
                            })}
                            {(mine.is_none() && !rateable).then(|| view! { <Empty msg=Msg::PjNoRating /> })}
                            {mine.filter(|_| !rateable).map(|r| view! {
                                <Moderate r saved=Callback::new(move |_| ratings.refetch()) />
                            })}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// Stars and a comment for an order, a session, an item, a course or a help request;
/// editing one's own rating while the week lasts.
#[component]
pub fn RateForm(
    subject: RatingSubject,
    id: i64,
    existing: Option<Rating>,
    saved: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let stars = RwSignal::new(existing.as_ref().map_or(5, |r| r.stars));
    let comment = RwSignal::new(
        existing
            .as_ref()
            .map(|r| r.comment.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let rating_id = existing.map(|r| r.id);
    // One form per subject on a page that lists several (help requests).
    let field_id = format!("rate-{}-{id}", subject.as_str());
    let save = Action::new_local(move |req: &RateRequest| {
        let req = req.clone();
        async move {
            let r = match rating_id {
                Some(rid) => api::edit_rating(rid, req).await,
                None => api::rate(subject, id, req).await,
            };
            match r {
                Ok(_) => saved.run(()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        save.dispatch_local(RateRequest {
            stars: stars.get_untracked(),
            comment: comment.get_untracked(),
        });
    };
    view! {
        <form class="form sv-rate-form" on:submit=on_submit>
            <div class="sv-star-pick" role="radiogroup" aria-label=move || s.t(ServicesMsg::SvStars)>
                {(1..=5).map(|n| view! {
                    <button type="button" class="sv-star" role="radio" data-stars=n
                        aria-checked=move || (stars.get() == n).to_string()
                        aria-label=format!("{n}/5")
                        on:click=move |_| stars.set(n)>
                        {move || if stars.get() >= n { "★" } else { "☆" }}
                    </button>
                }).collect_view()}
            </div>
            <div class="field">
                <label for=field_id.clone()>{move || s.t(ServicesMsg::SvComment)}</label>
                <textarea id=field_id rows="3" maxlength="500" bind:value=comment></textarea>
                <p class="field-hint">{move || s.t(ServicesMsg::SvEditableSevenDays)}</p>
            </div>
            <FormError message=error />
            <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>
                {move || s.t(ServicesMsg::SvSaveRating)}
            </button>
        </form>
    }
}

/// The team's one reply to a rating, and a reviewer hiding abusive words (the server
/// decides who may; these show to leaders and reviewers).
#[component]
pub fn Moderate(r: Rating, saved: Callback<()>) -> impl IntoView {
    let s = use_session();
    let has = |role: Role| {
        s.me.with_untracked(|m| {
            m.as_ref()
                .is_some_and(|p| p.roles.iter().any(|g| g.role == role))
        })
    };
    let can_reply = r.reply.is_none() && has(Role::TeamLeader);
    let can_hide = !r.hidden && !r.comment.is_empty() && has(Role::Reviewer);
    let rid = r.id;
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let act = Action::new_local(move |hide: &bool| {
        let (hide, t) = (*hide, text.get_untracked());
        async move {
            let r = if hide {
                api::hide_rating(rid, t).await
            } else {
                api::reply_rating(rid, t).await
            };
            match r {
                Ok(_) => saved.run(()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        }
    });
    (can_reply || can_hide).then(|| view! {
        <div class="field sv-moderate">
            <label for="sv-mod">{move || s.t(if can_reply { ServicesMsg::SvReplyLabel } else { ServicesMsg::SvHideReason })}</label>
            <textarea id="sv-mod" rows="2" maxlength="500" bind:value=text></textarea>
        </div>
        <div class="actions">
            {can_reply.then(|| view! {
                <button type="button" class="btn btn-primary" disabled=move || act.pending().get()
                    on:click=move |_| { act.dispatch_local(false); }>{move || s.t(ServicesMsg::SvSendReply)}</button>
            })}
            {can_hide.then(|| view! {
                <button type="button" class="btn btn-secondary" disabled=move || act.pending().get()
                    on:click=move |_| { act.dispatch_local(true); }>{move || s.t(ServicesMsg::SvHide)}</button>
            })}
        </div>
        <FormError message=error />
    })
}

/// The hours typed for the team's members, as the completion sends them.
fn logged_hours(rows: &[(UserSummary, RwSignal<String>)]) -> Vec<VolunteerHours> {
    rows.iter()
        .filter_map(|(m, v)| {
            let minutes = v.get_untracked().trim().parse::<i64>().ok()?;
            Some(VolunteerHours {
                user_id: m.id,
                minutes,
            })
        })
        .collect()
}

/// One minutes field per member of the team: the hours a reviewer turns into points.
#[component]
fn HoursFields(team: i64, hours: RwSignal<Vec<(UserSummary, RwSignal<String>)>>) -> impl IntoView {
    let s = use_session();
    let members = LocalResource::new(move || api::members(team));
    Effect::new(move |_| {
        if let Some(Ok(list)) = members.get() {
            hours.set(
                list.into_iter()
                    .map(|m| (m, RwSignal::new(String::new())))
                    .collect(),
            );
        }
    });
    view! {
        <Show when=move || hours.with(|h| !h.is_empty())>
            <fieldset class="field sv-hours-form">
                <legend>{move || s.t(ServicesMsg::SvVolunteerHours)}</legend>
                <p class="field-hint">{move || s.t(ServicesMsg::SvHoursHint)}</p>
                {move || hours.get().into_iter().map(|(m, v)| {
                    let field = format!("sv-hours-{}", m.id);
                    view! {
                        <div class="field-inline">
                            <label for=field.clone()>{m.name.clone()}</label>
                            <input id=field type="number" inputmode="numeric" min="1" max="1440"
                                data-volunteer=m.id bind:value=v />
                            <span class="muted small">{move || s.t(ServicesMsg::SvMinutes)}</span>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </Show>
    }
}

/// The order's photos, and (for whoever placed it, while it is open) adding one: it is
/// uploaded as soon as it is picked.
#[component]
fn OrderPhotos(photos: Vec<Photo>, id: i64, can_add: bool, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        error.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let photo = match fit(file).await {
                Ok(b) => b,
                Err(p) => {
                    busy.set(false);
                    error.set(Some(s.t(p.msg()).to_string()));
                    return;
                }
            };
            let r: api::ApiResult<Order> =
                api::upload_file(&format!("/orders/{id}/photos"), photo).await;
            busy.set(false);
            match r {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e.text(s.lang.get_untracked()))),
            }
        });
    };
    (can_add || !photos.is_empty()).then(|| view! {
        <section class="card sv-photos" aria-labelledby="sv-photos-h">
            <h2 id="sv-photos-h">{move || s.t(Msg::SvPhotos)}</h2>
            <div class="photo-row">
                {photos.into_iter().map(|p| view! {
                    <a href=p.display_url.clone() target="_blank">
                        <img class="mini-thumb" src=p.thumb_url.clone() alt=move || s.t(Msg::SvPhotos) width="64" height="64" />
                    </a>
                }).collect_view()}
            </div>
            {can_add.then(|| view! {
                <div class="field">
                    <label for="sv-photo">{move || s.t(ServicesMsg::SvAddPhoto)}</label>
                    <input id="sv-photo" type="file" accept="image/jpeg,image/png,image/webp"
                        disabled=move || busy.get() on:change=on_pick />
                    <p class="field-hint">{move || s.t(Msg::PhotoHint)}</p>
                </div>
            })}
            <FormError message=error />
        </section>
    })
}
