//! Reading QR codes from camera frames without the browser's help: the fallback for
//! browsers that have no `BarcodeDetector` (Firefox, Chromium on Linux, older Safari).
//! The scan field draws a video frame onto a canvas and hands its pixels here; `quircs`
//! (a pure-Rust port of quirc, so it runs in the wasm) finds and decodes the codes.
//!
//! quircs over rqrr: it adds about 12 KB (brotli) to the site's wasm where rqrr added
//! 81 KB (its GF(256) multiplication table alone is 64 KB), and decodes a frame two to
//! three times faster (in V8: 23–30 ms with a code in a 640×480 frame, 15 ms without, on
//! the CI machine's core; rqrr took 61–78 and 26–39). It binarises with one threshold for the whole frame, so [`binarize`] first
//! compares each pixel with its neighbourhood: a card in a shadow or a phone screen
//! beside a window still reads.
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
    let mut grey = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            grey.push(if f == 1 {
                pixel(x, y)
            } else {
                let mut sum = 0u32;
                for dy in 0..f {
                    for dx in 0..f {
                        sum += pixel(x * f + dx, y * f + dy) as u32;
                    }
                }
                (sum / area) as u8
            });
        }
    }
    binarize(&mut grey, w, h);
    let mut texts: Vec<String> = Vec::new();
    let mut quirc = quircs::Quirc::default();
    for code in quirc.identify(w, h, &grey).flatten() {
        let Ok(data) = code.decode() else { continue };
        let Ok(text) = String::from_utf8(data.payload) else {
            continue;
        };
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    texts
}

/// Turns a greyscale frame black (0) and white (255) in place: a pixel is black when it is
/// clearly darker than the mean of the square around it (a window wider than a finder
/// pattern's centre at any module size the frame can hold), so uneven light does not
/// matter. Sums come from an integral image: the cost is the same for any window.
fn binarize(grey: &mut [u8], w: usize, h: usize) {
    let r = (w.max(h) / 10).max(4);
    let stride = w + 1;
    let mut sums = vec![0u32; stride * (h + 1)];
    for y in 0..h {
        let mut row = 0u32;
        for x in 0..w {
            row += grey[y * w + x] as u32;
            sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1] + row;
        }
    }
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = sums[y1 * stride + x1] + sums[y0 * stride + x0]
                - sums[y0 * stride + x1]
                - sums[y1 * stride + x0];
            let n = ((y1 - y0) * (x1 - x0)) as u32;
            // 10 % darker than around it: flat areas' sensor noise stays white.
            let dark = (grey[y * w + x] as u32) * n * 10 < sum * 9;
            grey[y * w + x] = if dark { 0 } else { 255 };
        }
    }
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
            crate::cards::with_check_digit("81234567890").unwrap()
        )
    }

    /// A live token as long as the server's: number, expiry, nonce, HMAC-SHA256 hex.
    fn token_text() -> String {
        format!(
            "linli:tok:{}.1795000000.9f3a61c2d47e8b05.{}",
            crate::cards::with_check_digit("81234567890").unwrap(),
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
    fn a_card_half_in_shadow_is_read() {
        let text = token_text();
        let mut img = photo(&text, 640, 480, 150, 60, 8.0, 6);
        // Light falls off from full on the left to 20 % on the right: one threshold for
        // the whole frame cannot tell the shadowed white from the lit black.
        for y in 0..480 {
            for x in 0..640 {
                let v = img[y * 640 + x] as usize;
                img[y * 640 + x] = (v * (640 - 512 * x / 640) / 640) as u8;
            }
        }
        assert_eq!(decode_luma(640, 480, &img), vec![text]);
    }

    #[test]
    fn two_codes_in_one_frame_are_both_read() {
        let (a, b) = (card_text(), token_text());
        let left = photo(&a, 320, 480, 20, 100, 7.0, 0);
        let right = photo(&b, 320, 480, 10, 60, 6.0, 0);
        let img: Vec<u8> = (0..480)
            .flat_map(|y| {
                let l = &left[y * 320..(y + 1) * 320];
                let r = &right[y * 320..(y + 1) * 320];
                l.iter().chain(r).copied().collect::<Vec<_>>()
            })
            .collect();
        let mut found = decode_luma(640, 480, &img);
        found.sort();
        let mut want = vec![a, b];
        want.sort();
        assert_eq!(found, want);
    }

    #[test]
    fn codes_cut_off_by_the_frame_edge_read_nothing_and_never_panic() {
        // A panic in the wasm would end the page, so odd frames must just read nothing:
        // codes pushed partly out of the frame at every edge, tiny frames, stripes.
        let text = token_text();
        for (left, top) in [(0, 0), (500, 40), (40, 400), (560, 380), (250, 470)] {
            let img = photo(&text, 640, 480, left, top, 7.0, 10);
            let found = decode_luma(640, 480, &img);
            assert!(found.is_empty() || found == vec![text.clone()]);
        }
        for (w, h) in [(1, 1), (3, 7), (17, 17), (64, 9)] {
            let mut rng = Noise(w as u32 * 31 + h as u32);
            let img: Vec<u8> = (0..w * h).map(|_| rng.next()).collect();
            assert!(decode_luma(w, h, &img).is_empty());
        }
        let stripes: Vec<u8> = (0..640 * 480)
            .map(|i| if (i % 640) / 7 % 2 == 0 { 0 } else { 255 })
            .collect();
        assert!(decode_luma(640, 480, &stripes).is_empty());
        let checks: Vec<u8> = (0..640 * 480)
            .map(|i| {
                if ((i % 640) / 5 + (i / 640) / 5) % 2 == 0 {
                    20
                } else {
                    230
                }
            })
            .collect();
        assert!(decode_luma(640, 480, &checks).is_empty());
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
