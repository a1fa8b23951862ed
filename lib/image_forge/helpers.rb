# frozen_string_literal: true

require "erb"

module ImageForge
  # View helpers for signed endpoint URLs; the Railtie includes them in ActionView.
  #
  #   <%= image_forge_tag "photos/1.jpg", :thumb, alt: "Ada" %>   (or user.avatar, a blob)
  #   <img src="/images/<sig>/resize_to_fill:200:200,format:webp/photos/1.jpg"
  #        srcset="... 1x, /images/<sig>/resize_to_fill:200:200,format:webp,dpr:2/photos/1.jpg 2x" alt="Ada">
  module Helpers
    # Keywords of image_forge_tag that are recipe steps rather than HTML attributes.
    RECIPE_KEYWORDS = (Recipe::OPERATIONS.keys + %i[composite saver loader strip]).freeze

    # The signed path of +key+ (a key, or an ActiveStorage attachment or blob) through +recipe+
    # and/or recipe keywords (see ImageForge.url).
    def image_forge_url(key, recipe = nil, **options)
      ImageForge.url(key, recipe, **options)
    end

    # An <img> for +key+ (a key, an attachment or a blob) through +recipe+ and/or recipe
    # keywords (resize_to_limit: [100, 100]), with a srcset entry per +dpr+ (device pixel
    # ratios: the same recipe rendered at 2x, 3x, ...). Other keywords become HTML attributes.
    def image_forge_tag(key, recipe = nil, dpr: [1, 2], expires_at: nil, format: nil, **attributes)
      steps = attributes.slice(*RECIPE_KEYWORDS)
      attributes = attributes.except(*RECIPE_KEYWORDS)
      base = RecipeArgument.resolve(recipe, steps)
      urls = dpr.map do |ratio|
        scaled = ratio == 1 ? base : base + Recipe.new.add(:dpr, ratio)
        [ImageForge.url(key, scaled, expires_at:, format:), ratio]
      end
      attributes = { src: urls.first.first, srcset: urls.map { |url, ratio| "#{url} #{ratio}x" }.join(", ") }
                   .merge(attributes)
      html = "<img #{attributes.map { |name, value| %(#{name}="#{ERB::Util.html_escape(value)}") }.join(" ")}>"
      html.respond_to?(:html_safe) ? html.html_safe : html
    end
  end
end
