# frozen_string_literal: true

require_relative "active_storage_preprocess_job"

module ImageForge
  # Prepended to ActiveStorage::Attachment on Rails 7.1+ (the Railtie does it). ActiveStorage
  # enqueues one TransformJob per preprocessed named variant of a new attachment, and each
  # downloads and decodes the original; with variant_processor :image_forge, one
  # ActiveStoragePreprocessJob renders them all from one download and one decode instead.
  module ActiveStoragePreprocess
    private

    # Attachment's after_create_commit hook. Previews (PDFs, videos) and other processors keep
    # ActiveStorage's own path.
    def transform_variants_later
      return super unless ::ActiveStorage.variant_processor.to_s == "image_forge" && blob.variable? &&
                          !blob.previewable?

      preprocessed = named_variants.values.select { |variant| variant.preprocessed?(record) }
      ActiveStoragePreprocessJob.perform_later(blob, preprocessed.map(&:transformations)) if preprocessed.any?
    end
  end
end
