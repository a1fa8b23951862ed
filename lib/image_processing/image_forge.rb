# frozen_string_literal: true

require "image_processing"
require "image_forge"
require_relative "image_forge/foreign_options"

module ImageProcessing
  # An image_processing builder rendering with ImageForge: a drop-in for ImageProcessing::Vips
  # in ActiveStorage (variant_processor = :image_forge), Shrine derivatives and CarrierWave.
  #
  #   ImageProcessing::ImageForge.source("in.jpg").resize_to_limit(800, 800).convert("webp")
  #                              .saver(quality: 80).call(destination: "out.webp")
  #
  # The whole chain renders in one native call when saved. Operations: every one of
  # ImageForge::Image (resize_to_limit, resize_to_fit, resize_to_fill, resize_and_pad,
  # resize_to_cover, crop, rotate, composite, ...), and the vips/MiniMagick options apps pass
  # through ActiveStorage (ForeignOptions); anything else raises ImageForge::InvalidRecipeError
  # naming it.
  module ImageForge
    extend Chainable

    # Whether +file+ (an IO with #path) holds an image ImageForge can read (header only).
    def self.valid_image?(file)
      ::ImageForge::Image.open(file.path).info
      true
    rescue ::ImageForge::Error
      false
    end

    # Runs one pipeline: load, apply the operations to an ImageForge::Image, save.
    class Processor < ImageProcessing::Processor
      accumulator :image, ::ImageForge::Image
      include ForeignOptions

      OPERATIONS = (::ImageForge::Recipe::OPERATIONS.keys + %i[composite custom] + ForeignOptions::OPERATIONS).freeze

      # +page+ (ActiveStorage passes 0) selects the first frame, the only one ImageForge
      # reads; +autorot: false+ keeps the stored orientation.
      def self.load_image(source, page: nil, autorot: true, **options)
        unless options.empty?
          raise ::ImageForge::InvalidArgumentError, "unsupported loader option(s): #{options.keys.join(", ")}"
        end
        raise ::ImageForge::UnsupportedFormatError, "only the first page/frame can be read" if page.to_i.positive?

        image = source.is_a?(::ImageForge::Image) ? source : ::ImageForge::Image.open(source)
        autorot ? image : image.auto_orient(enabled: false)
      end

      # Saver options are ImageForge::Image#saver's (quality, strip, progressive, lossless, ...);
      # the format follows +path+'s extension unless #convert chose one.
      def self.save_image(image, path, **options)
        image = image.saver(**ForeignOptions.saver_options(options)) unless options.empty?
        image.write(path)
      end

      def apply_operation(name, *args, &)
        unless OPERATIONS.include?(name.to_sym)
          raise ::ImageForge::InvalidRecipeError,
                "ImageProcessing::ImageForge has no operation #{name.inspect} (supported: #{OPERATIONS.join(", ")})"
        end

        super
      end

      # image_processing's signature and convention (a String overlay is a path, as in its
      # other adapters); only the "over" blend mode exists here.
      def composite(overlay, mode: "over", gravity: "north-west", offset: [0, 0], opacity: 1)
        unless mode.to_s == "over"
          raise ::ImageForge::InvalidRecipeError, "composite mode #{mode.inspect} is not supported (only \"over\")"
        end

        overlay = Pathname(overlay) if overlay.is_a?(String)
        image.composite(overlay, gravity:, offset: offset || [0, 0], opacity:)
      end
    end
  end
end
