# frozen_string_literal: true

require_relative "active_storage_transformer"

module ImageForge
  # Renders the preprocessed named variants of one ActiveStorage blob (enqueued by
  # ActiveStoragePreprocess): one download, one decode (Image#to_blobs), and each variant stored
  # as ActiveStorage stores it (a VariantRecord when track_variants is on; the same key and
  # variation digest), so `attachment.variant(:thumb).processed` finds it without rendering.
  # Variants already stored are skipped. The operations map to ImageForge as in ActiveStorage's
  # own transformer (ActiveStorageTransformer#image). Fails, so the backend retries, when one
  # variant failed; the others are stored first.
  class ActiveStoragePreprocessJob < ::ActiveStorage::BaseJob
    queue_as { ::ActiveStorage.queues[:transform] }

    # What ActiveStorage::TransformJob discards and retries.
    discard_on ::ActiveRecord::RecordNotFound
    retry_on ::ActiveStorage::IntegrityError, attempts: 10, wait: :polynomially_longer

    def perform(blob, transformations)
      missing = transformations.map { |t| blob.variant(t) }.reject { |variant| stored?(blob, variant) }
      return if missing.empty?

      failed, rendered = missing.zip(blob.open { |file| render(file, missing) })
                                .partition { |_, result| result.is_a?(Exception) }
      rendered.each { |variant, bytes| store(blob, variant, bytes) }
      return if failed.empty?

      reasons = failed.map { |variant, e| "#{variant.variation.transformations.inspect}: #{e.message.inspect}" }
      raise Error, "preprocessed variants of blob #{blob.key} failed: #{reasons.join("; ")}"
    end

    private

    # One entry per variant: its bytes, or the error its transformations or its render ran into.
    def render(file, variants)
      source = Image.open(file.path)
      images = variants.map do |variant|
        transformer = ActiveStorageTransformer.new(variant.variation.transformations.except(:format))
        transformer.image(source, format: variant.variation.format)
      rescue Error, ImageProcessing::Error => e
        e
      end
      renderable = images.grep(Image)
      blobs = (renderable.empty? ? [] : source.to_blobs(renderable.map(&:recipe))).each
      images.map { |image| image.is_a?(Image) ? blobs.next : image }
    end

    def stored?(blob, variant)
      return variant.image.present? if variant.is_a?(::ActiveStorage::VariantWithRecord)

      blob.service.exist?(variant.key)
    end

    # As ActiveStorage::Variant#process and VariantWithRecord#process store a transformed file.
    def store(blob, variant, bytes)
      io = StringIO.new(bytes)
      return blob.service.upload(variant.key, io, content_type: variant.content_type) unless
        variant.is_a?(::ActiveStorage::VariantWithRecord)

      ::ActiveRecord::Base.connected_to(role: ::ActiveRecord.writing_role) do
        blob.variant_records.create_or_find_by!(variation_digest: variant.variation.digest) do |record|
          record.image.attach(io:, filename: variant.filename.to_s, content_type: variant.content_type,
                              service_name: blob.service.name)
        end
      end
    end
  end
end
