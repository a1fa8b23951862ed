# frozen_string_literal: true

module ImageForge
  # ActiveStorage analyzer: width and height as displayed (EXIF orientation applied), read
  # from the image header without decoding pixels and without libvips or ImageMagick.
  # The Railtie puts it first in config.active_storage.analyzers.
  class ActiveStorageAnalyzer < ::ActiveStorage::Analyzer
    def self.accept?(blob)
      blob.image?
    end

    def metadata
      download_blob_to_tempfile do |file|
        info = ImageForge::Image.open(file.path).info
        { width: info.width, height: info.height }
      end
    rescue ImageForge::Error => e
      logger.info "Skipping image analysis because ImageForge cannot read the file: #{e.message}"
      {}
    end
  end
end
