# frozen_string_literal: true

module ImageForge
  # Settings shared by every call; see ImageForge.configure.
  class Configuration
    # Largest accepted source width * height. Default: 50_000_000 (as imgproxy).
    attr_reader :max_pixels

    # Where uploads and variants are stored. Default: Storage::Local under ./storage.
    attr_writer :storage

    def initialize
      @max_pixels = 50_000_000
      @storage = nil
    end

    def max_pixels=(value)
      unless value.is_a?(Integer) && value.positive?
        raise InvalidArgumentError, "max_pixels must be a positive Integer, got #{value.inspect}"
      end

      @max_pixels = value
    end

    def storage
      @storage ||= Storage::Local.new(root: "storage")
    end
  end
end
