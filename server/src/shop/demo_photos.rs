//! Pictures for the demo goods, drawn at seed time so the catalogue and the kiosk look
//! like a real shop: a pastel tile in the item's own colour with a simple outline of the
//! thing (a bottle, a bag, an umbrella). Each is encoded as a small lossless WebP and then
//! takes the same path as an upload (`photos::process`), so it is stored and served like
//! any photo an administrator adds.

use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, Rgb, RgbImage};

use super::photos::{self, Processed};
use crate::error::{AppError, AppResult};

/// Side of a drawn picture in pixels (shapes are laid out on a 100-unit grid).
const SIDE: u32 = 360;

/// How light a shape is drawn against its tile.
#[derive(Clone, Copy)]
enum Tone {
    Dark,
    Mid,
    White,
}

/// A shape on the 100-unit grid.
#[derive(Clone, Copy)]
enum Shape {
    Rect(i32, i32, i32, i32, Tone),
    Disc(i32, i32, i32, Tone),
    /// The upper half of a disc (an umbrella's canopy).
    Dome(i32, i32, i32, Tone),
}

use Shape::{Disc, Dome, Rect};
use Tone::{Dark, Mid, White};

/// The base colour and outline of each demo good, in `demo::GOODS` order.
const DRAWINGS: &[([u8; 3], &[Shape])] = &[
    // 洗衣液: a jug with a cap and a label.
    (
        [37, 99, 235],
        &[
            Rect(30, 34, 40, 52, Dark),
            Rect(42, 20, 16, 14, Mid),
            Rect(36, 52, 28, 16, White),
        ],
    ),
    // 书包: a school bag with a flap and a handle.
    (
        [234, 88, 12],
        &[
            Rect(40, 18, 20, 8, Dark),
            Rect(25, 26, 50, 60, Dark),
            Rect(25, 26, 50, 20, Mid),
            Rect(44, 44, 12, 8, White),
        ],
    ),
    // 香皂: a bar with bubbles.
    (
        [22, 163, 74],
        &[
            Rect(20, 48, 60, 28, Dark),
            Disc(34, 34, 7, White),
            Disc(52, 28, 5, White),
            Disc(66, 38, 6, White),
        ],
    ),
    // 牙膏: a tube and its cap.
    (
        [8, 145, 178],
        &[
            Rect(14, 42, 62, 18, Dark),
            Rect(76, 45, 10, 12, Mid),
            Rect(24, 48, 30, 6, White),
        ],
    ),
    // 毛巾: a folded towel with stripes.
    (
        [219, 39, 119],
        &[
            Rect(25, 22, 50, 60, Dark),
            Rect(25, 64, 50, 5, White),
            Rect(25, 72, 50, 5, White),
        ],
    ),
    // 抽纸: a tissue box with a sheet showing.
    (
        [124, 58, 237],
        &[
            Rect(18, 46, 64, 34, Dark),
            Disc(50, 46, 12, White),
            Rect(30, 58, 40, 6, Mid),
        ],
    ),
    // 大米: a tied sack.
    (
        [202, 138, 4],
        &[
            Disc(50, 62, 26, Dark),
            Rect(40, 26, 20, 16, Dark),
            Rect(38, 38, 24, 5, Mid),
            Rect(40, 60, 20, 10, White),
        ],
    ),
    // 食用油: a tall bottle.
    (
        [161, 98, 7],
        &[
            Rect(36, 28, 28, 58, Dark),
            Rect(44, 16, 12, 12, Mid),
            Rect(40, 50, 20, 14, White),
        ],
    ),
    // 酱油: a slim bottle with a long neck.
    (
        [153, 27, 27],
        &[
            Rect(38, 46, 24, 40, Dark),
            Rect(45, 22, 10, 24, Dark),
            Rect(44, 16, 12, 7, Mid),
            Rect(41, 58, 18, 12, White),
        ],
    ),
    // 文具套装: three pencils and an eraser.
    (
        [79, 70, 229],
        &[
            Rect(26, 20, 9, 56, Dark),
            Rect(42, 26, 9, 50, Mid),
            Rect(58, 20, 9, 56, Dark),
            Rect(24, 78, 52, 10, White),
        ],
    ),
    // 保温杯: a flask with a lid.
    (
        [71, 85, 105],
        &[
            Rect(37, 28, 26, 58, Dark),
            Rect(35, 18, 30, 10, Mid),
            Rect(37, 46, 26, 5, White),
        ],
    ),
    // 雨伞: an umbrella.
    (
        [13, 148, 136],
        &[
            Dome(50, 50, 32, Dark),
            Rect(48, 50, 4, 30, Mid),
            Rect(40, 78, 12, 4, Mid),
        ],
    ),
];

/// A tone of `base`: a pale tile, the shape's dark and middle colours, or white.
fn tile(base: [u8; 3]) -> Rgb<u8> {
    Rgb(base.map(|c| (c as u16 + 3 * 255).div_euclid(4) as u8))
}

fn tone(base: [u8; 3], t: Tone) -> Rgb<u8> {
    match t {
        Dark => Rgb(base),
        Mid => Rgb(base.map(|c| (c as u16 + 255).div_euclid(2) as u8)),
        White => Rgb([255, 255, 255]),
    }
}

/// Is the pixel centre (px, py), in grid units, inside the shape?
fn covers(shape: Shape, x: f32, y: f32) -> bool {
    let d2 = |cx: i32, cy: i32| (x - cx as f32).powi(2) + (y - cy as f32).powi(2);
    match shape {
        Rect(rx, ry, w, h, _) => {
            x >= rx as f32 && x < (rx + w) as f32 && y >= ry as f32 && y < (ry + h) as f32
        }
        Disc(cx, cy, r, _) => d2(cx, cy) <= (r * r) as f32,
        Dome(cx, cy, r, _) => y <= cy as f32 && d2(cx, cy) <= (r * r) as f32,
    }
}

fn shape_tone(shape: Shape) -> Tone {
    match shape {
        Rect(.., t) | Disc(.., t) | Dome(.., t) => t,
    }
}

/// Draws picture `i`, later shapes over earlier ones.
fn draw(i: usize) -> RgbImage {
    let (base, shapes) = DRAWINGS[i % DRAWINGS.len()];
    let scale = 100.0 / SIDE as f32;
    RgbImage::from_fn(SIDE, SIDE, |px, py| {
        let (x, y) = ((px as f32 + 0.5) * scale, (py as f32 + 0.5) * scale);
        shapes
            .iter()
            .rev()
            .find(|s| covers(**s, x, y))
            .map_or(tile(base), |s| tone(base, shape_tone(*s)))
    })
}

/// Picture `i` as a lossless WebP (flat colours compress to a few kilobytes).
pub fn webp(i: usize) -> AppResult<Vec<u8>> {
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(draw(i))
        .write_with_encoder(WebPEncoder::new_lossless(&mut out))
        .map_err(|e| AppError::Internal(format!("webp encode: {e}")))?;
    Ok(out)
}

/// The first `n` demo pictures, drawn, checked and resized like uploads. CPU work:
/// call it off the async workers.
pub fn processed(n: usize) -> AppResult<Vec<Processed>> {
    (0..n).map(|i| photos::process(&webp(i)?)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every good has its own small picture, which the upload path accepts.
    #[test]
    fn each_demo_picture_is_a_small_distinct_webp() {
        let mut hashes = Vec::new();
        for i in 0..DRAWINGS.len() {
            let bytes = webp(i).unwrap();
            assert!(
                bytes.len() < 10 * 1024,
                "picture {i}: {} bytes",
                bytes.len()
            );
            assert_eq!(photos::sniff(&bytes), Some(image::ImageFormat::WebP));
            let p = photos::process(&bytes).unwrap();
            assert_eq!((p.width, p.height), (SIDE, SIDE));
            assert!(
                p.thumb.len() < 10 * 1024,
                "thumb {i}: {} bytes",
                p.thumb.len()
            );
            hashes.push(p.hash);
        }
        hashes.sort();
        hashes.dedup();
        assert_eq!(hashes.len(), DRAWINGS.len());
    }
}
