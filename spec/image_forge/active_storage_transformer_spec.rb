# frozen_string_literal: true

require "active_storage"
require "active_storage/transformers/transformer"
require "image_forge/active_storage_transformer"

# ActiveStorageTransformer#image is what ActiveStoragePreprocessJob renders variants from; it
# must be the image ActiveStorage's own #transform writes (spec/rails/named_variants_spec.rb
# checks the same inside Rails 7.2).
RSpec.describe ImageForge::ActiveStorageTransformer, :tmpdir do
  around do |example|
    saved = ActiveStorage.variant_processor
    ActiveStorage.variant_processor = :image_forge # what the app sets; Rails 6.1 defaults to :mini_magick
    example.run
  ensure
    ActiveStorage.variant_processor = saved
  end

  let(:path) { File.join(@tmpdir, "in.jpg").tap { |p| File.binwrite(p, quadrants_jpeg(400, 300)) } }

  def transformed(transformations, format)
    described_class.new(transformations).transform(File.open(path, "rb"), format:) { |output| output.read.b }
  end

  {
    "keywords and saver options" => [{ resize_to_limit: [100, 100], saver: { quality: 60 } }, "webp"],
    "a vips-style saver, to the source format" => [{ resize_to_fill: [50, 50], saver: { Q: 50 } }, "jpg"],
    "a canonical recipe (a preset)" => [{ recipe: "resize_to_fill:64:64,format:png" }, "png"]
  }.each do |what, (transformations, format)|
    it "renders what #transform writes, for #{what}" do
      image = described_class.new(transformations).image(ImageForge::Image.open(path), format:)
      expect(image.to_blob).to eq(transformed(transformations, format))
    end
  end
end
