# frozen_string_literal: true

# Named variants (Rails 7.1+), loaded by spec/rails_app/named_variants_scenario.rb and
# bench/preprocessed_variants.rb only: Rails 6.1 has no named variants.
class Member < ActiveRecord::Base
  # Plain keywords, so that stock ActiveStorage (variant_processor :vips) renders them too.
  has_one_attached :avatar do |a|
    a.variant :thumb, resize_to_limit: [100, 100], preprocessed: true
    a.variant :square, resize_to_fill: [400, 400], format: :webp, preprocessed: true
    a.variant :medium, resize_to_limit: [1024, 1024], preprocessed: true
    a.variant :large, resize_to_limit: [2048, 2048], format: :webp, saver: { quality: 85 }, preprocessed: true
    a.variant :tiny, resize_to_limit: [32, 32] # not preprocessed: rendered when asked for
  end

  # One variant ImageForge cannot render (it writes no CMYK): the other is stored all the same.
  has_one_attached :cover do |a|
    a.variant :banner, resize_to_fill: [300, 100], preprocessed: true
    a.variant :print, resize_to_limit: [300, 300], colourspace: "cmyk", preprocessed: true
  end

  # A config.image_forge preset declared once for both (needs variant_processor :image_forge).
  has_one_attached :badge do |a|
    a.variant :thumb, **ImageForge.preset_transformations(:thumb), preprocessed: true
  end
end
