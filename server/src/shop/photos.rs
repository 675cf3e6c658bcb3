//! Item photos: accepted only when the bytes themselves are a JPEG, PNG or WebP that
//! decodes whole (the file name and declared type are ignored), then stored as two JPEGs,
//! a 240 px thumbnail for lists and an 800 px picture for the item page, named by the
//! SHA-256 of the upload so they can be cached forever.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use linli_app::api::Reason;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};

/// Largest upload accepted.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
/// Longest side of the list thumbnail and of the page picture.
pub const THUMB_PX: u32 = 240;
pub const DISPLAY_PX: u32 = 800;
/// Largest side of an upload, so a small file cannot claim a huge canvas.
const MAX_SIDE: u32 = 10_000;

pub fn not_an_image() -> AppError {
    AppError::Refused(Reason::NotAnImage)
}

pub fn too_large() -> AppError {
    AppError::Refused(Reason::ImageTooLarge)
}

/// The format the leading bytes announce, if it is one we take.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::WebP)
    } else {
        None
    }
}

/// A decoded upload, resized and encoded for storage.
pub struct Processed {
    pub hash: String,
    pub width: u32,
    pub height: u32,
    pub thumb: Vec<u8>,
    pub display: Vec<u8>,
}

fn jpeg(img: &DynamicImage) -> AppResult<Vec<u8>> {
    let mut out = Vec::new();
    let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
    rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 82))
        .map_err(|e| AppError::Internal(format!("jpeg encode: {e}")))?;
    Ok(out)
}

/// Checks, decodes and resizes an upload. CPU-heavy: call it off the async workers.
pub fn process(bytes: &[u8]) -> AppResult<Processed> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(too_large());
    }
    let format = sniff(bytes).ok_or_else(not_an_image)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| not_an_image())?;
    let (width, height) = (img.width(), img.height());
    if width == 0 || height == 0 {
        return Err(not_an_image());
    }
    let display = if width > DISPLAY_PX || height > DISPLAY_PX {
        img.resize(DISPLAY_PX, DISPLAY_PX, FilterType::Triangle)
    } else {
        img.clone()
    };
    let thumb = display.resize(THUMB_PX, THUMB_PX, FilterType::Triangle);
    let hash: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Processed {
        hash,
        width,
        height,
        thumb: jpeg(&thumb)?,
        display: jpeg(&display)?,
    })
}

/// Where uploads live: `uploads/` beside the database file.
pub fn uploads_dir(db: &Path) -> PathBuf {
    match db.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.join("uploads"),
        None => PathBuf::from("uploads"),
    }
}

/// Writes both sizes (each via a temporary file and a rename, so a reader never sees half).
pub fn store_files(dir: &Path, p: &Processed) -> AppResult<()> {
    let io = |e: std::io::Error| AppError::Internal(format!("photo write: {e}"));
    std::fs::create_dir_all(dir).map_err(io)?;
    for (size, bytes) in [("thumb", &p.thumb), ("display", &p.display)] {
        let name = format!("{}-{size}.jpg", p.hash);
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes).map_err(io)?;
        std::fs::rename(&tmp, dir.join(&name)).map_err(io)?;
    }
    Ok(())
}

/// An upload as the handler received it, checked, decoded, resized and stored off the
/// async threads: the one path every photo (shop items, service orders) takes.
pub async fn receive(
    db: &Path,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> AppResult<Processed> {
    let bytes = body.map_err(|r| {
        if r.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            AppError::BadRequest(r.body_text())
        }
    })?;
    let dir = uploads_dir(db);
    tokio::task::spawn_blocking(move || {
        let p = process(&bytes)?;
        store_files(&dir, &p)?;
        Ok::<_, AppError>(p)
    })
    .await
    .map_err(|e| AppError::Internal(format!("photo task: {e}")))?
}

/// A stored photo's file name, if `name` is one: 64 hex digits, a size, `.jpg`.
pub fn file_name(name: &str) -> Option<&str> {
    let (hash, rest) = name.split_at_checked(64)?;
    let hex = hash
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (hex && (rest == "-thumb.jpg" || rest == "-display.jpg")).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, image::Rgb([9, 99, 199])));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_real_png_is_resized_to_both_sizes() {
        let p = process(&png(1600, 1200)).unwrap();
        assert_eq!((p.width, p.height), (1600, 1200));
        let thumb = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (240, 180));
        let display = image::load_from_memory(&p.display).unwrap();
        assert_eq!((display.width(), display.height()), (800, 600));
        assert_eq!(p.hash.len(), 64);
    }

    #[test]
    fn a_script_named_jpg_and_a_truncated_png_are_refused() {
        assert!(process(b"#!/bin/sh\nrm -rf /\n").is_err());
        let whole = png(64, 64);
        assert!(process(&whole[..whole.len() / 2]).is_err());
        assert!(process(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).is_err());
    }

    #[test]
    fn only_stored_photo_names_are_served() {
        let h = "a".repeat(64);
        assert!(file_name(&format!("{h}-thumb.jpg")).is_some());
        assert!(file_name(&format!("{h}-display.jpg")).is_some());
        assert!(file_name(&format!("{h}-big.jpg")).is_none());
        assert!(file_name("../../etc/passwd").is_none());
        assert!(file_name(&format!("{}-thumb.jpg", "A".repeat(64))).is_none());
    }
}
