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
  # through ActiveStorage (ForeignOptions); anything else raises InvalidArgumentError naming it.
  #
  # Works with image_processing 1.10+ and 2.x, and needs neither ruby-vips nor mini_magick.
  module ImageForge
    extend Chainable

    # An argument ImageForge refuses (an unknown operation, option, gravity or format, a resize
    # with neither dimension), raised as image_processing's own error, as its other backends
    # raise theirs. #cause is the ::ImageForge::InvalidArgumentError (or InvalidRecipeError)
    # with the same message. Ruby classes have one superclass, so it cannot be an
    # ::ImageForge::Error too; what the image itself or the storage runs into (InvalidImageError,
    # LimitExceededError, ...) stays an ::ImageForge::Error, as libvips' are Vips::Errors.
    class InvalidArgumentError < ImageProcessing::Error; end

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

      OPERATIONS = (::ImageForge::Recipe::OPERATIONS.keys + %i[composite custom recipe] +
                    ForeignOptions::OPERATIONS).freeze

      # Arguments ImageForge refuses become image_processing's error (see InvalidArgumentError).
      # A Vips::Image source (from an app moving off ImageProcessing::Vips) is read through a
      # lossless PNG of it, its EXIF orientation applied unless the loader says autorot: false.
      def self.call(source:, loader:, **)
        if defined?(::Vips::Image) && source.is_a?(::Vips::Image)
          rotate = loader.fetch(:autorot, true) && loader.fetch(:autorotate, true)
          source = ::ImageForge::Image.from_blob((rotate ? source.autorot : source).write_to_buffer(".png"))
        end
        super
      rescue ::ImageForge::InvalidArgumentError => e
        raise InvalidArgumentError, e.message
      end

      # +page+ (ActiveStorage passes 0) selects the first frame, the only one ImageForge
      # reads; +autorot: false+ (or vips 8.15's +autorotate: false+) keeps the stored
      # orientation; +fail: true+ (vips: fail on the first warning) is what ImageForge always
      # does: a truncated or corrupt file raises InvalidImageError, never a partial decode.
      def self.load_image(source, page: nil, autorot: true, autorotate: autorot, fail: true, **options)
        unless options.empty?
          raise ::ImageForge::InvalidArgumentError, "unsupported loader option(s): #{options.keys.join(", ")}"
        end

        unless fail
          raise ::ImageForge::InvalidArgumentError,
                "loader fail: false is not supported: ImageForge refuses damaged images, never decodes them partially"
        end
        raise ::ImageForge::UnsupportedFormatError, "only the first page/frame can be read" if page.to_i.positive?

        image = source.is_a?(::ImageForge::Image) ? source : ::ImageForge::Image.open(source)
        autorot && autorotate ? image : image.auto_orient(enabled: false)
      end

      # Saver options are ImageForge::Image#saver's (quality, strip, progressive, lossless, ...);
      # the format follows +path+'s extension unless #convert chose one. An extension that names
      # no format ImageForge writes is refused, as other backends refuse a saver they lack.
      def self.save_image(image, path, **options) = image_to_save(image, path, **options).write(path)

      # The image save_image would write into +path+, not rendered: ActiveStoragePreprocessJob
      # renders several of them from one decode.
      def self.image_to_save(image, path, **options)
        image = image.saver(**ForeignOptions.saver_options(options)) unless options.empty?
        extension = File.extname(path).downcase
        unless extension.empty? || ::ImageForge::Image::EXTENSION_FORMATS.key?(extension)
          image = image.convert(extension.delete_prefix("."))
        end
        image.for_path(path)
      end

      def apply_operation(name, *args, &)
        unless OPERATIONS.include?(name.to_sym)
          raise ::ImageForge::InvalidRecipeError,
                "ImageProcessing::ImageForge has no operation #{name.inspect} (supported: #{OPERATIONS.join(", ")})"
        end

        super
      end

      # A canonical recipe String (ImageForge::Recipe#to_s; never a preset name, whose
      # definition can change under the same name), applied after the operations so far: how
      # ImageForge.preset_transformations hands a preset to ActiveStorage.
      def recipe(canonical) = image.apply(::ImageForge::Recipe.from(canonical.to_s))

      # image_processing's signature and convention (a String overlay is a path, as in its
      # other adapters); the blend modes are libvips' names (see ImageForge::Recipe#composite).
      def composite(overlay, mode: "over", gravity: "north-west", offset: [0, 0], opacity: 1)
        overlay = Pathname(overlay) if overlay.is_a?(String)
        image.composite(overlay, gravity:, offset: offset || [0, 0], opacity:, mode:)
      end
    end
  end
end
