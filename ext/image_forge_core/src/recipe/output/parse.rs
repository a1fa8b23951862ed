//! Output settings by name: one table gives both the names the parser knows (and suggests)
//! and how each one reads its argument.

use super::Output;
use crate::{recipe::Args, Colour, Fixed, Result};

type Setter = fn(&mut Output, &Args<'_>) -> Result<()>;

/// Every output setting; each takes one argument.
const SETTINGS: &[(&str, Setter)] = &[
    ("format", |o, a| {
        o.format = Some(a.text(0).parse()?);
        Ok(())
    }),
    ("quality", |o, a| {
        o.quality = Some(a.small(0, 1, 100)?);
        Ok(())
    }),
    ("compression", |o, a| {
        o.compression = Some(a.small(0, 0, 9)?);
        Ok(())
    }),
    ("effort", |o, a| {
        o.effort = Some(a.small(0, 0, 6)?);
        Ok(())
    }),
    ("speed", |o, a| {
        o.speed = Some(a.small(0, 1, 10)?);
        Ok(())
    }),
    ("palette", |o, a| {
        o.palette = a.flag(0)?;
        Ok(())
    }),
    ("keep_metadata", |o, a| {
        o.keep_metadata = a.flag(0)?;
        Ok(())
    }),
    ("keep_icc", |o, a| {
        o.keep_icc = a.flag(0)?;
        Ok(())
    }),
    ("progressive", |o, a| {
        o.progressive = a.flag(0)?;
        Ok(())
    }),
    ("optimize", |o, a| {
        o.optimize = a.flag(0)?;
        Ok(())
    }),
    ("fast_shrink", |o, a| {
        o.fast_shrink = a.flag(0)?;
        Ok(())
    }),
    ("lossless", |o, a| {
        o.lossless = a.flag(0)?;
        Ok(())
    }),
    ("chroma", |o, a| {
        o.chroma_444 = match a.get(0) {
            Some("444") => true,
            Some("420") => false,
            _ => return Err(a.error("chroma subsampling must be 420 or 444", 0)),
        };
        Ok(())
    }),
    ("background", |o, a| {
        o.background = Some(a.colour(0, Colour::WHITE)?);
        Ok(())
    }),
    // 1 is the default: dropped, so that `dpr:1` and no dpr print alike.
    ("dpr", |o, a| {
        let dpr = a.fixed(0, Fixed::ONE, Fixed::from_thousandths(5_000))?;
        o.dpr = Some(dpr).filter(|d| *d != Fixed::ONE);
        Ok(())
    }),
];

/// The names of the output settings.
pub(in crate::recipe) fn names() -> impl Iterator<Item = &'static str> {
    SETTINGS.iter().map(|(name, _)| *name)
}

/// Applies the setting `args` names; `None` when no setting has that name.
pub(in crate::recipe) fn set(out: &mut Output, args: &Args<'_>) -> Option<Result<()>> {
    let (_, setter) = SETTINGS.iter().find(|(name, _)| *name == args.name())?;
    Some(args.arity(1, 1).and_then(|()| setter(out, args)))
}
