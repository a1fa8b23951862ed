//! The canonical output settings: a fixed order, defaults left out.

use super::Output;

/// The canonical steps of `o`, in order.
pub(in crate::recipe) fn steps(o: &Output) -> Vec<String> {
    let numbers = [
        ("dpr", o.dpr.map(|v| v.to_string())),
        ("format", o.format.map(|v| v.to_string())),
        ("quality", o.quality.map(|v| v.to_string())),
        ("compression", o.compression.map(|v| v.to_string())),
        ("effort", o.effort.map(|v| v.to_string())),
        ("speed", o.speed.map(|v| v.to_string())),
    ];
    let mut steps: Vec<String> = numbers
        .into_iter()
        .filter_map(|(k, v)| Some(format!("{k}:{}", v?)))
        .collect();
    let flags = [
        (o.progressive, "progressive:true"),
        (o.optimize, "optimize:true"),
        (o.chroma_444, "chroma:444"),
        (o.lossless, "lossless:true"),
        (o.palette, "palette:true"),
        (o.keep_metadata, "keep_metadata:true"),
        (o.keep_icc, "keep_icc:true"),
        (o.fast_shrink, "fast_shrink:true"),
    ];
    steps.extend(
        flags
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, s)| s.to_string()),
    );
    if let Some(background) = o.background {
        steps.push(format!("background:{background}"));
    }
    steps
}
