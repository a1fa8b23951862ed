# frozen_string_literal: true

require "active_support/all"
require "active_storage"
require "active_storage/transformers/transformer"
require "active_storage/transformers/image_processing_transformer"
require "image_processing/image_forge"

# The vips and MiniMagick options apps pass through ActiveStorage variants, run through
# ActiveStorage's own transformer with variant_processor = :image_forge (README's table).
RSpec.describe ImageProcessing::ImageForge::ForeignOptions, :tmpdir do
  around do |example|
    saved = ActiveStorage.variant_processor
    ActiveStorage.variant_processor = :image_forge
    example.run
  ensure
    ActiveStorage.variant_processor = saved
  end

  let(:source) do
    File.join(@tmpdir, "in.jpg").tap { |path| File.binwrite(path, quadrants_jpeg(300, 200)) }
  end

  # The JPEG ActiveStorage stores for +transformations+.
  def variant(transformations)
    ActiveStorage::Transformers::ImageProcessingTransformer.new(transformations)
                                                           .transform(File.open(source), format: "jpg", &:read)
  end

  # The same through ImageForge's own API.
  def forge = ImageForge::Image.open(source).convert(:jpeg)

  let(:limit) { { resize_to_limit: [100, 100] } }
  let(:baseline) { forge.resize_to_limit(100, 100).to_blob }

  it "maps strip: true (metadata is stripped anyway) and quality: / saver Q: to quality" do
    expect(variant(limit.merge(strip: true))).to eq(baseline)
    expected = forge.resize_to_limit(100, 100).saver(quality: 30).to_blob
    expect(expected).not_to eq(baseline)
    expect(variant(limit.merge(quality: 30))).to eq(expected)
    expect(variant(limit.merge(saver: { Q: 30 }))).to eq(expected)
  end

  it "maps interlace: (MiniMagick) and saver interlace: (vips) to a progressive JPEG" do
    expected = forge.resize_to_limit(100, 100).saver(progressive: true).to_blob
    expect(expected).not_to eq(baseline)
    expect(variant(limit.merge(interlace: "Plane"))).to eq(expected)
    expect(variant(limit.merge(saver: { interlace: true }))).to eq(expected)
  end

  it "takes colourspace sRGB as written anyway, grey as grayscale, and refuses the rest" do
    expect(variant(limit.merge(colourspace: "srgb"))).to eq(baseline)
    expect(variant(limit.merge(colorspace: "sRGB"))).to eq(baseline)
    expect(variant(limit.merge(colourspace: "b-w"))).to eq(forge.resize_to_limit(100, 100).grayscale.to_blob)
    expect { variant(limit.merge(colourspace: "cmyk")) }
      .to raise_error(ImageProcessing::ImageForge::InvalidArgumentError,
                      /"cmyk" is not supported: ImageForge writes sRGB/)
  end

  it "maps ImageMagick gravity names and vips' crop: :low / :high in resize_to_fill" do
    west, centre, east = %i[west centre east].map { |g| forge.resize_to_fill(100, 100, gravity: g).to_blob }
    expect([west, centre, east].uniq.size).to eq(3) # a 300x200 source: the crop is horizontal
    expect(variant(resize_to_fill: [100, 100, { gravity: "NorthWest" }])).to eq(west)
    expect(variant(resize_to_fill: [100, 100, { gravity: "Center" }])).to eq(centre)
    expect(variant(resize_to_fill: [100, 100, { crop: :low }])).to eq(west)
    expect(variant(resize_to_fill: [100, 100, { crop: :high }])).to eq(east)
  end

  it "refuses a stand-alone gravity: naming the resize keyword instead" do
    expect { variant(gravity: "North", resize_to_fill: [100, 100]) }
      .to raise_error(ImageProcessing::ImageForge::InvalidArgumentError,
                      /resize_to_fill: \[w, h, \{ gravity: "north" \}\]/)
  end

  it "takes sharpen: false (ImageForge never sharpens a resize); ActiveStorage drops a top-level false" do
    expect(variant(resize_to_limit: [100, 100, { sharpen: false }])).to eq(baseline)
    expect(variant(limit.merge(sharpen: false))).to eq(baseline)
    expect { variant(resize_to_limit: [100, 100, { sharpen: { sigma: 1 } }]) }
      .to raise_error(ImageProcessing::ImageForge::InvalidArgumentError, /sharpen: .* is not supported \(only false/)
  end
end
