# frozen_string_literal: true

module ImageForge
  # Signed endpoint paths: /<signature>/[e:<expiry>/]<canonical recipe>/<key>. Signing and
  # verifying happen in the Rust core (HMAC-SHA256, base64url, constant-time comparison).
  module SignedUrl
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

    # [Recipe, auto?] for a verified recipe segment; a preset with the same canonical string
    # stands in for it, so that its overlays (composite) come along.
    def parse_segment(segment, config: ImageForge.config)
      recipe, auto = Recipe.from_segment(segment)
      [config.presets.values.find { |preset| preset == recipe } || recipe, auto]
    end

    def segment_for(recipe, format)
      if format.to_s == "auto"
        raise InvalidArgumentError, "format: :auto with a recipe that sets a format" if recipe.format?

        return recipe.segment(auto: true)
      end
      recipe += Recipe.new.add(:convert, format) if format
      recipe.segment
    end
  end
end
