# frozen_string_literal: true

module ImageForge
  # What an image's header says. +width+ and +height+ are as displayed, after EXIF orientation;
  # +orientation+ is the EXIF value (1..8).
  Info = Struct.new(:format, :width, :height, :orientation, :alpha, keyword_init: true) do
    # Reads the header of +bytes+ (no pixel is decoded); raises for non-images and over-limit sizes.
    def self.probe(bytes, limits: ImageForge.config.limits)
      format, width, height, orientation, alpha = Native.probe_blob(bytes, limits)
      new(format: format.to_sym, width:, height:, orientation:, alpha:).freeze
    end

    def content_type
      "image/#{format}"
    end

    alias_method :alpha?, :alpha
  end
end
