# frozen_string_literal: true

module ImageForge
  # Converts Ruby arguments of recipe operations into recipe tokens, refusing what does not fit.
  module Args
    COLOUR_NAMES = %w[black white transparent none].freeze

    module_function

    # A dimension: positive Integer, or nil for "unconstrained".
    def dim(value)
      return "" if value.nil?
      return value.to_s if value.is_a?(Integer) && value.positive?

      raise ArgumentError, "dimensions must be positive Integers or nil, got #{value.inspect}"
    end

    # A required dimension.
    def dim!(value)
      raise ArgumentError, "a width and a height are required" if value.nil?

      dim(value)
    end

    def int(value)
      return value.to_s if value.is_a?(Integer)

      raise ArgumentError, "expected an Integer, got #{value.inspect}"
    end

    # A number with up to three decimals.
    def decimal(value)
      raise ArgumentError, "expected a number, got #{value.inspect}" unless value.is_a?(Numeric) && value.finite?

      format("%.3f", value).sub(/\.?0+\z/, "")
    end

    # vips' names (north-east), ImageMagick's (NorthEast, Center) and vips' smartcrop :low and
    # :high (the start or the end of the cropped axis).
    def gravity(value)
      name = value.to_s.downcase.tr("_", "-")
      SMARTCROP.fetch(name, name)
    end

    SMARTCROP = { "low" => "north-west", "high" => "south-east" }.freeze

    # "#rrggbb", "rrggbbaa", [r, g, b], [r, g, b, a] (0..255), or black/white/transparent.
    def colour(value)
      case value
      when Array
        unless value.size.between?(3, 4) && value.all? { |c| c.is_a?(Integer) && c.between?(0, 255) }
          raise ArgumentError, "colour arrays are [r, g, b] or [r, g, b, a] in 0..255, got #{value.inspect}"
        end

        value.map { |c| format("%02x", c) }.join
      when Symbol, String then value.to_s.delete_prefix("#").downcase
      else raise ArgumentError, "unsupported colour #{value.inspect}"
      end
    end
  end
end
