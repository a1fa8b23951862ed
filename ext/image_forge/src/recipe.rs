//! `ImageForge::Native::Recipe`: a parsed recipe. The Ruby `Recipe` holds one, so a recipe is
//! parsed once, and Ruby asks it for its canonical string, its output format and its path
//! segment instead of reading the grammar itself.

use image_forge_core::{parse_recipe_segment, recipe_segment, Format, Recipe};
use magnus::{function, method, prelude::*, Error, RArray, RModule, Ruby, TryConvert};

use crate::errors;

#[magnus::wrap(
    class = "ImageForge::Native::Recipe",
    free_immediately,
    size,
    frozen_shareable
)]
pub(crate) struct NativeRecipe {
    /// The steps as given. Joining appends text, not canonical strings, so that a later
    /// setting back to its default (progressive:false), which the canonical string leaves
    /// out, still overrides an earlier one.
    text: String,
    canonical: String,
    recipe: Recipe,
}

pub(crate) fn init(native: &RModule) -> Result<(), Error> {
    let class = native.define_class("Recipe", Ruby::get_with(*native).class_object())?;
    class.define_singleton_method("parse", function!(NativeRecipe::parse, 1))?;
    class.define_singleton_method("from_segment", function!(NativeRecipe::from_segment, 1))?;
    class.define_method("join", method!(NativeRecipe::join, 1))?;
    class.define_method("to_s", method!(NativeRecipe::canonical, 0))?;
    class.define_method("format", method!(NativeRecipe::format, 0))?;
    class.define_method("output_for", method!(NativeRecipe::output_for, 1))?;
    class.define_method("segment", method!(NativeRecipe::segment, 1))?;
    Ok(())
}

impl NativeRecipe {
    fn new(text: String, recipe: Recipe) -> Self {
        Self {
            text,
            canonical: recipe.to_string(),
            recipe,
        }
    }

    /// `Recipe.parse(text)`; InvalidRecipeError naming the step that does not parse.
    fn parse(ruby: &Ruby, text: String) -> Result<Self, Error> {
        let recipe = Recipe::parse(&text).map_err(|e| errors::to_ruby(ruby, e))?;
        Ok(Self::new(text, recipe))
    }

    /// `Recipe.from_segment(segment)` -> [recipe, auto] from an endpoint path's segment.
    fn from_segment(ruby: &Ruby, segment: String) -> Result<(Self, bool), Error> {
        let (recipe, auto) =
            parse_recipe_segment(&segment).map_err(|e| errors::to_ruby(ruby, e))?;
        Ok((Self::new(recipe.to_string(), recipe), auto))
    }

    /// `join(other)`: this recipe's steps, then `other`'s; `other`'s settings win.
    fn join(ruby: &Ruby, rb_self: &Self, other: &Self) -> Result<Self, Error> {
        let text = match (rb_self.text.is_empty(), other.text.is_empty()) {
            (_, true) => rb_self.text.clone(),
            (true, false) => other.text.clone(),
            (false, false) => format!("{},{}", rb_self.text, other.text),
        };
        Self::parse(ruby, text)
    }

    fn canonical(&self) -> String {
        self.canonical.clone()
    }

    /// The output format the recipe sets (a Symbol name), or nil to follow the source.
    fn format(ruby: &Ruby, rb_self: &Self) -> Option<magnus::Symbol> {
        rb_self
            .recipe
            .output
            .format
            .map(|f| ruby.to_symbol(f.name()))
    }

    /// `output_for(source_content_type)` -> [name, extension, content_type] of what the recipe
    /// writes for such a source; UnsupportedFormatError when the content type names no image
    /// format and the recipe names no output format.
    fn output_for(
        ruby: &Ruby,
        rb_self: &Self,
        source_content_type: String,
    ) -> Result<(&'static str, &'static str, &'static str), Error> {
        let recipe = &rb_self.recipe;
        let format = match (recipe.output.format, Format::from_mime_type(&source_content_type)) {
            (Some(format), _) => format,
            (None, Some(source)) => recipe.output_format(source),
            (None, None) => {
                return Err(errors::to_ruby(
                    ruby,
                    image_forge_core::Error::UnsupportedFormat(format!(
                        "the source is {source_content_type:?}, not a known image type; name an output format"
                    )),
                ))
            }
        };
        Ok((format.name(), format.extension(), format.mime_type()))
    }

    /// `segment(auto)` -> the recipe as an endpoint path segment.
    fn segment(ruby: &Ruby, rb_self: &Self, auto: bool) -> Result<String, Error> {
        recipe_segment(&rb_self.recipe, auto).map_err(|e| errors::to_ruby(ruby, e))
    }
}

/// The parsed recipes of a Ruby Array of `Native::Recipe`s, copied out while the GVL is held.
pub(crate) fn recipes(array: RArray) -> Result<Vec<Recipe>, Error> {
    array
        .into_iter()
        .map(|value| <&NativeRecipe>::try_convert(value).map(|r| r.recipe.clone()))
        .collect()
}

/// The parsed recipe of one `Native::Recipe`.
pub(crate) fn recipe(value: &NativeRecipe) -> Recipe {
    value.recipe.clone()
}
