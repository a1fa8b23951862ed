# frozen_string_literal: true

require "image_processing/image_forge"

# Presets declared once, used as ActiveStorage named variants (spec/rails/named_variants_spec.rb
# declares one in a Rails 7.2 app).
RSpec.describe "ImageForge.preset_transformations", :tmpdir do
  around do |example|
    saved = ImageForge.config.presets
    ImageForge.config.presets = { thumb: { resize_to_fill: [64, 64], format: :webp },
                                  large: "resize_to_limit:800:800,quality:70" }
    example.run
  ensure
    ImageForge.config.presets = saved
  end

  let(:path) { File.join(@tmpdir, "in.jpg").tap { |p| File.binwrite(p, quadrants_jpeg(400, 300)) } }

  it "passes the canonical recipe, and the format ActiveStorage needs for the content type" do
    expect(ImageForge.preset_transformations(:thumb)).to eq(recipe: "resize_to_fill:64:64,format:webp", format: :webp)
    expect(ImageForge.preset_transformations("large")).to eq(recipe: "resize_to_limit:800:800,quality:70")
    expect { ImageForge.preset_transformations(:nope) }
      .to raise_error(ImageForge::InvalidArgumentError, /unknown preset :nope \(configured: thumb, large\)/)
  end

  it "renders through ImageProcessing::ImageForge as the preset renders" do
    transformations = ImageForge.preset_transformations(:thumb)
    # ActiveStorage's chain: the format goes to convert, the rest to apply.
    written = ImageProcessing::ImageForge.source(path).loader(page: 0).convert(transformations[:format])
                                         .apply(transformations.except(:format)).call
    expect(written.read.b).to eq(ImageForge::Image.open(path).apply(:thumb).to_blob)
  end

  it "takes canonical recipes only in the recipe operation, never a preset name" do
    expect { ImageProcessing::ImageForge.source(path).recipe("thumb").call }
      .to raise_error(ImageProcessing::ImageForge::InvalidArgumentError, /unknown operation "thumb"/)
  end
end
