# frozen_string_literal: true

require "image_processing/image_forge"

module ImageForge
  # ActiveStorage's image_processing transformer with ImageProcessing::ImageForge as the
  # processor. Rails 8.1 takes it through ActiveStorage.variant_transformer (the Railtie sets
  # it), Rails 8.2 as `config.active_storage.variant_processor = ImageForge::ActiveStorageTransformer`.
  # Rails 6.1 to 8.0 find ImageProcessing::ImageForge by name and do not need it.
  class ActiveStorageTransformer < ::ActiveStorage::Transformers::ImageProcessingTransformer
    # The ImageForge::Image that #transform writes for +source+ (an ImageForge::Image) in
    # +format+, not rendered: the chain of ActiveStorage's #process (same loader, operations,
    # saver and output format), so that several variants can render from one decode.
    def image(source, format:)
      pipeline = ImageProcessing::Pipeline.new(
        processor.source(source).loader(page: 0).convert(format).apply(operations).options
      )
      processor::Processor.image_to_save(pipeline.call(save: false), "variant.#{pipeline.destination_format}",
                                         **pipeline.saver)
    end

    private

    def processor
      ImageProcessing::ImageForge
    end
  end
end
