# frozen_string_literal: true

# ImageForge presets as ActiveStorage named variants: ImageForge.preset_transformations.
module ImageForge
  class << self
    # ActiveStorage transformation keywords for preset +name+, so that a preset is declared once
    # (config.image_forge.presets) and used as an ActiveStorage named variant too:
    #
    #   has_one_attached :avatar do |a|
    #     a.variant :thumb, **ImageForge.preset_transformations(:thumb), preprocessed: true
    #   end
    #
    # The preset goes through as its canonical recipe (ImageProcessing::ImageForge's +recipe+
    # operation), so the variation key, and with it the stored variant, changes when the preset
    # does; +format+ (when the preset sets one) gives ActiveStorage the content type and
    # extension. Needs variant_processor :image_forge. InvalidArgumentError for an unknown name.
    def preset_transformations(name)
      recipe = config.preset(name)
      { recipe: recipe.to_s, format: recipe.format }.compact
    end
  end
end
