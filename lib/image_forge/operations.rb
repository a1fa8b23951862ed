# frozen_string_literal: true

module ImageForge
  # The whitelist of recipe operations and saver options, each with the converter from Ruby
  # arguments to recipe tokens. Nothing outside these tables is ever called.
  module Operations
    # Each operation, as a lambda from Ruby arguments to the tokens of its recipe step. Only
    # these names are accepted, from any source.
    TABLE = {
      resize_to_limit: ->(width, height) { ["resize_to_limit", Args.dim(width), Args.dim(height)] },
      resize_to_fit: ->(width, height) { ["resize_to_fit", Args.dim(width), Args.dim(height)] },
      resize_to_fill: lambda { |width, height, gravity: "centre", crop: nil|
        ["resize_to_fill", Args.dim!(width), Args.dim!(height), Args.gravity(crop || gravity)]
      },
      resize_to_cover: ->(width, height) { ["resize_to_cover", Args.dim!(width), Args.dim!(height)] },
      resize_and_pad: lambda { |width, height, background: nil, gravity: "centre", alpha: false|
        background ||= alpha ? :transparent : :black
        ["resize_and_pad", Args.dim!(width), Args.dim!(height), Args.colour(background), Args.gravity(gravity)]
      },
      crop: lambda { |left, top, width, height|
              ["crop", Args.int(left), Args.int(top), Args.dim!(width), Args.dim!(height)]
            },
      rotate: ->(degrees, background: :black) { ["rotate", Args.int(degrees), Args.colour(background)] },
      flip: -> { ["flip"] },
      flop: -> { ["flop"] },
      grayscale: -> { ["grayscale"] },
      add_alpha: -> { ["add_alpha"] },
      blur: ->(sigma) { ["blur", Args.decimal(sigma)] },
      sharpen: ->(sigma = 1) { ["sharpen", Args.decimal(sigma)] },
      modulate: lambda { |brightness: 1, saturation: 1, hue: 0|
        ["modulate", Args.decimal(brightness), Args.decimal(saturation), Args.int(hue)]
      },
      trim: ->(threshold: 10) { ["trim", Args.int(threshold)] },
      auto_orient: ->(enabled: true) { ["auto_orient", enabled ? "true" : "false"] },
      convert: ->(format) { ["format", format.to_s.downcase] },
      dpr: ->(ratio) { ["dpr", Args.decimal(ratio)] },
      fast_shrink: ->(enabled = true) { ["fast_shrink", enabled ? "true" : "false"] }
    }.freeze

    # Encoder options accepted by #saver, with their converters.
    SAVER = {
      quality: ->(v) { Args.int(v) },
      progressive: ->(v) { v ? "true" : "false" },
      optimize: ->(v) { v ? "true" : "false" },
      optimize_coding: ->(v) { v ? "true" : "false" },
      lossless: ->(v) { v ? "true" : "false" },
      compression: ->(v) { Args.int(v) },
      effort: ->(v) { Args.int(v) },
      speed: ->(v) { Args.int(v) },
      palette: ->(v) { v ? "true" : "false" },
      keep_metadata: ->(v) { v ? "true" : "false" },
      keep_icc: ->(v) { v ? "true" : "false" },
      chroma: ->(v) { v.to_s.delete(":") },
      background: ->(v) { Args.colour(v) }
    }.freeze
  end
end
