# frozen_string_literal: true

require "image_processing/vips"
require "image_processing/image_forge"

# The builder next to ImageProcessing::Vips: the same calls must give the same dimensions.
module BuilderCases
  SOURCES = { landscape: [300, 200], portrait: [200, 300], square: [250, 250] }.freeze

  CALLS = {
    "resize_to_limit" => ->(b) { b.resize_to_limit(120, 120) },
    "resize_to_limit, one side" => ->(b) { b.resize_to_limit(nil, 90) },
    "resize_to_limit, no upscale" => ->(b) { b.resize_to_limit(1000, 1000) },
    "resize_to_fit" => ->(b) { b.resize_to_fit(120, 80) },
    "resize_to_fit, upscales" => ->(b) { b.resize_to_fit(500, 500) },
    "resize_to_fill" => ->(b) { b.resize_to_fill(100, 60) },
    "resize_to_fill with gravity" => ->(b) { b.resize_to_fill(80, 80, crop: :attention) },
    "resize_and_pad" => ->(b) { b.resize_and_pad(150, 100, background: [255, 0, 0]) },
    "resize_and_pad with alpha" => ->(b) { b.resize_and_pad(150, 100, alpha: true).convert("png") },
    "crop" => ->(b) { b.crop(10, 20, 50, 40) },
    "rotate 90" => ->(b) { b.rotate(90) },
    "rotate 30" => ->(b) { b.rotate(30) },
    "convert + saver" => ->(b) { b.convert("webp").saver(quality: 70, strip: true) }
  }.freeze
end

RSpec.describe ImageProcessing::ImageForge, :tmpdir do
  def source(name)
    width, height = BuilderCases::SOURCES.fetch(name)
    File.join(@tmpdir, "#{name}.jpg").tap do |path|
      File.binwrite(path, ImageForge::Image.from_blob(gradient_png(width, height)).convert(:jpeg).to_blob)
    end
  end

  def dimensions(path)
    info = ImageForge::Image.open(path).info
    [info.width, info.height]
  end

  BuilderCases::SOURCES.each_key do |shape|
    BuilderCases::CALLS.each do |name, call|
      it "gives ImageProcessing::Vips' dimensions for #{name} on a #{shape} source" do
        path = source(shape)
        ours = File.join(@tmpdir, "ours.#{ext(name)}")
        theirs = File.join(@tmpdir, "vips.#{ext(name)}")
        call.call(described_class.source(path)).call(destination: ours)
        call.call(ImageProcessing::Vips.source(path)).call(destination: theirs)
        expect(dimensions(ours)).to eq(dimensions(theirs))
        expect(ImageForge::Image.open(ours).info.format).to eq(ImageForge::Image.open(theirs).info.format)
      end
    end
  end

  def ext(name)
    return "png" if name.include?("alpha")

    name.include?("convert") ? "webp" : "jpg"
  end

  it "covers like resize_to_cover: at least the box, aspect kept" do
    result = described_class.source(source(:landscape)).resize_to_cover(100, 100).call
    expect(dimensions(result.path)).to eq([150, 100])
  end

  it "composites an overlay" do
    overlay = File.join(@tmpdir, "o.png").tap { |p| File.binwrite(p, quadrants_png(20, 20)) }
    result = described_class.source(source(:square)).composite(overlay, gravity: "south-east", offset: [5, 5]).call
    expect(dimensions(result.path)).to eq([250, 250])
    expect { described_class.source(source(:square)).composite(overlay, mode: "multiply").call }
      .to raise_error(ImageForge::InvalidRecipeError, /multiply/)
  end

  it "returns a Tempfile with the format's extension, as ActiveStorage expects" do
    result = described_class.source(source(:square)).loader(page: 0).convert("webp").resize_to_limit(50, 50).call
    expect(result).to be_a(Tempfile)
    expect(result.path).to end_with(".webp")
    expect(ImageForge::Image.open(result.path).info.format).to eq(:webp)
  end

  it "raises a clear error for an operation it does not have" do
    expect { described_class.source(source(:square)).smartcrop(10, 10).call }
      .to raise_error(ImageForge::InvalidRecipeError, /no operation :smartcrop/)
    expect { described_class.source(source(:square)).loader(page: 2).call }
      .to raise_error(ImageForge::UnsupportedFormatError)
  end

  it "validates images by their header" do
    expect(described_class.valid_image?(File.open(source(:square)))).to be(true)
    expect(described_class.valid_image?(File.open(__FILE__))).to be(false)
  end
end
