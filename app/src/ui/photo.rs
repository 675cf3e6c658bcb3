//! Photos taken on a phone are often larger than the upload limit. Rather than refuse
//! them, the browser draws them smaller on a canvas and sends a JPEG (the server keeps at
//! most 800 px anyway). Only the photo forms call this, so it travels in their areas'
//! chunks, not in the first load.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, File, HtmlCanvasElement, ImageBitmap};

use crate::shop::{check_photo, PhotoProblem, MAX_PHOTO_BYTES};

/// The longest side of a shrunk photo: well above what the server keeps.
const LONG_SIDE: f64 = 2048.0;
/// Tries, each smaller, before a photo is called too large after all.
const TRIES: usize = 4;

/// The chosen file as it can be sent: itself when it fits, else a smaller JPEG of it;
/// a file of the wrong type, or one the browser cannot shrink enough, is refused.
pub async fn fit(file: File) -> Result<Blob, PhotoProblem> {
    match check_photo(file.size(), &file.type_()) {
        Ok(()) => Ok(file.into()),
        Err(PhotoProblem::TooLarge) => shrink(&file).await.ok_or(PhotoProblem::TooLarge),
        Err(p) => Err(p),
    }
}

async fn shrink(file: &File) -> Option<Blob> {
    let window = web_sys::window()?;
    let bitmap: ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(file).ok()?)
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let canvas: HtmlCanvasElement = window
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    let mut scale = (LONG_SIDE / w.max(h)).min(1.0);
    let mut quality = 0.85;
    let mut out = None;
    for _ in 0..TRIES {
        let (cw, ch) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
        canvas.set_width(cw as u32);
        canvas.set_height(ch as u32);
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        // JPEG has no transparency: a transparent PNG gets white, not black.
        ctx.set_fill_style_str("#fff");
        ctx.fill_rect(0.0, 0.0, cw, ch);
        ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, cw, ch)
            .ok()?;
        let blob = to_jpeg(&canvas, quality).await?;
        if blob.size() <= MAX_PHOTO_BYTES {
            out = Some(blob);
            break;
        }
        scale *= 0.7;
        quality = 0.75;
    }
    bitmap.close();
    out
}

/// The canvas as a JPEG (`toBlob` answers through a callback; here, a future).
async fn to_jpeg(canvas: &HtmlCanvasElement, quality: f64) -> Option<Blob> {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let failed = resolve.clone();
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let asked = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(quality),
        );
        if asked.is_err() {
            let _ = failed.call1(&JsValue::NULL, &JsValue::NULL);
        }
    });
    JsFuture::from(promise).await.ok()?.dyn_into::<Blob>().ok()
}
