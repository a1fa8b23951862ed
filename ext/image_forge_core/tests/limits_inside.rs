//! Files whose codec streams disagree with their container, and files whose decode needs
//! several times max_pixels' bytes: refused from the header, before any pixel is decoded.

use image::{codecs::png::PngEncoder, ExtendedColorType, ImageEncoder};
use image_forge_core::{
    estimate_memory, probe, probe_renderable, render, Cancel, Error, Format, Limit, Limits,
    Overlays, Recipe,
};

fn png(width: u32, height: u32, colour: ExtendedColorType) -> Vec<u8> {
    let len = width as usize * height as usize * colour.bits_per_pixel() as usize / 8;
    let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(&data, width, height, colour)
        .unwrap();
    out
}

fn jpeg(width: u32, height: u32, recipe: &str) -> Vec<u8> {
    let src = png(width, height, ExtendedColorType::Rgb8);
    let recipe = Recipe::parse(recipe).unwrap();
    render(&src, &recipe, &Limits::default(), &Cancel::new())
        .unwrap()
        .bytes
}

/// `jpeg` with its frame header changed to claim `width` x `height`.
fn claiming(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let sof = out.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    out
}

/// A little-endian TIFF of `width` x `height` in `strips` strips, all pointing at `jpeg`.
fn tiff_with_jpeg_strips(width: u32, height: u32, jpeg: &[u8], strips: u32) -> Vec<u8> {
    let arrays_at = 8 + jpeg.len() as u32;
    let (offsets, counts) = if strips == 1 {
        (8, jpeg.len() as u32)
    } else {
        (arrays_at, arrays_at + 4 * strips)
    };
    let entries: [(u16, u16, u32, u32); 9] = [
        (256, 4, 1, width),
        (257, 4, 1, height),
        (258, 3, 1, 8),
        (259, 3, 1, 7),
        (262, 3, 1, 2),
        (273, 4, strips, offsets),
        (277, 3, 1, 3),
        (278, 4, 1, height / strips),
        (279, 4, strips, counts),
    ];
    let mut out = b"II*\0".to_vec();
    out.extend((arrays_at + 8 * strips).to_le_bytes());
    out.extend(jpeg);
    for _ in 0..strips {
        out.extend(8u32.to_le_bytes());
    }
    for _ in 0..strips {
        out.extend((jpeg.len() as u32).to_le_bytes());
    }
    out.extend((entries.len() as u16).to_le_bytes());
    for (tag, kind, count, value) in entries {
        out.extend(tag.to_le_bytes());
        out.extend(kind.to_le_bytes());
        out.extend(count.to_le_bytes());
        out.extend(value.to_le_bytes());
    }
    out.extend(0u32.to_le_bytes());
    out
}

fn is_invalid(result: Result<impl std::fmt::Debug, Error>, says: &str) {
    match result {
        Err(Error::InvalidImage(message)) => assert!(message.contains(says), "{message}"),
        other => panic!("expected InvalidImage ({says}), got {other:?}"),
    }
}

#[test]
fn tiff_jpeg_strips_larger_than_their_strip_are_refused_by_the_probe() {
    let small = jpeg(16, 16, "format:jpeg");
    let good = tiff_with_jpeg_strips(16, 16, &small, 1);
    assert_eq!(probe(&good, &Limits::default()).unwrap().width, 16);

    let huge = claiming(&small, 16_384, 16_384);
    for strips in [1, 8] {
        let tiff = tiff_with_jpeg_strips(16, 16, &huge, strips);
        is_invalid(probe(&tiff, &Limits::default()), "16384x16384 JPEG");
        let recipe = Recipe::parse("resize_to_limit:100:100").unwrap();
        is_invalid(
            render(&tiff, &recipe, &Limits::default(), &Cancel::new()),
            "16384x16384 JPEG",
        );
    }
    // Old-style JPEG (compression 6) is refused outright.
    let mut old = good.clone();
    let at = old
        .windows(4)
        .position(|w| w == [3, 1, 3, 0])
        .expect("the compression entry");
    old[at + 8] = 6;
    assert!(matches!(
        probe(&old, &Limits::default()),
        Err(Error::UnsupportedFormat(_))
    ));
}

#[test]
fn a_gif_frame_past_its_screen_is_refused_by_the_probe() {
    let gif = render(
        &png(40, 30, ExtendedColorType::Rgb8),
        &Recipe::parse("format:gif").unwrap(),
        &Limits::default(),
        &Cancel::new(),
    )
    .unwrap()
    .bytes;
    assert_eq!(probe(&gif, &Limits::default()).unwrap().width, 40);
    let mut tiny_screen = gif.clone();
    tiny_screen[6..10].copy_from_slice(&[1, 0, 1, 0]);
    is_invalid(
        probe(&tiny_screen, &Limits::default()),
        "frame of 40x30 at 0,0 lies outside its 1x1 screen",
    );
}

fn memory_of(bytes: &[u8], recipe: &str) -> u64 {
    let recipe = Recipe::parse(recipe).unwrap();
    estimate_memory(bytes, &[recipe], &Overlays::new(), &Limits::default()).unwrap()
}

#[test]
fn memory_estimates_follow_depth_channels_and_coefficient_buffers() {
    let (w, h) = (600u64, 400u64);
    let (rgb8, rgba16) = (
        png(600, 400, ExtendedColorType::Rgb8),
        png(600, 400, ExtendedColorType::Rgba16),
    );
    let gray = memory_of(&png(600, 400, ExtendedColorType::L8), "format:png");
    // The PNG decoder's chunk budget grows with the file (twice its length).
    let chunks = 2 * (rgba16.len() - rgb8.len()) as u64;
    let (rgb8, rgba16) = (
        memory_of(&rgb8, "format:png"),
        memory_of(&rgba16, "format:png"),
    );
    assert!(rgba16 > rgb8 && rgb8 > gray, "{rgba16} {rgb8} {gray}");
    // Rows are reduced to 8 bits as they are decoded: 16-bit RGBA costs 8-bit RGBA's bytes
    // (one more per pixel than RGB, in the result and in each copy), not 8 more.
    assert!(rgba16 - rgb8 - chunks <= w * h * 3, "{rgba16} {rgb8}");

    let baseline = jpeg(600, 400, "format:jpeg,chroma:444");
    let progressive = jpeg(600, 400, "format:jpeg,chroma:444,progressive:1");
    let thumb = "resize_to_limit:50:50,format:jpeg";
    // A progressive 4:4:4 JPEG holds 6 bytes of coefficients a pixel, whatever the shrink
    // (the baseline's own peak is in a later step, so the difference is a little less).
    let extra = memory_of(&progressive, thumb) - memory_of(&baseline, thumb);
    assert!((w * h * 5..=w * h * 6).contains(&extra), "{extra}");
    // Shrink-on-load makes a thumbnail of a baseline JPEG cheaper than a full decode.
    assert!(memory_of(&baseline, thumb) < memory_of(&baseline, "format:jpeg"));
}

#[test]
fn add_alpha_counts_the_channel_it_adds_in_every_step() {
    let (w, h) = (2000u64, 1500u64);
    // A JPEG: a PNG's decoder budget (40 MiB) would hide the steps' memory; large enough
    // that blur, not the encoder's fixed overhead, is the peak.
    let rgb = jpeg(2000, 1500, "format:jpeg");
    // Blur is the peak step, counted at 6 copies of its input (input, output, at most 4 of
    // scratch): one more byte a pixel in each.
    let extra =
        memory_of(&rgb, "blur:1,add_alpha,format:png") - memory_of(&rgb, "blur:1,format:png");
    assert!(extra >= 6 * w * h, "{extra}");
}

#[test]
fn max_memory_refuses_before_decoding_and_uploads_check_the_smallest_render() {
    let src = png(600, 400, ExtendedColorType::Rgba16);
    let needed = memory_of(&src, "resize_to_limit:100:100");
    let tight = Limits {
        max_memory: needed - 1,
        ..Limits::default()
    };
    let recipe = Recipe::parse("resize_to_limit:100:100").unwrap();
    let err = render(&src, &recipe, &tight, &Cancel::new()).unwrap_err();
    assert!(
        matches!(err, Error::LimitExceeded { what: Limit::Memory, actual, limit }
            if actual == needed && limit == needed - 1),
        "{err}"
    );
    let enough = Limits {
        max_memory: needed,
        ..Limits::default()
    };
    assert_eq!(
        render(&src, &recipe, &enough, &Cancel::new())
            .unwrap()
            .width,
        100
    );
    // What no render can do is refused at upload: the decode alone is over the budget.
    let none = Limits {
        max_memory: 1 << 20,
        ..Limits::default()
    };
    assert!(matches!(
        probe_renderable(&src, &none),
        Err(Error::LimitExceeded {
            what: Limit::Memory,
            ..
        })
    ));
    assert_eq!(
        probe_renderable(&src, &Limits::default()).unwrap().format,
        Format::Png
    );
}

#[test]
fn trim_then_resize_plans_on_the_trimmed_size() {
    // 60x40, flat white but for a 20x10 dark block: trim leaves the block.
    let mut data = vec![255u8; 60 * 40 * 3];
    for y in 10..20 {
        for x in 30..50 {
            data[(y * 60 + x) * 3..(y * 60 + x) * 3 + 3].copy_from_slice(&[20, 40, 60]);
        }
    }
    let mut src = Vec::new();
    PngEncoder::new(&mut src)
        .write_image(&data, 60, 40, ExtendedColorType::Rgb8)
        .unwrap();
    for (recipe, size) in [
        ("trim,resize_to_limit:10:10", (10, 5)),
        ("trim,resize_to_fill:8:8", (8, 8)),
        ("trim,resize_to_fit:40:,rotate:90", (20, 40)),
    ] {
        let out = render(
            &src,
            &Recipe::parse(recipe).unwrap(),
            &Limits::default(),
            &Cancel::new(),
        )
        .unwrap_or_else(|e| panic!("{recipe}: {e}"));
        assert_eq!((out.width, out.height), size, "{recipe}");
    }
}
