# frozen_string_literal: true

module ImageProcessing
  module ImageForge
    # What apps written for ImageProcessing::Vips or ::MiniMagick pass through ActiveStorage
    # variants, translated for ImageForge: mapped when ImageForge has the same thing (or does it
    # already), refused naming the replacement otherwise. Nothing is silently dropped except
    # what ImageForge does anyway (stripping metadata, writing sRGB, not sharpening resizes).
    module ForeignOptions
      # Operations other adapters have, handled by the methods below.
      OPERATIONS = %i[strip quality interlace colourspace colorspace gravity].freeze
      # Resize keywords of the vips adapter (vips_thumbnail options); only sharpen: false is
      # ImageForge's behaviour (it never sharpens after resizing).
      RESIZES = %i[resize_to_limit resize_to_fit resize_to_fill resize_to_cover resize_and_pad].freeze
      # Colourspaces ImageForge writes anyway (it converts to sRGB), and the grey ones it maps.
      SRGB = %w[srgb rgb].freeze
      GREY = %w[b-w grey16 gray grey].freeze

      # Positional flags below: image_processing calls them as strip / strip(false).
      # rubocop:disable Style/OptionalBooleanParameter

      # MiniMagick's -strip. ImageForge strips metadata unless told; strip(false) keeps it.
      def strip(enabled = true) = enabled ? image : image.saver(strip: false)

      # MiniMagick's -quality Q.
      def quality(value) = image.saver(quality: Integer(value))

      # MiniMagick's -interlace (Plane, Line, JPEG; None): a progressive JPEG.
      def interlace(mode = true) = image.saver(progressive: !%w[none false].include?(mode.to_s.downcase))
      # rubocop:enable Style/OptionalBooleanParameter

      # vips' colourspace / MiniMagick's -colorspace: sRGB is what ImageForge writes; grey maps
      # to grayscale; anything else (CMYK, Lab) it cannot write.
      def colourspace(space)
        name = space.to_s.downcase
        return image if SRGB.include?(name)
        return image.grayscale if GREY.include?(name)

        raise ::ImageForge::InvalidRecipeError,
              "colourspace #{space.inspect} is not supported: ImageForge writes sRGB (or use grayscale)"
      end
      alias colorspace colourspace

      # MiniMagick's -gravity applies to the operations after it; ImageForge's is per operation.
      def gravity(value)
        raise ::ImageForge::InvalidRecipeError,
              "gravity #{value.inspect} is not an operation here: pass it to the resize, " \
              "resize_to_fill: [w, h, { gravity: #{value.to_s.downcase.inspect} }]"
      end

      RESIZES.each do |name|
        define_method(name) do |*args, sharpen: nil, **options|
          unless sharpen.nil? || sharpen == false
            raise ::ImageForge::InvalidRecipeError,
                  "#{name}: sharpen: #{sharpen.inspect} is not supported (only false; use the sharpen operation)"
          end

          image.public_send(name, *args, **options)
        end
      end

      # Saver options of other adapters: vips' Q and interlace.
      def self.saver_options(options)
        options = options.dup
        options[:quality] = options.delete(:Q) if options.key?(:Q)
        options[:progressive] = options.delete(:interlace) if options.key?(:interlace)
        options
      end
    end
  end
end
