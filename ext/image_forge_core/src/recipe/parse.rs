//! The recipe grammar, step by step: an op (each reads its own arguments), `auto_orient`, or an
//! output setting; any other name is refused, with the closest known name when one is near.

use std::str::FromStr;

use super::{output, suggest::closest, Args, Recipe};
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

/// The error for a step that no op or setting has the name of; it suggests the closest name.
fn unknown(name: &str) -> Error {
    let known = Op::NAMES
        .iter()
        .copied()
        .chain(output::names())
        .chain([AUTO_ORIENT]);
    match closest(name, known) {
        Some(near) => invalid_recipe(format!("unknown operation {name:?} (did you mean {near}?)")),
        None => invalid_recipe(format!("unknown operation {name:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        match Recipe::parse(text) {
            Err(Error::InvalidRecipe(m)) => m,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn a_misspelt_name_is_unknown_and_suggests_the_closest() {
        assert_eq!(
            message("resize_to_limt:800:800"),
            r#"unknown operation "resize_to_limt" (did you mean resize_to_limit?)"#
        );
        assert_eq!(
            message("qualty:80"),
            r#"unknown operation "qualty" (did you mean quality?)"#
        );
        assert_eq!(
            message("auto_orinet:false"),
            r#"unknown operation "auto_orinet" (did you mean auto_orient?)"#
        );
        assert_eq!(
            message("add_alpah"),
            r#"unknown operation "add_alpah" (did you mean add_alpha?)"#
        );
    }

    #[test]
    fn a_name_near_nothing_is_just_unknown() {
        assert_eq!(message("system:ls"), r#"unknown operation "system""#);
        assert_eq!(message("x"), r#"unknown operation "x""#);
    }

    #[test]
    fn known_names_still_check_their_arity() {
        assert!(message("quality:80:1").contains("quality takes 1 argument(s), got 2"));
        assert!(message("auto_orient").contains("auto_orient takes 1 argument(s), got 0"));
        assert!(message("flip:1").contains("flip takes 0 argument(s), got 1"));
    }

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
            ("rotate:90.5", "rotate"),
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
