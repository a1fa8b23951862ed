//! The operations a recipe lists, one file each. Everything about an op lives in its file:
//! how it is parsed and printed, how the device pixel ratio scales it, what it does to the
//! size (planned before any pixel is decoded), what memory it needs and its pixel work.
//! Adding an op is a new file and a line in the list at the bottom; [`Operation`] has no
//! default bodies, and the dispatch over [`Op`] is generated from the list, so the compiler
//! asks for every part.

mod size;

use std::fmt;

pub use size::Size;

use crate::{geometry::ResizePlan, recipe::Args, Bitmap, Cancel, Fixed, Limits, Overlays, Result};

/// What an op does to an image of a given size, decided before any pixel is decoded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    /// The resampling it starts with. When it leads the recipe, the pipeline fuses it with
    /// decoding (shrink-on-load) and runs it on the stored pixels.
    pub resize: Option<ResizePlan>,
    /// The size [`Operation::apply`] turns the resized image into (an upper bound when it
    /// depends on the pixels), or `None` when the op has no pixel work besides the resize.
    pub apply: Option<(u32, u32)>,
}

impl Plan {
    /// An op that only resamples.
    pub fn resize(resize: Option<ResizePlan>) -> Plan {
        Plan {
            resize,
            apply: None,
        }
    }

    /// An op that only works on pixels, leaving an image of `size`.
    pub fn apply(size: (u32, u32)) -> Plan {
        Plan {
            resize: None,
            apply: Some(size),
        }
    }
}

/// The size the planned resize of `op` leaves an image of `input` at.
#[cfg(test)]
fn resized(op: impl Into<Op>, input: (u32, u32)) -> (u32, u32) {
    op.into()
        .plan(input)
        .unwrap()
        .resize
        .map_or(input, |p| (p.width, p.height))
}

/// What ops read besides their own arguments.
pub(crate) struct Env<'a> {
    /// The images `composite` steps name.
    pub overlays: &'a Overlays,
    pub limits: &'a Limits,
    /// Slow ops check it as they go, so that `Thread#kill` does not wait for them.
    pub cancel: &'a Cancel,
}

/// Everything an operation must decide.
pub(crate) trait Operation: Sized {
    /// Its name in recipes.
    const NAME: &'static str;

    /// Reads its arguments from a step named [`Operation::NAME`].
    fn parse(args: &Args<'_>) -> Result<Self>;

    /// Writes its canonical step: name and arguments, defaults left out where the grammar
    /// allows. Signed URLs and variant keys are made of it: it must not change.
    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;

    /// The op with its sizes multiplied by the device pixel ratio.
    fn scaled(self, dpr: Fixed) -> Self;

    /// What it does to an upright image of `size`; refuses arguments that do not fit it.
    fn plan(&self, size: (u32, u32)) -> Result<Plan>;

    /// The most channels its result can have from `channels`: painting a background or an
    /// overlay may add colour and alpha. Sizes the memory estimate.
    fn channels(&self, channels: u8) -> u8;

    /// Bytes [`Operation::apply`] holds besides its input (`input` bytes) and its output.
    fn scratch(&self, input: u64, env: &Env<'_>) -> u64;

    /// Its pixel work on the image its planned resize left; only called when
    /// [`Plan::apply`] is set.
    fn apply(&self, bitmap: Bitmap, env: &Env<'_>) -> Result<Bitmap>;
}

/// Declares the op modules, re-exports their types, and generates [`Op`] with exhaustive
/// dispatch of every [`Operation`] method.
macro_rules! operations {
    ($($module:ident::$op:ident),* $(,)?) => {
        $(mod $module;)*
        $(pub use $module::$op;)*

        /// One transformation step, applied in order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Op {
            $(
                #[doc = concat!("`", stringify!($module), "`: see [`", stringify!($op), "`].")]
                $op($op),
            )*
        }

        $(
            impl From<$op> for Op {
                fn from(op: $op) -> Op {
                    Op::$op(op)
                }
            }
        )*

        impl Op {
            /// The name of every op.
            pub(crate) const NAMES: &'static [&'static str] = &[$(<$op as Operation>::NAME),*];

            /// The op named by `args`, or `None` when no op has that name.
            pub(crate) fn parse(args: &Args<'_>) -> Option<Result<Op>> {
                $(
                    if args.name() == <$op as Operation>::NAME {
                        return Some(<$op as Operation>::parse(args).map(Op::$op));
                    }
                )*
                None
            }

            pub(crate) fn scaled(self, dpr: Fixed) -> Op {
                match self {
                    $(Op::$op(op) => Op::$op(op.scaled(dpr)),)*
                }
            }

            pub(crate) fn plan(&self, size: (u32, u32)) -> Result<Plan> {
                match self {
                    $(Op::$op(op) => op.plan(size),)*
                }
            }

            pub(crate) fn channels(&self, channels: u8) -> u8 {
                match self {
                    $(Op::$op(op) => op.channels(channels),)*
                }
            }

            pub(crate) fn scratch(&self, input: u64, env: &Env<'_>) -> u64 {
                match self {
                    $(Op::$op(op) => op.scratch(input, env),)*
                }
            }

            pub(crate) fn apply(&self, bitmap: Bitmap, env: &Env<'_>) -> Result<Bitmap> {
                match self {
                    $(Op::$op(op) => op.apply(bitmap, env),)*
                }
            }
        }

        /// The op's canonical step.
        impl fmt::Display for Op {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $(Op::$op(op) => op.print(f),)*
                }
            }
        }
    };
}

operations![
    resize_to_limit::ResizeToLimit,
    resize_to_fit::ResizeToFit,
    resize_to_fill::ResizeToFill,
    resize_to_cover::ResizeToCover,
    resize_and_pad::ResizeAndPad,
    crop::Crop,
    rotate::Rotate,
    flip::Flip,
    flop::Flop,
    grayscale::Grayscale,
    blur::Blur,
    sharpen::Sharpen,
    modulate::Modulate,
    trim::Trim,
    composite::Composite,
    add_alpha::AddAlpha,
];
