//! Renders one file with a recipe, without Ruby: for profiling and quick checks.
//!
//!     cargo run --release -p image_forge_core --example render -- IN RECIPE OUT [RUNS]

use std::{env, fs, process::ExitCode, time::Instant};

use image_forge_core::{render, Cancel, Limits, Recipe};

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let [input, recipe, output, rest @ ..] = args.as_slice() else {
        eprintln!("usage: render IN RECIPE OUT [RUNS]");
        return ExitCode::from(2);
    };
    let runs: u32 = rest.first().and_then(|r| r.parse().ok()).unwrap_or(1);
    let run = || -> Result<(), Box<dyn std::error::Error>> {
        let bytes = fs::read(input)?;
        let recipe = Recipe::parse(recipe)?;
        let start = Instant::now();
        let mut rendered = None;
        for _ in 0..runs {
            rendered = Some(render(&bytes, &recipe, &Limits::default(), &Cancel::new())?);
        }
        let rendered = rendered.ok_or("RUNS must be at least 1")?;
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        println!(
            "{}x{} {} {} bytes, {ms:.1} ms/render",
            rendered.width,
            rendered.height,
            rendered.format,
            rendered.bytes.len()
        );
        fs::write(output, &rendered.bytes)?;
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("render: {e}");
            ExitCode::FAILURE
        }
    }
}
