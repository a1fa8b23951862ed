# frozen_string_literal: true

# Loaded up front: Digest's lazy const_missing loading is not thread-safe ("Digest::Base cannot
# be directly inherited") when threads first touch Digest::MD5 at once.
require "digest/md5"
require "digest/sha2"
require_relative "image_forge/version"
require_relative "image_forge/errors"
require_relative "image_forge/native"
require_relative "image_forge/configuration"
require_relative "image_forge/key"
require_relative "image_forge/source"
require_relative "image_forge/info"
require_relative "image_forge/args"
require_relative "image_forge/operations"
require_relative "image_forge/recipe"
require_relative "image_forge/recipe_argument"
require_relative "image_forge/image"
require_relative "image_forge/blob"
require_relative "image_forge/storage"
require_relative "image_forge/storage/local"
require_relative "image_forge/storage/s3"
require_relative "image_forge/instrumentation"
require_relative "image_forge/single_flight"
require_relative "image_forge/originals"
require_relative "image_forge/variant"
require_relative "image_forge/variants"
require_relative "image_forge/preset_transformations"
require_relative "image_forge/render_gate"
require_relative "image_forge/signed_url"
require_relative "image_forge/accept"
require_relative "image_forge/endpoint"
require_relative "image_forge/railtie" if defined?(Rails::Railtie)

# Image uploads and transformations for Ruby apps, rendered in-process by a Rust core.
module ImageForge
  # Loads ActiveJob when first used.
  autoload :VariantJob, "image_forge/variant_job"

  class << self
    # The process-wide configuration.
    def config
      @config ||= Configuration.new
    end

    # Yields the configuration for changes; returns it.
    def configure
      yield config
      config
    end

    # Stores an image (a Pathname or File, an IO, or a String of image bytes; see Source) under
    # +key+ and returns its Blob. The size is checked before anything is read (File.size,
    # IO#size; reading stops past max_bytes otherwise), then the header is probed: anything that
    # is not a readable image within the limits is refused.
    # +variants+: presets to render right after (Blob#variants has each one's Variant or
    # Error), or with +later: true+ in a VariantJob.
    def upload(source, key:, storage: config.storage, variants: [], later: false)
      Originals.own_key!(Key.validate!(key))
      config.presets_named(variants) # a wrong name stores nothing
      bytes = Source.read(source, max_bytes: config.max_bytes)
      info = probe_upload(bytes, source)
      Instrumentation.instrument("upload.image_forge", key:, byte_size: bytes.bytesize,
                                                       content_type: info.content_type) do
        storage.upload(key, bytes, content_type: info.content_type)
      end
      Blob.new(key:, byte_size: bytes.bytesize, content_type: info.content_type,
               width: info.width, height: info.height, format: info.format,
               checksum: Digest::MD5.base64digest(bytes),
               variants: upload_variants(key, bytes, variants, later, storage))
    end

    # The signed path under which ImageForge::Endpoint serves +key+ (or, in Rails, an
    # ActiveStorage attachment or blob, read through its service) through +recipe_or_preset+
    # and/or the +recipe+ keywords (see RecipeArgument):
    # /<signature>/[e:<expiry>/]<canonical recipe>/<key>, after config.endpoint_path.
    # +expires_at+ (a Time) ends its validity; +format+ sets the output format, or :auto for
    # AVIF/WebP/JPEG by the browser's Accept header.
    def url(key, recipe_or_preset = nil, expires_at: nil, format: nil, **recipe)
      SignedUrl.build(Originals.key_for(key), RecipeArgument.resolve(recipe_or_preset, recipe), expires_at:, format:)
    end

    # What a browser needs to upload straight to S3 (PresignedRequest: method, url, headers),
    # with the content type and the exact length bound into the signature. +content_length+ is
    # required and at most +max_bytes+ (default: config.max_bytes; LimitExceededError above it),
    # so the URL cannot take a larger file; +max_bytes: nil+ presigns any or no length.
    # The key is validated here; the bytes are not seen by the app, so probe them (e.g. with
    # +storage.head+ or ImageForge::Image) before trusting the upload.
    def presigned_upload(key:, content_type:, expires_in: 900, content_length: nil, max_bytes: config.max_bytes,
                         storage: config.storage)
      upload_length!(content_length, max_bytes)
      storage.presigned_request(key, method: :put, expires_in:, content_type:, content_length:)
    end

    private

    def upload_length!(length, max_bytes)
      return if max_bytes.nil? && length.nil?

      unless length.is_a?(Integer) && !length.negative?
        raise InvalidArgumentError, "content_length must be the upload's size in bytes (an Integer), got " \
                                    "#{length.inspect}: the URL binds it so that no larger file can be sent"
      end
      return if max_bytes.nil? || length <= max_bytes

      raise LimitExceededError.new("content_length #{length} is over max_bytes (#{max_bytes})", limit: :bytes)
    end

    def probe_upload(bytes, source)
      Info.probe(bytes)
    rescue InvalidImageError => e
      raise unless source.is_a?(String) && source.bytesize <= 4096 && !source.include?("\0")

      # Most likely a file name passed as a String, which is data here (see Source).
      raise InvalidImageError, "#{e.message} (a String is taken as image bytes; pass Pathname(path) for a file)"
    end

    def upload_variants(key, bytes, presets, later, storage)
      return {} if presets.empty?

      if later
        VariantJob.perform_later(key, presets.map(&:to_s))
        return {}
      end
      process_variants(key, *presets, storage:, bytes:)
    end
  end
end
