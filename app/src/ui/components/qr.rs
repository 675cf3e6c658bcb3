//! A QR code drawn in the browser as one SVG path (encoded by the `qrcode` crate, drawn by
//! `crate::qr`), sharp at any size and on paper.

use leptos::prelude::*;
use qrcode::{Color, EcLevel, QrCode};

use crate::qr::{svg_path, view_size};

/// The path and viewBox side for a text, or None if it cannot be encoded.
fn draw(text: &str) -> Option<(String, usize)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let dark: Vec<bool> = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some((svg_path(width, &dark), view_size(width)))
}

/// The QR code of `text`, labelled for screen readers; `data-qr` carries the text so
/// tests and kiosks can read what is drawn.
#[component]
pub fn QrSvg(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let drawn = Memo::new(move |_| text.with(|t| draw(t)));
    view! {
        {move || drawn.get().map(|(d, size)| view! {
            <svg class="qr" viewBox=format!("0 0 {size} {size}") role="img"
                aria-label=move || label.get() data-qr=move || text.get()
                shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
                <rect width=size height=size fill="#fff"></rect>
                <path d=d fill="#000"></path>
            </svg>
        })}
    }
}
