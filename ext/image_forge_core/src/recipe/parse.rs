//! The recipe grammar, step by step: an op (each reads its own arguments), `auto_orient`, or an
//! output setting; any other name is refused, with the closest known name when one is near.

use std::str::FromStr;

use super::{output, Args, Recipe};
use crate::{error::invalid_recipe, Error, Op, Result};

const AUTO_ORIENT: &str = "auto_orient";

impl FromStr for Recipe {
    type Err = Error;

    fn from_str(text: &str) -> Result<Recipe> {
        let mut recipe = Recipe::default();
        for step in text.split(',').filter(|s| !s.is_empty()) {
            let mut parts = step.split(':');
            let name = parts.next().unwrap_or_default();
            let args = Args::new(name, parts.collect());
            if let Some(op) = Op::parse(&args) {
                recipe.ops.push(op?);
            } else if name == AUTO_ORIENT {
                args.arity(1, 1)?;
                recipe.auto_orient = args.flag(0)?;
            } else {
                output::set(&mut recipe.output, &args).unwrap_or_else(|| Err(unknown(name)))?;
            }
        }
        Ok(recipe)
    }
}

/// The error for a step that no op or setting has the name of.
fn unknown(name: &str) -> Error {
    invalid_recipe(format!("unknown operation {name:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_ops_and_bad_arguments_naming_them() {
        for (bad, mentions) in [
            ("system:ls", "system"),
            ("resize_to_limit:0:10", "resize_to_limit"),
            ("resize_to_limit::", "resize_to_limit"),
            ("resize_to_fill:10:", "resize_to_fill"),
            ("resize_to_fit:10", "resize_to_fit"),
            ("quality:101", "quality"),
            ("format:heic", "heic"),
            ("speed:11", "speed"),
            ("resize_to_limit:99999:1", "resize_to_limit"),
            ("progressive:yes", "progressive"),
            ("blur:0", "blur"),
            ("rotate:720", "rotate"),
            ("resize_and_pad:1:1:000000:attention", "attention"),
            ("crop:0:0:0:10", "crop"),
            ("flip:1", "flip"),
            ("dpr:9", "dpr"),
        ] {
            match Recipe::parse(bad) {
                Err(Error::InvalidRecipe(m)) => assert!(m.contains(mentions), "{bad}: {m}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
