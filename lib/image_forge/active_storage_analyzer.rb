# frozen_string_literal: true

module ImageForge
  # ActiveStorage analyzer: width and height as displayed (EXIF orientation applied), read
  # from the image header without decoding pixels and without libvips or ImageMagick.
  # The Railtie puts it first in config.active_storage.analyzers.
  #
  # An image ImageForge will not render (over max_pixels, or a render of it over max_memory)
  # keeps its width and height, so validations on dimensions still see them, and gets
  # +image_forge_refused+: the name of the limit ("pixels", "memory", "bytes", "scans"). Files
  # over max_bytes or with too many JPEG scans are not probed (only the reason); files that are
  # not readable images get {}.
  class ActiveStorageAnalyzer < ::ActiveStorage::Analyzer
    # max_pixels and max_memory for reading the header of a refused image: a probe decodes no
    # pixel, so these limits only decide whether a render would be refused.
    HEADER_ONLY = (2**64) - 1 # the largest limit the engine takes

    def self.accept?(blob)
      blob.image?
    end

    def metadata
      download_blob_to_tempfile do |file|
        bytes = Source.read(Pathname(file.path), max_bytes: ImageForge.config.max_bytes)
        dimensions(Info.probe(bytes))
      rescue LimitExceededError => e
        refused(e, bytes)
      end
    rescue ImageForge::Error => e
      logger.info "Skipping image analysis because ImageForge cannot read the file: #{e.message.inspect}"
      {}
    end

    private

    def dimensions(info) = { width: info.width, height: info.height }

    def refused(error, bytes)
      logger.info "ImageForge refuses to render this image: #{error.message.inspect}"
      reason = { image_forge_refused: (error.limit || :limit).to_s }
      return reason unless bytes

      config = ImageForge.config
      limits = [HEADER_ONLY, config.max_bytes, config.max_dimension, HEADER_ONLY]
      dimensions(Info.probe(bytes, limits:)).merge(reason)
    rescue ImageForge::Error
      reason
    end
  end
end
