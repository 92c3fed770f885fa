//! The report's charts, drawn by the `plotters` crate into SVG strings
//! (its SVG backend: plain text, no fonts or images to embed).

use plotters::prelude::*;

/// One line of a line chart.
pub struct Series<'a> {
    pub name: &'a str,
    pub color: RGBColor,
    pub points: Vec<(f64, f64)>,
}

/// A horizontal reference line (e.g. the --frames limit).
pub struct Limit<'a> {
    pub name: &'a str,
    pub y: f64,
}

pub const BLUE_: RGBColor = RGBColor(31, 119, 180);
pub const ORANGE_: RGBColor = RGBColor(255, 127, 14);
pub const GREEN_: RGBColor = RGBColor(44, 160, 44);
pub const RED_: RGBColor = RGBColor(214, 39, 40);
pub const PURPLE_: RGBColor = RGBColor(148, 103, 189);
pub const GREY_: RGBColor = RGBColor(127, 127, 127);

const SIZE: (u32, u32) = (900, 320);

fn err(e: impl std::fmt::Display) -> String {
    format!("drawing a chart: {e}")
}

/// A line chart of `series` with an optional horizontal `limit`.
pub fn lines(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    series: &[Series<'_>],
    limit: Option<Limit<'_>>,
) -> Result<String, String> {
    let xmax = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let xmin = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .fold(xmax, f64::min)
        .min(xmax);
    let ymax = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .chain(limit.as_ref().map(|l| l.y))
        .fold(0.0f64, f64::max);
    let ymax = if ymax > 0.0 { ymax * 1.08 } else { 1.0 };
    let xmin = if xmin < xmax { xmin } else { 0.0 };
    draw(title, 64, |builder| {
        let mut chart = builder
            .build_cartesian_2d(xmin..xmax, 0.0..ymax)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(err)?;
        for s in series {
            let color = s.color;
            chart
                .draw_series(LineSeries::new(
                    s.points.iter().copied(),
                    color.stroke_width(2),
                ))
                .map_err(err)?
                .label(s.name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                });
        }
        if let Some(l) = limit {
            let style = RED_.stroke_width(2);
            chart
                .draw_series(DashedLineSeries::new(
                    [(xmin, l.y), (xmax, l.y)],
                    8,
                    5,
                    style,
                ))
                .map_err(err)?
                .label(l.name)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(err)
    })
}

/// A bar chart: one bar per label.
pub fn bars(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    bars: &[(String, u64)],
) -> Result<String, String> {
    let n = bars.len().max(1) as u32;
    let ymax = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let ymax = ymax + ymax / 10 + 1;
    draw(title, 72, |builder| {
        let mut chart = builder
            .build_cartesian_2d((0u32..n).into_segmented(), 0u64..ymax)
            .map_err(err)?;
        let label = |v: &SegmentValue<u32>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => bars
                .get(*i as usize)
                .map(|b| b.0.clone())
                .unwrap_or_default(),
            SegmentValue::Last => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_labels(bars.len() + 1)
            .x_label_formatter(&label)
            .draw()
            .map_err(err)?;
        chart
            .draw_series(
                Histogram::vertical(&chart)
                    .style(BLUE_.filled())
                    .margin(6)
                    .data(bars.iter().enumerate().map(|(i, b)| (i as u32, b.1))),
            )
            .map_err(err)?;
        Ok(())
    })
}

/// An SVG of [`SIZE`] on white with a titled chart area (`y_area` pixels
/// for the y labels) handed to `body`, which draws the chart.
fn draw(
    title: &str,
    y_area: u32,
    body: impl FnOnce(&mut ChartBuilder<'_, '_, SVGBackend<'_>>) -> Result<(), String>,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut builder = ChartBuilder::on(&root);
        builder
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(y_area);
        body(&mut builder)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}
