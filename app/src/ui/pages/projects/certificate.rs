//! The service-record certificate (志愿服务记录证明): the sheet the volunteer prints, and
//! the public page its QR code opens (no sign-in) with the facts, the platform's signature
//! and its public key.

use crate::projects;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::projects::Certificate;
use crate::i18n::{Msg, ProjectsMsg};
use crate::ui::api;
use crate::ui::components::qr::QrSvg;
use crate::ui::components::status::{ErrorView, Loading};
use crate::ui::state::use_session;
use crate::when::date_words;

/// The page's own address with `path` (the QR needs a whole URL to open on a phone).
fn absolute(path: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{path}")
}

/// The printable certificate.
#[component]
pub fn CertificateSheet(c: Certificate) -> impl IntoView {
    let s = use_session();
    let url = absolute(&c.verify_path);
    let f = c.facts.clone();
    let issued_at = f.issued_at;
    let label = Signal::derive(move || s.t(ProjectsMsg::PjVerifyQr).to_string());
    view! {
        <article class="certificate" data-code=c.code.clone()>
            <header class="cert-head">
                <span class="brand-mark" aria-hidden="true">"邻"</span>
                <h2>{move || s.t(ProjectsMsg::PjCertificate)}</h2>
            </header>
            <p class="cert-text">
                {move || s.t(ProjectsMsg::PjCertBody1)}<strong>{f.name.clone()}</strong>{move || s.t(ProjectsMsg::PjCertBody2)}
                <strong data-testid="cert-hours">{projects::hours_text(f.service_minutes)}</strong>{move || s.t(ProjectsMsg::PjCertBody3)}
            </p>
            <dl class="facts">
                <dt>{move || s.t(ProjectsMsg::PjTrainingHours)}</dt><dd>{projects::hours_text(f.training_minutes)}</dd>
                <dt>{move || s.t(ProjectsMsg::PjPointsEarned)}</dt><dd>{f.points_earned}</dd>
                <dt>{move || s.t(ProjectsMsg::PjIssuer)}</dt><dd>{f.issuer.clone()}</dd>
                <dt>{move || s.t(ProjectsMsg::PjIssuedAt)}</dt><dd>{move || date_words(s.lang.get(), issued_at)}</dd>
                <dt>{move || s.t(ProjectsMsg::PjCertCode)}</dt><dd class="mono" data-testid="cert-code">{c.code.clone()}</dd>
            </dl>
            {(!f.projects.is_empty()).then(|| view! {
                <table class="table cert-table">
                    <thead><tr>
                        <th>{move || s.t(ProjectsMsg::PjProject)}</th>
                        <th>{move || s.t(Msg::FieldCategory)}</th>
                        <th>{move || s.t(ProjectsMsg::PjTeam)}</th>
                        <th class="num">{move || s.t(Msg::PjHoursUnit)}</th>
                    </tr></thead>
                    <tbody>
                        {f.projects.iter().map(|l| view! {
                            <tr><td data-label=move || s.t(ProjectsMsg::PjProject)>{l.title.clone()}</td><td data-label=move || s.t(Msg::FieldCategory)>{l.category.clone()}</td><td data-label=move || s.t(ProjectsMsg::PjTeam)>{l.team.clone()}</td><td class="num" data-label=move || s.t(Msg::PjHoursUnit)>{projects::hours_text(l.minutes)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <div class="cert-foot">
                <QrSvg text=url.clone() label=label />
                <div>
                    <p class="small">{move || s.t(ProjectsMsg::PjScanToVerify)}</p>
                    <p class="small mono"><a href=c.verify_path.clone()>{url.clone()}</a></p>
                    <p class="small muted">{move || s.t(ProjectsMsg::PjSignature)}</p>
                    <p class="small mono" data-testid="cert-signature">{c.signature.clone()}</p>
                    <p class="small muted">{move || s.t(ProjectsMsg::PjPublicKey)}</p>
                    <p class="small mono" data-testid="cert-public-key">{c.public_key.clone()}</p>
                </div>
            </div>
        </article>
    }
}

/// The public check: anyone with the code (no sign-in) sees the facts and whether the
/// platform's signature still matches them.
#[component]
pub fn VerifyCertificatePage() -> impl IntoView {
    let s = use_session();
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let cert = LocalResource::new(move || {
        let code = code.get();
        async move { api::certificate(&code).await }
    });
    view! {
        <section class="page verify narrow-wide">
            <h1>{move || s.t(ProjectsMsg::PjVerifyTitle)}</h1>
            <Transition fallback=Loading>
                {move || cert.get().map(|r| match r {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(c) => {
                        let ok = c.valid;
                        view! {
                            <p class="verify-status" class:form-ok=ok class:form-error=!ok role="status" data-testid="verify-status">
                                {move || if ok { s.t(ProjectsMsg::PjVerified) } else { s.t(Msg::PjTampered) }}
                            </p>
                            <CertificateSheet c=c />
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
