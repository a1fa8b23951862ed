//! Property tests of the canonical recipe string: parse(to_string(r)) == r, and equal
//! recipes print byte-equal strings whatever order their output settings came in.

use image_forge_core::{
    ops::{
        AddAlpha, Blur, Composite, Crop, Flip, Flop, Grayscale, Modulate, ResizeAndPad,
        ResizeToCover, ResizeToFill, ResizeToFit, ResizeToLimit, Rotate, Sharpen, Trim,
    },
    BlendMode, Colour, Fixed, Format, Gravity, Op, Output, OverlayId, Recipe, Size,
};
use proptest::prelude::*;

fn dim() -> impl Strategy<Value = u32> {
    1u32..=16_383
}

fn size() -> impl Strategy<Value = Size> {
    (proptest::option::of(dim()), proptest::option::of(dim()))
        .prop_filter("a width or a height", |(w, h)| w.is_some() || h.is_some())
        .prop_map(|(width, height)| Size { width, height })
}

fn gravity() -> impl Strategy<Value = Gravity> {
    prop_oneof![
        Just(Gravity::Centre),
        Just(Gravity::North),
        Just(Gravity::NorthEast),
        Just(Gravity::East),
        Just(Gravity::SouthEast),
        Just(Gravity::South),
        Just(Gravity::SouthWest),
        Just(Gravity::West),
        Just(Gravity::NorthWest),
    ]
}

fn colour() -> impl Strategy<Value = Colour> {
    any::<[u8; 4]>().prop_map(|[r, g, b, a]| Colour { r, g, b, a })
}

fn fixed(min: u32, max: u32) -> impl Strategy<Value = Fixed> {
    (min..=max).prop_map(Fixed::from_thousandths)
}

fn mode() -> impl Strategy<Value = BlendMode> {
    prop_oneof![
        Just(BlendMode::Over),
        Just(BlendMode::Multiply),
        Just(BlendMode::Screen),
        Just(BlendMode::Overlay),
        Just(BlendMode::Darken),
        Just(BlendMode::Lighten),
        Just(BlendMode::Add),
        Just(BlendMode::Clear),
        Just(BlendMode::Source),
        Just(BlendMode::DestIn),
        Just(BlendMode::DestOut),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        size().prop_map(|s| Op::from(ResizeToLimit(s))),
        size().prop_map(|s| Op::from(ResizeToFit(s))),
        (
            dim(),
            dim(),
            prop_oneof![gravity(), Just(Gravity::Attention)]
        )
            .prop_map(|(width, height, gravity)| Op::from(ResizeToFill {
                width,
                height,
                gravity
            })),
        (dim(), dim()).prop_map(|(width, height)| Op::from(ResizeToCover { width, height })),
        (dim(), dim(), colour(), gravity()).prop_map(|(width, height, background, gravity)| {
            Op::from(ResizeAndPad {
                width,
                height,
                background,
                gravity,
            })
        }),
        (0u32..60_000, 0u32..60_000, dim(), dim()).prop_map(|(left, top, width, height)| {
            Op::from(Crop {
                left,
                top,
                width,
                height,
            })
        }),
        // A right angle needs no background: the canonical value keeps the default.
        (0u16..360, colour()).prop_map(|(degrees, background)| Op::from(Rotate {
            degrees,
            background: if degrees % 90 == 0 {
                Colour::BLACK
            } else {
                background
            },
        })),
        Just(Op::from(Flip)),
        Just(Op::from(Flop)),
        Just(Op::from(Grayscale)),
        Just(Op::from(AddAlpha)),
        fixed(100, 100_000).prop_map(|s| Op::from(Blur(s))),
        fixed(100, 100_000).prop_map(|s| Op::from(Sharpen(s))),
        (fixed(0, 10_000), fixed(0, 10_000), 0u16..360).prop_map(
            |(brightness, saturation, hue)| Op::from(Modulate {
                brightness,
                saturation,
                hue
            })
        ),
        any::<u8>().prop_map(|threshold| Op::from(Trim { threshold })),
        (
            any::<[u8; 8]>(),
            gravity(),
            -60_000i32..60_000,
            -60_000i32..60_000,
            fixed(0, 1000),
            mode(),
        )
            .prop_map(|(id, gravity, dx, dy, opacity, mode)| Op::from(Composite {
                overlay: OverlayId(id),
                gravity,
                dx,
                dy,
                opacity,
                mode,
            })),
    ]
}

fn output() -> impl Strategy<Value = Output> {
    let format = proptest::option::of(prop_oneof![
        Just(Format::Jpeg),
        Just(Format::Png),
        Just(Format::Webp),
        Just(Format::Avif),
        Just(Format::Gif),
    ]);
    let flags = any::<[bool; 8]>();
    let numbers = (
        proptest::option::of(1u8..=100),
        proptest::option::of(0u8..=6),
        proptest::option::of(0u8..=9),
        proptest::option::of(1u8..=10),
    );
    let extras = (
        proptest::option::of(colour()),
        proptest::option::of(fixed(1001, 5000)),
    );
    (format, flags, numbers, extras).prop_map(
        |(
            format,
            [
                progressive,
                optimize,
                chroma_444,
                lossless,
                palette,
                keep_metadata,
                keep_icc,
                fast_shrink,
            ],
            (quality, effort, compression, speed),
            (background, dpr),
        )| {
            Output {
                format,
                quality,
                progressive,
                optimize,
                chroma_444,
                lossless,
                effort,
                compression,
                palette,
                speed,
                background,
                dpr,
                keep_metadata,
                keep_icc,
                fast_shrink,
            }
        },
    )
}

fn recipe() -> impl Strategy<Value = Recipe> {
    (
        proptest::collection::vec(op(), 0..8),
        any::<bool>(),
        output(),
    )
        .prop_map(|(ops, auto_orient, output)| Recipe {
            ops,
            auto_orient,
            output,
        })
}

proptest! {
    #[test]
    fn canonical_string_parses_back_to_the_same_recipe(r in recipe()) {
        let text = r.to_string();
        let parsed = Recipe::parse(&text).unwrap();
        prop_assert_eq!(&parsed, &r, "{}", text);
        prop_assert_eq!(parsed.to_string(), text);
    }

    #[test]
    fn output_settings_in_any_order_give_one_string(r in recipe(), seed in any::<u64>()) {
        let text = r.to_string();
        let mut steps: Vec<&str> = text.split(',').filter(|s| !s.is_empty()).collect();
        let ops = r.ops.len();
        // Shuffle the settings after the ops (ops keep their order: it matters).
        let tail = &mut steps[ops..];
        let n = tail.len();
        for i in 0..n {
            tail.swap(i, (seed as usize).wrapping_add(i * 7) % n);
        }
        prop_assert_eq!(Recipe::parse(&steps.join(",")).unwrap().to_string(), text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[a-z_:,0-9.#-]{0,64}") {
        let _ = Recipe::parse(&text);
    }
}
