# frozen_string_literal: true

module ImageForge
  # What every entry point that takes a recipe accepts, resolved one way:
  #
  #   variant(key, :thumb)                                  # a preset, by Symbol
  #   variant(key, "thumb")                                 # a preset, by String (see below)
  #   variant(key, resize_to_limit: [100, 100], format: :webp)  # keywords
  #   variant(key, { resize_to_limit: [100, 100] })         # a Hash, an Array or a Recipe
  #   variant(key, "resize_to_limit:100:100")               # a canonical recipe String
  #   variant(key, :thumb, format: :png)                    # a preset, then keywords after it
  #
  # A String that names a configured preset is that preset; any other String is a recipe.
  # Views and params hand preset names over as Strings; the only overlap is a preset named
  # like an argument-less operation ("flip"), and there the configured preset wins.
  module RecipeArgument
    module_function

    # The Recipe for +recipe_or_preset+ (nil when only keywords are given) followed by the
    # recipe +keywords+. InvalidRecipeError when there is neither (as Recipe.from(nil) raised
    # before keywords existed), InvalidArgumentError for an unknown preset.
    def resolve(recipe_or_preset, keywords = {}, config: ImageForge.config)
      base = recipe_or_preset.nil? ? nil : single(recipe_or_preset, config)
      extra = keywords.empty? ? nil : Recipe.from(keywords)
      if base.nil? && extra.nil?
        raise InvalidRecipeError, "no recipe: pass a preset name, a recipe, or recipe keywords " \
                                  "(resize_to_limit: [100, 100])"
      end

      base && extra ? base + extra : base || extra
    end

    def single(value, config)
      case value
      when Symbol then config.preset(value)
      when String then config.presets[value.to_sym] || Recipe.from(value)
      else Recipe.from(value)
      end
    end
  end
end
