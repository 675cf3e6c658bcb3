//! Drawing a QR code: the module matrix (from the encoder, in the browser) becomes one SVG
//! path, each row's runs of dark modules a rectangle, so a card code is a few hundred
//! bytes of markup instead of hundreds of elements.

/// The quiet zone around a code, in modules (the standard asks for 4).
pub const QUIET: usize = 4;

/// The SVG path (`d`) of a `width`×`width` matrix given row by row (`true` = dark),
/// offset by the quiet zone. Horizontal runs are merged: `M x y h n v1 h-n z`.
pub fn svg_path(width: usize, dark: &[bool]) -> String {
    let mut d = String::new();
    if width == 0 || dark.len() != width * width {
        return d;
    }
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            let run = x - start;
            d.push_str(&format!(
                "M{} {}h{}v1h-{}z",
                start + QUIET,
                y + QUIET,
                run,
                run
            ));
        }
    }
    d
}

/// The side of the drawing in modules, quiet zone included (the SVG's viewBox).
pub fn view_size(width: usize) -> usize {
    width + 2 * QUIET
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_dark_modules_become_one_rectangle_each() {
        // 3×3: a full top row, a lone centre, two corners at the bottom.
        let m = [
            true, true, true, //
            false, true, false, //
            true, false, true,
        ];
        assert_eq!(
            svg_path(3, &m),
            "M4 4h3v1h-3zM5 5h1v1h-1zM4 6h1v1h-1zM6 6h1v1h-1z"
        );
        assert_eq!(view_size(3), 11);
    }

    #[test]
    fn a_matrix_of_the_wrong_size_draws_nothing() {
        assert_eq!(svg_path(3, &[true; 4]), "");
        assert_eq!(svg_path(0, &[]), "");
        assert_eq!(svg_path(2, &[false; 4]), "");
    }
}
