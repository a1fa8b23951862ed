//! Property test of the plan: any sequence of ops on any small valid image renders, or is
//! refused as a recipe or limit error. Never `InvalidImage`: the plan follows the size each op
//! leaves (trim's depends on the pixels), so no step meets a size it did not expect.

use image::{codecs::png::PngEncoder, ExtendedColorType, ImageEncoder};
use image_forge_core::{
    ops::{
        AddAlpha, Blur, Composite, Crop, Flip, Grayscale, ResizeAndPad, ResizeToCover,
        ResizeToFill, ResizeToFit, ResizeToLimit, Rotate, Sharpen, Trim,
    },
    render_with, BlendMode, Cancel, Colour, Error, Fixed, Format, Gravity, Limits, Op, Output,
    OverlayId, Overlays, Recipe, Size,
};
use proptest::prelude::*;

const OVERLAY: OverlayId = OverlayId(*b"overlay1");

/// A `width` x `height` PNG with a flat border (which trim cuts) around a gradient.
fn bordered_png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
    let channels = if alpha { 4 } else { 3 };
    let mut data = Vec::new();
    for y in 0..height {
        for x in 0..width {
            let border = x < width / 4 || y < height / 3 || x >= width - 1;
            let px = if border {
                [250, 250, 250, 255]
            } else {
                [(x * 7) as u8, (y * 11) as u8, 90, 200]
            };
            data.extend_from_slice(&px[..channels]);
        }
    }
    let colour = if alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(&data, width, height, colour)
        .unwrap();
    out
}

fn dim() -> impl Strategy<Value = u32> {
    1u32..=96
}

fn gravity() -> impl Strategy<Value = Gravity> {
    prop_oneof![
        Just(Gravity::Centre),
        Just(Gravity::NorthEast),
        Just(Gravity::South),
        Just(Gravity::West),
        Just(Gravity::Attention),
    ]
}

fn size() -> impl Strategy<Value = Size> {
    (proptest::option::of(dim()), proptest::option::of(dim()))
        .prop_filter("a width or a height", |(w, h)| w.is_some() || h.is_some())
        .prop_map(|(width, height)| Size { width, height })
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
        (dim(), dim(), gravity()).prop_map(|(width, height, gravity)| Op::from(ResizeToFill {
            width,
            height,
            gravity
        })),
        (dim(), dim()).prop_map(|(width, height)| Op::from(ResizeToCover { width, height })),
        (dim(), dim()).prop_map(|(width, height)| Op::from(ResizeAndPad {
            width,
            height,
            background: Colour::WHITE,
            gravity: Gravity::Centre,
        })),
        (0u32..96, 0u32..96, dim(), dim()).prop_map(|(left, top, width, height)| Op::from(Crop {
            left,
            top,
            width,
            height
        })),
        (0u16..360).prop_map(|degrees| Op::from(Rotate {
            degrees,
            background: Colour::BLACK
        })),
        Just(Op::from(Flip)),
        Just(Op::from(Grayscale)),
        Just(Op::from(AddAlpha)),
        (100u32..3000).prop_map(|s| Op::from(Blur(Fixed::from_thousandths(s)))),
        (100u32..3000).prop_map(|s| Op::from(Sharpen(Fixed::from_thousandths(s)))),
        (0u8..40).prop_map(|threshold| Op::from(Trim { threshold })),
        (gravity(), -8i32..8, mode()).prop_map(|(gravity, d, mode)| Op::from(Composite {
            overlay: OVERLAY,
            gravity: if gravity == Gravity::Attention {
                Gravity::Centre
            } else {
                gravity
            },
            dx: d,
            dy: -d,
            opacity: Fixed::from_thousandths(600),
            mode,
        })),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_op_sequence_renders_or_is_refused_as_a_recipe_or_limit(
        ops in proptest::collection::vec(op(), 1..5),
        (width, height) in (2u32..80, 2u32..80),
        alpha in any::<bool>(),
        format in prop_oneof![Just(Format::Png), Just(Format::Jpeg), Just(Format::Webp)],
    ) {
        let source = bordered_png(width, height, alpha);
        let recipe = Recipe {
            ops,
            auto_orient: true,
            output: Output { format: Some(format), ..Output::default() },
        };
        let overlays = Overlays::from([(OVERLAY, bordered_png(9, 7, true))]);
        let result = render_with(&source, &recipe, &overlays, &Limits::default(), &Cancel::new());
        prop_assert!(
            matches!(result, Ok(_) | Err(Error::InvalidRecipe(_) | Error::LimitExceeded { .. })),
            "{} on {}x{}: {:?}", recipe, width, height, result
        );
    }
}
