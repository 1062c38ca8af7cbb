//! The bucket chart: an inline SVG (no script, no style attribute — the pages' CSP allows
//! neither) that shows a layout's shape at a glance.
//!
//! The upper plot draws each bucket's lower bound against its index: a straight line for a
//! linear layout, a curve bending upward for an exponential one. The strip below marks every
//! bound on a linear value axis from 0 to the largest bound: evenly spaced ticks for linear,
//! ticks crowded at the low end for exponential.

use std::fmt::Write as _;

use super::escape;

const WIDTH: f64 = 640.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const PLOT_BOTTOM: f64 = 176.0;
const STRIP_TOP: f64 = 212.0;
const STRIP_BOTTOM: f64 = 236.0;
const HEIGHT: f64 = 270.0;
/// More points than this are thinned (evenly, always keeping the first and the last).
const MAX_POINTS: usize = 400;

fn thinned(count: usize) -> Vec<usize> {
    if count <= MAX_POINTS {
        return (0..count).collect();
    }
    let step = (count - 1) as f64 / (MAX_POINTS - 1) as f64;
    let mut out: Vec<usize> = (0..MAX_POINTS)
        .map(|i| ((i as f64 * step).round() as usize).min(count - 1))
        .collect();
    out.dedup();
    out
}

/// The chart of `buckets` (lower bounds, as `Histogram::buckets` returns them) of the
/// histogram `name`. `None` when there is nothing to draw.
pub fn bucket_chart(name: &str, kind: &str, buckets: &[i64]) -> Option<String> {
    if buckets.is_empty() {
        return None;
    }
    let n = buckets.len();
    let max = buckets.iter().copied().max().unwrap_or(0).max(1) as f64;
    let min = buckets.iter().copied().min().unwrap_or(0).min(0) as f64;
    let span = (max - min).max(1.0);
    let plot_width = WIDTH - LEFT - RIGHT;
    let x_of_index = |i: usize| {
        if n == 1 {
            LEFT + plot_width / 2.0
        } else {
            LEFT + plot_width * i as f64 / (n - 1) as f64
        }
    };
    let y_of_value = |v: i64| PLOT_BOTTOM - (PLOT_BOTTOM - TOP) * ((v as f64 - min) / span);
    let x_of_value = |v: i64| LEFT + plot_width * ((v as f64 - min) / span);

    let mut svg = String::with_capacity(4096 + 24 * n.min(MAX_POINTS) * 2);
    let title = escape::html(&format!(
        "Bucket lower bounds of {name} ({kind}, {n} buckets)"
    ));
    let _ = writeln!(
        svg,
        "<svg class=\"bucket-chart\" id=\"bucket-chart\" role=\"img\" \
         aria-labelledby=\"bucket-chart-title\" xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\">\
         <title id=\"bucket-chart-title\">{title}</title>"
    );
    // Frame and axes.
    let _ = writeln!(
        svg,
        "<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{plot_width}\" height=\"{}\" fill=\"#f6f8fa\" \
         stroke=\"#d0d7de\"/>",
        PLOT_BOTTOM - TOP
    );
    svg.push_str("<g font-size=\"11\" font-family=\"sans-serif\" fill=\"#57606a\">\n");
    let label = |svg: &mut String, x: f64, y: f64, anchor: &str, text: &str| {
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            Tenths(x),
            Tenths(y),
            escape::html(text)
        );
    };
    label(
        &mut svg,
        LEFT - 6.0,
        TOP + 10.0,
        "end",
        &format_int(max as i64),
    );
    label(
        &mut svg,
        LEFT - 6.0,
        PLOT_BOTTOM,
        "end",
        &format_int(min as i64),
    );
    label(&mut svg, LEFT, PLOT_BOTTOM + 14.0, "start", "bucket 0");
    label(
        &mut svg,
        WIDTH - RIGHT,
        PLOT_BOTTOM + 14.0,
        "end",
        &format!("bucket {}", n - 1),
    );
    label(
        &mut svg,
        LEFT + plot_width / 2.0,
        PLOT_BOTTOM + 14.0,
        "middle",
        "lower bound by bucket index",
    );
    svg.push_str("</g>\n");

    // Dots on every bound of small layouts: one marker, drawn at each vertex.
    let markers = if n <= 60 {
        " marker-start=\"url(#bucket-dot)\" marker-mid=\"url(#bucket-dot)\" \
         marker-end=\"url(#bucket-dot)\""
    } else {
        ""
    };
    if n <= 60 {
        svg.push_str(
            "<defs><marker id=\"bucket-dot\" viewBox=\"0 0 6 6\" refX=\"3\" refY=\"3\" \
             markerWidth=\"5\" markerHeight=\"5\" markerUnits=\"userSpaceOnUse\">\
             <circle cx=\"3\" cy=\"3\" r=\"3\" fill=\"#0969da\"/></marker></defs>\n",
        );
    }
    // The bounds by index.
    let indices = thinned(n);
    let mut points = String::with_capacity(indices.len() * 14);
    for &i in &indices {
        let _ = write!(
            points,
            "{},{} ",
            Tenths(x_of_index(i)),
            Tenths(y_of_value(buckets[i]))
        );
    }
    let _ = writeln!(
        svg,
        "<polyline class=\"chart-line\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" \
         points=\"{}\"{markers}/>",
        points.trim_end()
    );
    // The bounds on the value axis.
    let _ = writeln!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{STRIP_BOTTOM}\" x2=\"{}\" y2=\"{STRIP_BOTTOM}\" \
         stroke=\"#57606a\"/>",
        WIDTH - RIGHT
    );
    let mut ticks = String::with_capacity(indices.len() * 20);
    for &i in &indices {
        let x = x_of_value(buckets[i]);
        let _ = write!(
            ticks,
            "M{} {STRIP_TOP}v{}",
            Tenths(x),
            STRIP_BOTTOM - STRIP_TOP
        );
    }
    let _ = writeln!(
        svg,
        "<path class=\"chart-ticks\" d=\"{ticks}\" stroke=\"#cf222e\" stroke-width=\"1\"/>"
    );
    svg.push_str("<g font-size=\"11\" font-family=\"sans-serif\" fill=\"#57606a\">\n");
    label(
        &mut svg,
        LEFT,
        STRIP_BOTTOM + 14.0,
        "start",
        &format_int(min as i64),
    );
    label(
        &mut svg,
        WIDTH - RIGHT,
        STRIP_BOTTOM + 14.0,
        "end",
        &format_int(max as i64),
    );
    label(
        &mut svg,
        LEFT + plot_width / 2.0,
        STRIP_BOTTOM + 14.0,
        "middle",
        "the bounds on a linear value axis",
    );
    svg.push_str("</g>\n</svg>\n");
    Some(svg)
}

/// A coordinate with one decimal (`12.3`), formatted with integer arithmetic: several times
/// faster than `{:.1}`, and the same text but for ties (rounded away from zero here).
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round();
        if !tenths.is_finite() || tenths.abs() > 1e15 {
            return write!(f, "{:.1}", self.0);
        }
        let tenths = tenths as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{}.{}",
            tenths.unsigned_abs() / 10,
            tenths.unsigned_abs() % 10
        )
    }
}

/// `1234567` → `1,234,567`.
pub fn format_int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_match_the_float_format() {
        for v in [
            0.0,
            0.04,
            0.07,
            12.34,
            623.97,
            72.0,
            176.0,
            3.0 / 7.0,
            1e9 / 3.0,
        ] {
            assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v}");
        }
        assert_eq!(Tenths(-0.3).to_string(), "-0.3");
    }

    #[test]
    fn numbers_get_separators() {
        assert_eq!(format_int(0), "0");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(1000), "1,000");
        assert_eq!(format_int(-1234567), "-1,234,567");
        assert_eq!(format_int(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn charts_are_plain_svg_with_escaped_names() {
        let svg = bucket_chart("<script>x</script>", "linear", &[0, 1, 2, 3]).unwrap();
        assert!(svg.starts_with("<svg class=\"bucket-chart\""));
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("style="));
        assert!(svg.contains("marker-mid=\"url(#bucket-dot)\""));
        assert!(bucket_chart("X", "linear", &[]).is_none());
        // One bucket and all-zero bounds do not divide by zero.
        let one = bucket_chart("X", "linear", &[0]).unwrap();
        assert!(!one.contains("NaN") && !one.contains("inf"));
    }

    #[test]
    fn large_layouts_are_thinned() {
        let buckets: Vec<i64> = (0..20_000).collect();
        let svg = bucket_chart("X", "linear", &buckets).unwrap();
        assert!(svg.len() < 20_000, "{}", svg.len());
        assert!(svg.contains("bucket 19999"));
        assert_eq!(thinned(5), vec![0, 1, 2, 3, 4]);
        let t = thinned(10_000);
        assert_eq!(t.first(), Some(&0));
        assert_eq!(t.last(), Some(&9_999));
    }
}
