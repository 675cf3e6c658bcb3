//! Reading QR codes from camera frames without the browser's help: the fallback for
//! browsers that have no `BarcodeDetector` (Firefox, Chromium on Linux, older Safari).
//! The scan field draws a video frame onto a canvas and hands its pixels here; `rqrr`
//! (pure Rust, so it runs in the wasm) finds and decodes the codes.
//!
//! Frames are shrunk to at most [`MAX_SIDE`] pixels on their longer side first: detection
//! time grows with the pixel count, and a card held up to a camera still has several
//! pixels per module at that size.

/// The longest side, in pixels, a frame is decoded at.
pub const MAX_SIDE: usize = 640;

/// The integer factor a `width`×`height` frame is shrunk by (1 = not at all).
fn factor(width: usize, height: usize) -> usize {
    width.max(height).div_ceil(MAX_SIDE).max(1)
}

/// The size a `width`×`height` frame is decoded at: what a canvas should be drawn at, so
/// the browser does the shrinking and `getImageData` copies no more than needed.
pub fn decode_size(width: usize, height: usize) -> (usize, usize) {
    let f = factor(width, height);
    (width / f, height / f)
}

/// The texts of the QR codes in a greyscale frame (one byte a pixel, row by row; 0 is
/// black), in the order found; empty when there is none or the buffer is too short.
pub fn decode_luma(width: usize, height: usize, luma: &[u8]) -> Vec<String> {
    if width == 0 || height == 0 || luma.len() < width * height {
        return Vec::new();
    }
    decode_with(width, height, |x, y| luma[y * width + x])
}

/// The texts of the QR codes in an RGBA frame, as a canvas's `getImageData` gives it.
pub fn decode_rgba(width: usize, height: usize, rgba: &[u8]) -> Vec<String> {
    if width == 0 || height == 0 || rgba.len() < width * height * 4 {
        return Vec::new();
    }
    decode_with(width, height, |x, y| {
        let i = (y * width + x) * 4;
        // Rec. 601 luma in fixed point; alpha is ignored (canvas frames are opaque).
        let (r, g, b) = (rgba[i] as u32, rgba[i + 1] as u32, rgba[i + 2] as u32);
        ((77 * r + 150 * g + 29 * b) >> 8) as u8
    })
}

/// Shrinks by averaging `f`×`f` blocks (which also smooths sensor noise), then decodes.
fn decode_with(width: usize, height: usize, pixel: impl Fn(usize, usize) -> u8) -> Vec<String> {
    let f = factor(width, height);
    let (w, h) = (width / f, height / f);
    if w == 0 || h == 0 {
        return Vec::new();
    }
    let area = (f * f) as u32;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        if f == 1 {
            return pixel(x, y);
        }
        let mut sum = 0u32;
        for dy in 0..f {
            for dx in 0..f {
                sum += pixel(x * f + dx, y * f + dy) as u32;
            }
        }
        (sum / area) as u8
    });
    let mut texts: Vec<String> = Vec::new();
    for grid in img.detect_grids() {
        if let Ok((_, text)) = grid.decode() {
            if !texts.contains(&text) {
                texts.push(text);
            }
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::{Color, EcLevel, QrCode};

    /// A deterministic pseudo-random byte stream (xorshift), for noise.
    struct Noise(u32);

    impl Noise {
        fn next(&mut self) -> u8 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 17;
            self.0 ^= self.0 << 5;
            (self.0 >> 24) as u8
        }
    }

    /// A `width`×`height` greyscale "photo": a grey gradient with ±`noise` speckle, and the
    /// QR code of `text` with its 4-module quiet zone drawn at `scale` pixels a module (need
    /// not be whole) with its top-left corner at (`left`, `top`), dark ink on paper that is
    /// not quite white.
    #[allow(clippy::too_many_arguments)]
    fn photo(
        text: &str,
        width: usize,
        height: usize,
        left: usize,
        top: usize,
        scale: f32,
        noise: u8,
    ) -> Vec<u8> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
        let n = code.width();
        let colors = code.to_colors();
        let side = (n + 8) as f32 * scale;
        let mut rng = Noise(0x2545_f491);
        let mut img = vec![0u8; width * height];
        for y in 0..height {
            for x in 0..width {
                let (fx, fy) = (x as f32 - left as f32, y as f32 - top as f32);
                let base = if fx >= 0.0 && fy >= 0.0 && fx < side && fy < side {
                    let (mx, my) = ((fx / scale) as usize, (fy / scale) as usize);
                    let inside = (4..n + 4).contains(&mx) && (4..n + 4).contains(&my);
                    if inside && colors[(my - 4) * n + (mx - 4)] == Color::Dark {
                        40
                    } else {
                        215
                    }
                } else {
                    // The table under the card: darker to the right.
                    (140 - 60 * x / width) as i32
                };
                let jitter = if noise == 0 {
                    0
                } else {
                    (rng.next() % (2 * noise as u32 + 1) as u8) as i32 - noise as i32
                };
                img[y * width + x] = (base + jitter).clamp(0, 255) as u8;
            }
        }
        img
    }

    fn card_text() -> String {
        format!(
            "linli:card:{}",
            crate::card::with_check_digit("81234567890").unwrap()
        )
    }

    /// A live token as long as the server's: number, expiry, nonce, HMAC-SHA256 hex.
    fn token_text() -> String {
        format!(
            "linli:tok:{}.1795000000.9f3a61c2d47e8b05.{}",
            crate::card::with_check_digit("81234567890").unwrap(),
            "3c5e0d9a7b41f2c86e19a0d4b7f3e25c8d9a1b6f0e4c7a2d5b8e1f3c6a9d0b2e"
        )
    }

    #[test]
    fn a_printed_card_number_is_read_back() {
        let text = card_text();
        let img = photo(&text, 640, 480, 183, 97, 10.0, 12);
        assert_eq!(decode_luma(640, 480, &img), vec![text]);
    }

    #[test]
    fn a_long_live_token_is_read_at_an_odd_module_size() {
        let text = token_text();
        assert!(text.len() > 100);
        let img = photo(&text, 640, 480, 131, 41, 7.5, 20);
        assert_eq!(decode_luma(640, 480, &img), vec![text]);
    }

    #[test]
    fn a_full_hd_frame_is_shrunk_and_still_read() {
        let text = token_text();
        assert_eq!(decode_size(1920, 1080), (640, 360));
        let img = photo(&text, 1920, 1080, 700, 200, 13.0, 25);
        assert_eq!(decode_luma(1920, 1080, &img), vec![text]);
    }

    #[test]
    fn canvas_rgba_pixels_are_read_like_grey_ones() {
        let text = card_text();
        let grey = photo(&text, 480, 360, 60, 30, 8.0, 8);
        // A slightly blue-tinted picture, as a webcam gives.
        let rgba: Vec<u8> = grey
            .iter()
            .flat_map(|&v| [v.saturating_sub(10), v, v.saturating_add(12), 255])
            .collect();
        assert_eq!(decode_rgba(480, 360, &rgba), vec![text]);
    }

    #[test]
    fn frames_without_a_code_read_nothing() {
        assert!(decode_luma(640, 480, &vec![255; 640 * 480]).is_empty());
        assert!(decode_luma(640, 480, &vec![0; 640 * 480]).is_empty());
        let mut rng = Noise(7);
        let random: Vec<u8> = (0..640 * 480).map(|_| rng.next()).collect();
        assert!(decode_luma(640, 480, &random).is_empty());
        let rgba: Vec<u8> = (0..320 * 240 * 4).map(|_| rng.next()).collect();
        assert!(decode_rgba(320, 240, &rgba).is_empty());
    }

    #[test]
    fn short_or_empty_buffers_read_nothing() {
        let img = photo(&card_text(), 320, 240, 40, 20, 6.0, 0);
        assert!(decode_luma(320, 241, &img).is_empty());
        assert!(decode_rgba(320, 240, &img).is_empty());
        assert!(decode_luma(0, 0, &[]).is_empty());
        assert_eq!(decode_size(640, 480), (640, 480));
        assert_eq!(decode_size(1280, 720), (640, 360));
    }

    /// Decode time of one frame; run with
    /// `cargo test --release -p linli-app qr_scan -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn decode_time() {
        for (w, h, label) in [(640, 480, "640x480"), (1280, 720, "1280x720 (shrunk)")] {
            let scale = if w > 640 { 12.0 } else { 6.0 };
            let hit = photo(&token_text(), w, h, w / 4, h / 8, scale, 15);
            let mut rng = Noise(11);
            let miss: Vec<u8> = (0..w * h).map(|_| 100 + rng.next() / 2).collect();
            for (img, what) in [(hit, "with the token"), (miss, "without a code")] {
                let runs = 20;
                let start = std::time::Instant::now();
                for _ in 0..runs {
                    std::hint::black_box(decode_luma(w, h, &img));
                }
                let ms = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
                println!("{label} {what}: {ms:.1} ms a frame");
            }
        }
    }
}
