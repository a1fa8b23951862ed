//! Writes the fuzzers' seed corpora, all made here from scratch: small images in every input
//! format and variant the engine reads (so the fuzzer starts inside each decoder, not at
//! "unknown format"), and recipe texts. Used by `bin/fuzz`.
//!
//! Usage: cargo run --release --example fuzz_seeds -- <dir>   (writes <dir>/render, <dir>/recipe)

use std::{fs, io::Cursor, path::Path};

use image::{
    codecs::{bmp::BmpEncoder, gif::GifEncoder, png::PngEncoder, tiff::TiffEncoder},
    ExtendedColorType, Frame, ImageEncoder, RgbaImage,
};
use image_forge_core::{render, Cancel, Limits, Recipe};

const W: u32 = 24;
const H: u32 = 16;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: fuzz_seeds <dir>");
    let dir = Path::new(&dir);
    let images = images();
    let render_dir = dir.join("render");
    fs::create_dir_all(&render_dir).unwrap();
    // The render target reads a recipe selector byte, then the image.
    for (i, (name, bytes)) in images.iter().enumerate() {
        let mut seed = vec![i as u8];
        seed.extend_from_slice(bytes);
        fs::write(render_dir.join(name), seed).unwrap();
    }
    let recipe_dir = dir.join("recipe");
    fs::create_dir_all(&recipe_dir).unwrap();
    for (i, text) in RECIPE_SEEDS.iter().enumerate() {
        fs::write(recipe_dir.join(format!("recipe-{i}")), text).unwrap();
    }
    println!(
        "{} image seeds, {} recipe seeds in {}",
        images.len(),
        RECIPE_SEEDS.len(),
        dir.display()
    );
}

const RECIPE_SEEDS: &[&str] = &[
    "resize_to_limit:720:,format:jpg,quality:80,progressive:1",
    "resize_to_fill:200:200:attention,format:webp,quality:75",
    "resize_and_pad:300:200:ff000080:south-east,format:png,palette:1,compression:9",
    "crop:10:10:100:100,rotate:45:00ff00,trim:12",
    "blur:2.5,sharpen:0.7,modulate:1.1:0.9:180,grayscale,flip,flop",
    "composite:0123456789abcdef:south:5:-5:0.5,resize_to_cover:10:10",
    "auto_orient:false,keep_metadata:1,keep_icc:1,chroma:444,optimize:1,background:ffffff,dpr:2",
    "format:avif,speed:8,effort:4,lossless:0",
];

fn images() -> Vec<(String, Vec<u8>)> {
    let rgba = RgbaImage::from_fn(W, H, |x, y| {
        image::Rgba([
            (x * 10) as u8,
            (y * 15) as u8,
            ((x ^ y) * 8) as u8,
            (255 - x * 5) as u8,
        ])
    });
    let rgb: Vec<u8> = rgba.pixels().flat_map(|p| [p[0], p[1], p[2]]).collect();
    let gray: Vec<u8> = rgba.pixels().map(|p| p[0]).collect();
    let gray_alpha: Vec<u8> = rgba.pixels().flat_map(|p| [p[0], p[3]]).collect();
    let rgb16: Vec<u8> = rgb
        .iter()
        .flat_map(|&v| (u16::from(v) * 257).to_be_bytes())
        .collect();
    let rgba16: Vec<u8> = rgba
        .as_raw()
        .iter()
        .flat_map(|&v| (u16::from(v) * 257).to_be_bytes())
        .collect();

    let mut out = vec![
        ("png-rgb8".into(), png(&rgb, ExtendedColorType::Rgb8)),
        (
            "png-rgba8".into(),
            png(rgba.as_raw(), ExtendedColorType::Rgba8),
        ),
        ("png-gray8".into(), png(&gray, ExtendedColorType::L8)),
        (
            "png-gray-alpha".into(),
            png(&gray_alpha, ExtendedColorType::La8),
        ),
        ("png-rgb16".into(), png(&rgb16, ExtendedColorType::Rgb16)),
        ("png-rgba16".into(), png(&rgba16, ExtendedColorType::Rgba16)),
        (
            "bmp".into(),
            encode(|w| BmpEncoder::new(w).write_image(&rgb, W, H, ExtendedColorType::Rgb8)),
        ),
        (
            "tiff".into(),
            encode(|w| {
                TiffEncoder::new(Cursor::new(w)).write_image(&rgb, W, H, ExtendedColorType::Rgb8)
            }),
        ),
        ("gif-animated".into(), animated_gif(&rgba)),
    ];
    let source = png(rgba.as_raw(), ExtendedColorType::Rgba8);
    for (name, recipe) in [
        ("jpeg-420", "format:jpeg"),
        (
            "jpeg-444-progressive",
            "format:jpeg,chroma:444,progressive:1",
        ),
        ("jpeg-gray", "grayscale,format:jpeg"),
        ("webp-lossy-alpha", "format:webp,quality:50"),
        ("webp-lossless", "format:webp,lossless:1"),
        ("png-palette", "format:png,palette:1"),
        ("gif", "format:gif"),
        ("avif", "format:avif,speed:10"),
    ] {
        let recipe: Recipe = recipe.parse().unwrap();
        let bytes = render(&source, &recipe, &Limits::default(), &Cancel::new())
            .unwrap()
            .bytes;
        out.push((name.into(), bytes));
    }
    let jpeg = out.iter().find(|(n, _)| n == "jpeg-420").unwrap().1.clone();
    out.push((
        "jpeg-exif-orientation-6".into(),
        with_exif_orientation(&jpeg, 6),
    ));
    out.push(("tiff-jpeg-strip".into(), tiff_with_jpeg_strip(&jpeg)));
    let gif = out.iter().find(|(n, _)| n == "gif").unwrap().1.clone();
    out.push(("gif-frame-past-screen".into(), with_screen(&gif, 1, 1)));
    out
}

/// A W x H TIFF of one strip holding `jpeg` (compression 7), as libtiff writes photos.
fn tiff_with_jpeg_strip(jpeg: &[u8]) -> Vec<u8> {
    let entries: [(u16, u16, u32); 9] = [
        (256, 4, W),
        (257, 4, H),
        (258, 3, 8),
        (259, 3, 7),
        (262, 3, 2),
        (273, 4, 8),
        (277, 3, 3),
        (278, 4, H),
        (279, 4, jpeg.len() as u32),
    ];
    let mut out = b"II*\0".to_vec();
    out.extend((8 + jpeg.len() as u32).to_le_bytes());
    out.extend(jpeg);
    out.extend((entries.len() as u16).to_le_bytes());
    for (tag, kind, value) in entries {
        out.extend(tag.to_le_bytes());
        out.extend(kind.to_le_bytes());
        out.extend(1u32.to_le_bytes());
        out.extend(value.to_le_bytes());
    }
    out.extend(0u32.to_le_bytes());
    out
}

/// The GIF with its logical screen set to `width` x `height` (its frames unchanged).
fn with_screen(gif: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = gif.to_vec();
    out[6..8].copy_from_slice(&width.to_le_bytes());
    out[8..10].copy_from_slice(&height.to_le_bytes());
    out
}

fn png(data: &[u8], colour: ExtendedColorType) -> Vec<u8> {
    encode(|w| PngEncoder::new(w).write_image(data, W, H, colour))
}

fn encode(write: impl FnOnce(&mut Vec<u8>) -> image::ImageResult<()>) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    out
}

fn animated_gif(frame: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut out);
        let frames = [frame.clone(), image::imageops::flip_vertical(frame)];
        encoder
            .encode_frames(frames.into_iter().map(Frame::new))
            .unwrap();
    }
    out
}

/// Inserts an APP1 EXIF segment (big-endian TIFF, one IFD entry: Orientation) after SOI.
fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01".to_vec();
    tiff.extend([0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1]);
    tiff.extend(orientation.to_be_bytes());
    tiff.extend([0, 0, 0, 0, 0, 0]);
    let mut body = b"Exif\0\0".to_vec();
    body.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((body.len() + 2) as u16).to_be_bytes());
    out.extend(body);
    out.extend(&jpeg[2..]);
    out
}
