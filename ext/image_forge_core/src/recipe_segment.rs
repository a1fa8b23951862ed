//! The recipe segment of an endpoint path: the canonical recipe, `-` for a recipe with no
//! steps (a path segment cannot be empty), and a last step `format:auto` when the output
//! format is picked per request from `Accept`.

use crate::{error::invalid_recipe, Recipe, Result};

const EMPTY: &str = "-";
const AUTO: &str = "format:auto";

/// The segment for `recipe`; `auto` leaves the format to the request, so the recipe must
/// not set one.
pub fn recipe_segment(recipe: &Recipe, auto: bool) -> Result<String> {
    if auto && recipe.output.format.is_some() {
        return Err(invalid_recipe(
            "format:auto with a recipe that sets a format",
        ));
    }
    let canonical = recipe.to_string();
    Ok(match (canonical.is_empty(), auto) {
        (true, false) => EMPTY.into(),
        (true, true) => AUTO.into(),
        (false, false) => canonical,
        (false, true) => format!("{canonical},{AUTO}"),
    })
}

/// The recipe a segment names, and whether its format is left to the request.
pub fn parse_recipe_segment(segment: &str) -> Result<(Recipe, bool)> {
    let (text, auto) = match segment.strip_suffix(AUTO) {
        Some("") => ("", true),
        Some(rest) if rest.ends_with(',') => (&rest[..rest.len() - 1], true),
        _ => (segment, false),
    };
    let recipe = Recipe::parse(if text == EMPTY { "" } else { text })?;
    if auto && recipe.output.format.is_some() {
        return Err(invalid_recipe(format!(
            "{segment:?} sets a format and format:auto"
        )));
    }
    Ok((recipe, auto))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_round_trip() {
        for (text, auto, segment) in [
            ("", false, "-"),
            ("", true, "format:auto"),
            ("resize_to_limit:10:10", false, "resize_to_limit:10:10"),
            (
                "resize_to_limit:10:10",
                true,
                "resize_to_limit:10:10,format:auto",
            ),
            ("format:webp", false, "format:webp"),
        ] {
            let recipe = Recipe::parse(text).unwrap();
            assert_eq!(recipe_segment(&recipe, auto).unwrap(), segment);
            assert_eq!(parse_recipe_segment(segment).unwrap(), (recipe, auto));
        }
    }

    #[test]
    fn auto_and_a_format_do_not_mix() {
        let webp = Recipe::parse("format:webp").unwrap();
        assert!(recipe_segment(&webp, true).is_err());
        assert!(parse_recipe_segment("format:webp,format:auto").is_err());
        // Not a step of its own: the whole segment is parsed, and fails.
        assert!(parse_recipe_segment("flipformat:auto").is_err());
        assert!(parse_recipe_segment("").unwrap() == (Recipe::default(), false));
    }
}
