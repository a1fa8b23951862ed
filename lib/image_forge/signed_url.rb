# frozen_string_literal: true

module ImageForge
  # Signed endpoint paths: /<signature>/[e:<expiry>/]<canonical recipe>/<key>. Signing and
  # verifying happen in the Rust core (HMAC-SHA256, base64url, constant-time comparison).
  module SignedUrl
    # Stands for "no operations" in the recipe segment.
    EMPTY_RECIPE = "-"
    # The recipe's output format is chosen per request from Accept (AVIF, WebP or JPEG).
    AUTO = "format:auto"

    module_function

    # The path (prefixed with config.endpoint_path) that serves +key+ through +recipe+ (a preset
    # name, or any form Recipe.from takes; see RecipeArgument). +format+: a format, or :auto.
    def build(key, recipe, expires_at: nil, format: nil, config: ImageForge.config)
      segment = segment_for(RecipeArgument.resolve(recipe, config:), format)
      secret = config.signing_keys.first
      if secret.nil? && !config.allow_unsigned_urls
        raise InvalidArgumentError, "no signing key: set config.signing_keys (or allow_unsigned_urls = true)"
      end

      path = Native.sign_path((secret || "").b, segment, Key.validate!(key), expires_at&.to_i)
      path = path.sub(%r{\A/[^/]+}, "/_") if secret.nil?
      "#{config.endpoint_path}#{path}"
    end

    # [Recipe, auto?] for a verified recipe segment; presets are matched by their canonical
    # string, so their overlays (composite) come along.
    def parse_segment(segment, config: ImageForge.config)
      auto = segment == AUTO || segment.end_with?(",#{AUTO}")
      text = segment.delete_suffix(AUTO).delete_suffix(",")
      text = "" if text == EMPTY_RECIPE
      preset = config.presets.values.find { |recipe| recipe.to_s == text }
      recipe = preset || Recipe.from(text)
      recipe.to_s # raises InvalidRecipeError for anything that does not parse
      [recipe, auto]
    end

    def segment_for(recipe, format)
      if format.to_s == "auto"
        raise InvalidArgumentError, "format: :auto with a recipe that sets a format" if recipe.format?

        base = recipe.to_s
        return base.empty? ? AUTO : "#{base},#{AUTO}"
      end
      recipe += Recipe.new.add(:convert, format) if format
      recipe.to_s.empty? ? EMPTY_RECIPE : recipe.to_s
    end
  end
end
