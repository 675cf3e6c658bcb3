//! Bars, lines and a share bar drawn as SVG, no chart library: each a `<figure>` whose
//! picture is labelled for assistive technology and followed by the same numbers as a
//! table that screen readers read (and print shows).

use leptos::prelude::*;

use crate::stats::percents;

const W: f64 = 320.0;
const H: f64 = 160.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 20.0;
const TOP: f64 = 8.0;

/// One named line or bar set.
#[derive(Clone)]
pub struct Series {
    pub name: String,
    pub values: Vec<i64>,
}

fn scale(max: i64) -> f64 {
    (H - BOTTOM - TOP) / (max.max(1) as f64)
}

/// Short month label: `2026-03` → `3月` / `03`.
fn tick(label: &str) -> String {
    label
        .rsplit('-')
        .next()
        .unwrap_or(label)
        .trim_start_matches('0')
        .to_string()
}

/// Every k-th x label so at most twelve show.
fn shows(i: usize, n: usize) -> bool {
    let k = n.div_ceil(12).max(1);
    i.is_multiple_of(k) || i + 1 == n
}

/// Month labels under the x axis, at the centre of each slot.
fn x_ticks(labels: &[String]) -> impl IntoView {
    let n = labels.len().max(1);
    let step = (W - LEFT) / n as f64;
    labels
        .iter()
        .enumerate()
        .filter(|(i, _)| shows(*i, n))
        .map(|(i, l)| {
            let x = LEFT + (i as f64 + 0.5) * step;
            view! { <text class="tick" x=x y=H - 4.0 text-anchor="middle">{tick(l)}</text> }
        })
        .collect_view()
}

fn axis(max: i64, fmt: fn(i64) -> String) -> impl IntoView {
    view! {
        <line class="axis" x1=LEFT y1=H - BOTTOM x2=W y2=H - BOTTOM />
        <text class="tick" x=LEFT - 4.0 y=H - BOTTOM text-anchor="end">"0"</text>
        <text class="tick" x=LEFT - 4.0 y=TOP + 8.0 text-anchor="end">{fmt(max)}</text>
    }
}

fn table(
    caption: String,
    labels: Vec<String>,
    series: Vec<Series>,
    head: String,
    fmt: fn(i64) -> String,
) -> impl IntoView {
    let names: Vec<String> = series.iter().map(|s| s.name.clone()).collect();
    view! {
        <table class="chart-table sr-only">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">{head}</th>
                {names.into_iter().map(|n| view! { <th scope="col">{n}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {labels.into_iter().enumerate().map(|(i, l)| {
                    let cells: Vec<String> = series.iter().map(|s| fmt(s.values.get(i).copied().unwrap_or(0))).collect();
                    view! { <tr><th scope="row">{l}</th>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Bars, one per label.
pub fn bar_chart(
    id: &str,
    title: String,
    head: String,
    labels: Vec<String>,
    values: Vec<i64>,
    fmt: fn(i64) -> String,
) -> impl IntoView {
    let n = labels.len().max(1);
    let max = values.iter().copied().max().unwrap_or(0).max(0);
    let k = scale(max);
    let step = (W - LEFT) / n as f64;
    let bars = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let h = (*v).max(0) as f64 * k;
            let x = LEFT + i as f64 * step + step * 0.15;
            view! { <rect class="bar" x=x y=H - BOTTOM - h width=step * 0.7 height=h /> }
        })
        .collect_view();
    let ticks = x_ticks(&labels);
    let label_id = format!("{id}-title");
    let series = vec![Series {
        name: title.clone(),
        values,
    }];
    view! {
        <figure class="chart" id=id.to_string()>
            <figcaption id=label_id.clone()>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=label_id>
                {axis(max, fmt)}{bars}{ticks}
            </svg>
            {table(title, labels, series, head, fmt)}
        </figure>
    }
}

/// Lines, one per series, over the same labels.
pub fn line_chart(
    id: &str,
    title: String,
    head: String,
    labels: Vec<String>,
    series: Vec<Series>,
    fmt: fn(i64) -> String,
) -> impl IntoView {
    let n = labels.len().max(1);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(0);
    let k = scale(max);
    let step = (W - LEFT) / n as f64;
    let x = move |i: usize| LEFT + (i as f64 + 0.5) * step;
    let lines = series
        .iter()
        .enumerate()
        .map(|(j, s)| {
            let points: Vec<String> = s
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{:.1},{:.1}", x(i), H - BOTTOM - (*v).max(0) as f64 * k))
                .collect();
            view! { <polyline class=format!("line line-{j}") points=points.join(" ") /> }
        })
        .collect_view();
    let ticks = x_ticks(&labels);
    let legend = series.iter().enumerate().map(|(j, s)| {
        view! { <li><span class=format!("key key-{j}") aria-hidden="true"></span>{s.name.clone()}</li> }
    }).collect_view();
    let label_id = format!("{id}-title");
    view! {
        <figure class="chart" id=id.to_string()>
            <figcaption id=label_id.clone()>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=label_id>
                {axis(max, fmt)}{lines}{ticks}
            </svg>
            <ul class="legend" aria-hidden="true">{legend}</ul>
            {table(title, labels, series, head, fmt)}
        </figure>
    }
}

/// One bar split into each part's share of the whole.
pub fn share_chart(
    id: &str,
    title: String,
    head: String,
    value_head: String,
    share_head: String,
    parts: Vec<(String, i64)>,
    fmt: fn(i64) -> String,
) -> impl IntoView {
    let values: Vec<i64> = parts.iter().map(|p| p.1).collect();
    let pct = percents(&values);
    let total: i64 = values.iter().map(|v| (*v).max(0)).sum::<i64>().max(1);
    let mut at = 0.0;
    let segments = parts
        .iter()
        .enumerate()
        .map(|(j, (_, v))| {
            let w = (*v).max(0) as f64 / total as f64 * W;
            let x = at;
            at += w;
            view! { <rect class=format!("part part-{}", j % 6) x=x y=10.0 width=w height=40.0 /> }
        })
        .collect_view();
    let legend = parts.iter().zip(&pct).enumerate().map(|(j, ((name, _), p))| {
        view! { <li><span class=format!("key part-{}", j % 6) aria-hidden="true"></span>{format!("{name} {p}%")}</li> }
    }).collect_view();
    let label_id = format!("{id}-title");
    let rows = parts.iter().zip(&pct).map(|((name, v), p)| {
        view! { <tr><th scope="row">{name.clone()}</th><td>{fmt(*v)}</td><td>{format!("{p}%")}</td></tr> }
    }).collect_view();
    view! {
        <figure class="chart" id=id.to_string()>
            <figcaption id=label_id.clone()>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {W} 60") role="img" aria-labelledby=label_id>{segments}</svg>
            <ul class="legend" aria-hidden="true">{legend}</ul>
            <table class="chart-table sr-only">
                <caption>{title}</caption>
                <thead><tr><th scope="col">{head}</th><th scope="col">{value_head}</th><th scope="col">{share_head}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}
