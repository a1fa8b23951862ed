//! End-to-end renders on images made here: real encoders in, real decoders on the way out.

use image::{codecs::png::PngEncoder, ExtendedColorType, ImageEncoder};
use image_forge_core::{
    estimate_memory, probe, render, render_with, Cancel, Error, Format, Limits, OverlayId,
    Overlays, Recipe,
};

fn png(
    width: u32,
    height: u32,
    colour: ExtendedColorType,
    pixel: impl Fn(u32, u32) -> Vec<u8>,
) -> Vec<u8> {
    let mut data = Vec::new();
    for y in 0..height {
        for x in 0..width {
            data.extend(pixel(x, y));
        }
    }
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(&data, width, height, colour)
        .unwrap();
    out
}

fn gradient(width: u32, height: u32) -> Vec<u8> {
    png(width, height, ExtendedColorType::Rgb8, |x, y| {
        vec![
            (x * 255 / width) as u8,
            (y * 255 / height) as u8,
            ((x + y) * 127 / (width + height)) as u8,
        ]
    })
}

fn run(bytes: &[u8], recipe: &str) -> Result<image_forge_core::Rendered, Error> {
    render(
        bytes,
        &Recipe::parse(recipe).unwrap(),
        &Limits::default(),
        &Cancel::new(),
    )
}

/// Decodes any output back to RGB(A) pixels with the `image` crate or libjpeg-turbo.
fn pixels(bytes: &[u8]) -> (u32, u32, usize, Vec<u8>) {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let img = turbojpeg::decompress(bytes, turbojpeg::PixelFormat::RGB).unwrap();
        return (img.width as u32, img.height as u32, 3, img.pixels);
    }
    let img = image::load_from_memory(bytes).unwrap();
    let channels = img.color().channel_count() as usize;
    (img.width(), img.height(), channels, img.into_bytes())
}

fn psnr(a: &[u8], b: &[u8]) -> f64 {
    let mse: f64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum::<f64>()
        / a.len() as f64;
    10.0 * (255.0f64.powi(2) / mse.max(1e-9)).log10()
}

#[test]
fn jpeg_shrink_on_load_keeps_quality() {
    // 1600 -> 100 is a 16x reduction: the decoder shrinks 8x in the DCT domain.
    let jpeg = run(&gradient(1600, 1200), "format:jpeg,quality:95")
        .unwrap()
        .bytes;
    let shrunk = run(&jpeg, "resize_to_limit:100:100,format:png").unwrap();
    let direct = run(&gradient(1600, 1200), "resize_to_limit:100:100,format:png").unwrap();
    assert_eq!((shrunk.width, shrunk.height), (100, 75));
    let (_, _, _, a) = pixels(&shrunk.bytes);
    let (_, _, _, b) = pixels(&direct.bytes);
    let quality = psnr(&a, &b);
    assert!(
        quality > 38.0,
        "PSNR {quality:.1} dB against the full-resolution resize"
    );
}

#[test]
fn fast_shrink_decodes_deeper_for_a_close_result() {
    // 1600 -> 400 is a 4x reduction: by default the resize does all of it; fast_shrink lets
    // the decoder take 1/4 in the DCT domain, so it decodes 16x fewer pixels.
    let jpeg = run(&gradient(1600, 1200), "format:jpeg,quality:95")
        .unwrap()
        .bytes;
    let (default, fast) = (
        "resize_to_limit:400:400,format:png",
        "resize_to_limit:400:400,fast_shrink:true,format:png",
    );
    let estimate = |recipe: &str| {
        let recipe = Recipe::parse(recipe).unwrap();
        estimate_memory(&jpeg, &[recipe], &Overlays::new(), &Limits::default()).unwrap()
    };
    let (fast_bytes, default_bytes) = (estimate(fast), estimate(default));
    assert!(
        fast_bytes < default_bytes,
        "{fast_bytes} bytes with fast_shrink, {default_bytes} without"
    );
    let (a, b) = (run(&jpeg, default).unwrap(), run(&jpeg, fast).unwrap());
    assert_eq!((a.width, a.height), (b.width, b.height));
    assert_ne!(a.bytes, b.bytes);
    let quality = psnr(&pixels(&a.bytes).3, &pixels(&b.bytes).3);
    assert!(quality > 35.0, "PSNR {quality:.1} dB against the default");
    assert_eq!(
        Recipe::parse(fast).unwrap().to_string(),
        "resize_to_limit:400:400,format:png,fast_shrink:true"
    );
}

#[test]
fn every_output_format_round_trips_with_the_right_size() {
    let src = gradient(300, 200);
    for (format, magic) in [
        ("jpeg", &b"\xFF\xD8\xFF"[..]),
        ("png", b"\x89PNG"),
        ("webp", b"RIFF"),
    ] {
        let out = run(&src, &format!("resize_to_fill:64:64,format:{format}")).unwrap();
        assert!(out.bytes.starts_with(magic), "{format}");
        let info = probe(&out.bytes, &Limits::default()).unwrap();
        assert_eq!((info.width, info.height, out.width), (64, 64, 64));
    }
}

#[test]
fn alpha_is_premultiplied_while_resampling() {
    // Left half: fully transparent red (its colour must not matter); right half: opaque blue.
    let src = png(64, 8, ExtendedColorType::Rgba8, |x, _| {
        if x < 32 {
            vec![255, 0, 0, 0]
        } else {
            vec![0, 0, 255, 255]
        }
    });
    let out = run(&src, "resize_to_limit:16:,format:png").unwrap();
    let (w, _, ch, px) = pixels(&out.bytes);
    assert_eq!((w, ch), (16, 4));
    for x in 0..16 {
        let p = &px[x * 4..x * 4 + 4];
        if p[3] > 8 {
            assert!(p[0] < 8, "red bled into pixel {x}: {p:?}");
        }
    }
}

#[test]
fn jpeg_output_flattens_alpha_onto_white() {
    let src = png(16, 16, ExtendedColorType::Rgba8, |_, _| vec![0, 0, 0, 0]);
    let (_, _, _, px) = pixels(&run(&src, "format:jpeg").unwrap().bytes);
    assert!(px.iter().all(|&v| v > 245));
}

#[test]
fn sixteen_bit_png_is_reduced_with_rounding() {
    let src = png(2, 1, ExtendedColorType::Rgb16, |x, _| {
        let v: u16 = if x == 0 { 32_896 } else { 257 * 200 + 128 };
        [v, v, v].iter().flat_map(|s| s.to_ne_bytes()).collect()
    });
    let (_, _, _, px) = pixels(&run(&src, "format:png").unwrap().bytes);
    assert_eq!(px, vec![128, 128, 128, 200, 200, 200]);
}

#[test]
fn every_png_compression_level_is_lossless_and_higher_levels_are_smaller() {
    // A gradient with a pseudo-random texture, so each level finds something different to do.
    let src = png(160, 120, ExtendedColorType::Rgb8, |x, y| {
        let noise = ((x * 7919 + y * 104_729) % 23) as u8;
        vec![(x as u8).wrapping_add(noise), (y * 2) as u8, noise * 5]
    });
    let sizes: Vec<usize> = (0..=9)
        .map(|level| {
            let out = run(&src, &format!("format:png,compression:{level}")).unwrap();
            assert_eq!(pixels(&out.bytes).3, pixels(&src).3, "level {level}");
            out.bytes.len()
        })
        .collect();
    let default = run(&src, "format:png").unwrap().bytes;
    assert_eq!(default.len(), sizes[1], "the default is level 1");
    assert!(sizes[0] > sizes[1] && sizes[1] > sizes[9], "{sizes:?}");
}

#[test]
fn webp_lossless_is_exact_and_lossy_is_smaller() {
    let src = gradient(120, 90);
    let lossless = run(&src, "format:webp,lossless:true").unwrap().bytes;
    let lossy = run(&src, "format:webp,quality:50").unwrap().bytes;
    assert_eq!(pixels(&lossless).3, pixels(&src).3);
    assert!(lossy.len() < lossless.len());
    assert_eq!(
        probe(&lossy, &Limits::default()).unwrap().format,
        Format::Webp
    );
}

#[test]
fn broken_inputs_are_errors_not_panics() {
    let jpeg = run(&gradient(200, 200), "format:jpeg").unwrap().bytes;
    let webp = run(&gradient(200, 200), "format:webp").unwrap().bytes;
    let png = gradient(200, 200);
    for src in [&jpeg, &webp, &png] {
        for cut in [20, src.len() / 3, src.len() - 10] {
            let err = run(&src[..cut], "resize_to_limit:50:50").unwrap_err();
            assert!(matches!(err, Error::InvalidImage(_)), "cut at {cut}: {err}");
        }
    }
    assert!(matches!(run(b"", "").unwrap_err(), Error::InvalidImage(_)));
    // GIF, BMP and TIFF through the image crate's encoders, cut short.
    let (_, _, _, rgb) = pixels(&png);
    let mut encoded: Vec<Vec<u8>> = vec![Vec::new(), Vec::new(), Vec::new()];
    image::codecs::gif::GifEncoder::new(&mut encoded[0])
        .encode(&rgb, 200, 200, ExtendedColorType::Rgb8)
        .unwrap();
    image::codecs::bmp::BmpEncoder::new(&mut encoded[1])
        .encode(&rgb, 200, 200, ExtendedColorType::Rgb8)
        .unwrap();
    image::codecs::tiff::TiffEncoder::new(std::io::Cursor::new(&mut encoded[2]))
        .write_image(&rgb, 200, 200, ExtendedColorType::Rgb8)
        .unwrap();
    for src in &encoded {
        if let Err(e) = run(src, "resize_to_limit:50:50") {
            panic!("{:?}: {e}", &src[..8]);
        }
        let err = run(&src[..src.len() / 2], "resize_to_limit:50:50").unwrap_err();
        assert!(matches!(err, Error::InvalidImage(_)), "{err}");
    }
}

#[test]
fn jpegs_with_too_many_scans_are_refused_before_decoding() {
    let progressive = run(&gradient(256, 256), "format:jpeg,progressive:true")
        .unwrap()
        .bytes;
    assert!(run(&progressive, "resize_to_limit:64:64").is_ok());
    // Repeat the last scan (SOS to EOI) until there are more than 100.
    let sos = progressive
        .windows(2)
        .rposition(|w| w == [0xFF, 0xDA])
        .unwrap();
    let eoi = progressive.len() - 2;
    let mut bomb = progressive[..eoi].to_vec();
    for _ in 0..100 {
        bomb.extend_from_slice(&progressive[sos..eoi]);
    }
    bomb.extend_from_slice(&[0xFF, 0xD9]);
    match run(&bomb, "resize_to_limit:64:64") {
        Err(Error::LimitExceeded {
            what: image_forge_core::Limit::Scans,
            actual: 101,
            limit: 100,
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn limits_and_cancellation_stop_before_decoding() {
    let src = gradient(100, 100);
    let small = Limits::default().with_max_pixels(9_999);
    let err = render(&src, &Recipe::default(), &small, &Cancel::new()).unwrap_err();
    assert!(matches!(
        err,
        Error::LimitExceeded {
            actual: 10_000,
            limit: 9_999,
            ..
        }
    ));
    let cancel = Cancel::new();
    cancel.cancel();
    assert!(matches!(
        render(&src, &Recipe::default(), &Limits::default(), &cancel),
        Err(Error::Cancelled)
    ));
    // Upscaling is bounded like decoding: 16383^2 is 268 MP, over the 50 MP default.
    let huge = run(&src, "resize_to_fit:16383:16383").unwrap_err();
    assert!(
        matches!(
            huge,
            Error::LimitExceeded {
                actual: 268_402_689,
                ..
            }
        ),
        "{huge}"
    );
    let narrow = Limits {
        max_output_dimension: 1000,
        ..Limits::default()
    };
    let wide = render(
        &src,
        &Recipe::parse("resize_to_fit:1001:").unwrap(),
        &narrow,
        &Cancel::new(),
    );
    assert!(matches!(
        wide,
        Err(Error::LimitExceeded {
            actual: 1001,
            limit: 1000,
            ..
        })
    ));
}

#[test]
fn jpeg_chroma_subsamplings_and_bmp_read_back_faithfully() {
    let src = gradient(160, 120);
    let (_, _, _, rgb) = pixels(&src);
    for subsamp in [
        turbojpeg::Subsamp::Sub2x1,
        turbojpeg::Subsamp::Sub2x2,
        turbojpeg::Subsamp::None,
    ] {
        let image = turbojpeg::Image {
            pixels: &rgb[..],
            width: 160,
            pitch: 480,
            height: 120,
            format: turbojpeg::PixelFormat::RGB,
        };
        let jpeg = turbojpeg::compress(image, 95, subsamp).unwrap();
        let out = run(&jpeg, "format:png").unwrap();
        let quality = psnr(&pixels(&out.bytes).3, &rgb);
        assert!(quality > 38.0, "{subsamp:?}: {quality:.1} dB");
    }
    let mut bmp = Vec::new();
    image::codecs::bmp::BmpEncoder::new(&mut bmp)
        .encode(&rgb, 160, 120, ExtendedColorType::Rgb8)
        .unwrap();
    let out = run(&bmp, "format:png").unwrap();
    assert_eq!(pixels(&out.bytes).3, rgb);
}

#[test]
fn one_decode_feeds_several_recipes() {
    use image_forge_core::{render_many, Overlays};
    let jpeg = run(&gradient(1200, 900), "format:jpeg,quality:95")
        .unwrap()
        .bytes;
    let texts = [
        "resize_to_limit:300:300",
        "resize_to_fill:100:100,format:webp",
        "crop:0:0:10:10,format:png",
        "crop:5000:0:10:10",
    ];
    let recipes: Vec<Recipe> = texts.iter().map(|t| Recipe::parse(t).unwrap()).collect();
    let results = render_many(
        &jpeg,
        &recipes,
        &Overlays::new(),
        &Limits::default(),
        &Cancel::new(),
    )
    .unwrap();
    let sizes: Vec<_> = results[..3]
        .iter()
        .map(|r| r.as_ref().map(|r| (r.format, r.width, r.height)).unwrap())
        .collect();
    assert_eq!(
        sizes,
        vec![
            (Format::Jpeg, 300, 225),
            (Format::Webp, 100, 100),
            (Format::Png, 10, 10)
        ]
    );
    // One recipe failing leaves the others alone.
    assert!(matches!(results[3], Err(Error::InvalidRecipe(_))));
    // The crop needs full resolution, so the decode is not shrunk: the recipe that would not
    // shrink alone gives exactly its own render (the fill, alone at 1/2, only gets better; the
    // JPEG resize, alone, takes the planar path, and the RGB one here beside the others).
    let alone = run(&jpeg, texts[2]).unwrap().bytes;
    assert!(results[2].as_ref().unwrap().bytes == alone, "{}", texts[2]);
    // An unreadable source fails the whole call.
    assert!(render_many(
        b"junk",
        &recipes,
        &Overlays::new(),
        &Limits::default(),
        &Cancel::new()
    )
    .is_err());
}

#[test]
fn add_alpha_makes_png_output_rgba_and_keeps_an_alpha_it_has() {
    let plain = run(&gradient(8, 6), "format:png").unwrap();
    assert_eq!(pixels(&plain.bytes).2, 3);
    let out = run(&gradient(8, 6), "add_alpha,format:png").unwrap();
    let (_, _, channels, px) = pixels(&out.bytes);
    assert_eq!(channels, 4);
    assert!(px.chunks_exact(4).all(|p| p[3] == 255));
    let (_, _, _, rgb) = pixels(&plain.bytes);
    let colours: Vec<u8> = px.chunks_exact(4).flat_map(|p| p[..3].to_vec()).collect();
    assert_eq!(colours, rgb);
    let half = png(4, 4, ExtendedColorType::Rgba8, |_, _| vec![10, 20, 30, 128]);
    let kept = run(&half, "add_alpha,format:png").unwrap();
    assert_eq!(
        pixels(&kept.bytes).3,
        pixels(&run(&half, "format:png").unwrap().bytes).3
    );
}

#[test]
fn composite_modes_that_clear_act_outside_the_overlay_as_libvips_does() {
    let id = OverlayId(*b"overlay1");
    let overlays = Overlays::from([(
        id,
        png(2, 2, ExtendedColorType::Rgba8, |_, _| vec![0, 0, 255, 255]),
    )]);
    let alphas = |mode: &str| {
        let recipe = Recipe::parse(&format!("composite:{id}:::::{mode},format:png")).unwrap();
        let out = render_with(
            &gradient(4, 3),
            &recipe,
            &overlays,
            &Limits::default(),
            &Cancel::new(),
        )
        .unwrap();
        let (_, _, channels, px) = pixels(&out.bytes);
        px.chunks_exact(channels)
            .map(|p| if channels == 4 { p[3] } else { 255 })
            .collect::<Vec<u8>>()
    };
    assert_eq!(alphas("clear"), vec![0; 12]);
    // The overlay covers the top-left 2x2: opaque there, transparent elsewhere.
    let inside = |i: usize| i % 4 < 2 && i / 4 < 2;
    let expected: Vec<u8> = (0..12).map(|i| if inside(i) { 255 } else { 0 }).collect();
    assert_eq!(alphas("dest-in"), expected);
    assert_eq!(alphas("source"), expected);
    let flipped: Vec<u8> = expected.iter().map(|a| 255 - a).collect();
    assert_eq!(alphas("dest-out"), flipped);
    assert_eq!(alphas("multiply"), vec![255; 12]);
}
