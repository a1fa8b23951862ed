# frozen_string_literal: true

# Test images made on the fly, so the suite needs no checked-in binaries.
module Fixtures
  RED = [220, 30, 30].freeze
  GREEN = [30, 200, 60].freeze
  BLUE = [40, 60, 220].freeze
  WHITE = [250, 250, 250].freeze

  # An RGB PNG split in four coloured quadrants: red top-left, green top-right, blue
  # bottom-left, white bottom-right. Orientation mistakes move the colours.
  def quadrants_png(width = 64, height = 48)
    ImageForge::Samples.draw_png(width, height, 3) do |x, y|
      top = y < height / 2
      left = x < width / 2
      if top
        left ? RED : GREEN
      else
        left ? BLUE : WHITE
      end
    end
  end

  # A smooth RGB gradient PNG: realistic for resampling, cheap to make.
  def gradient_png(width, height, channels: 3, bit_depth: 8)
    pixels = []
    height.times do |y|
      width.times do |x|
        px = [x * 255 / width, y * 255 / height, (x + y) * 127 / (width + height)]
        px = [px.sum / 3] if channels <= 2
        px << (255 - (x * 255 / width)) if channels.even?
        pixels.concat(px)
      end
    end
    PNG.encode(width, height, channels, pixels, bit_depth:)
  end

  def quadrants_jpeg(width = 64, height = 48)
    ImageForge::Image.from_blob(quadrants_png(width, height)).convert(:jpeg).saver(quality: 95).to_blob
  end

  def with_exif_orientation(jpeg, orientation) = ImageForge::Samples.with_exif_orientation(jpeg, orientation)

  def fixture_dir
    ENV.fetch("IMAGE_FORGE_FIXTURES", File.expand_path("../../../shared/fixtures", __dir__))
  end

  def decode_png(bytes) = PNG.decode(bytes)

  # True when the colours are within +tolerance+ per channel (JPEG is lossy).
  def close_to?(actual, expected, tolerance = 24)
    actual.zip(expected).all? { |a, e| (a - e).abs <= tolerance }
  end
end
