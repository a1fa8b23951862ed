# frozen_string_literal: true

require "vips"
require_relative "../../bench/ops"
require_relative "../../bench/quality"

# The float references the per-operation table scores against: each must compute the
# operation it names, or the table's quality column means nothing.
RSpec.describe Bench::References, :tmpdir do
  let(:photo) do
    path = File.join(@tmpdir, "photo.png")
    noise = ->(cell) { (Vips::Image.perlin(240, 160, cell_size: cell) + 1) * 127.5 }
    noise.call(16).bandjoin([noise.call(7), noise.call(31)]).cast(:uchar).pngsave(path)
    path
  end
  let(:sources) { Bench::Ops::Sources.new(photo, nil) }
  let(:source) { Vips::Image.new_from_file(photo) }

  def psnr(reference, image) = Bench::Quality.psnr(reference.cast(:float).rint, image)

  it "rotates by 0 and 90 degrees to the source and its quarter turn" do
    expect(psnr(described_class.rotate(0).call(sources, source), source)).to eq(Float::INFINITY)
    turned = source.rot90
    expect(psnr(described_class.rotate(90).call(sources, turned), turned)).to eq(Float::INFINITY)
  end

  def flat(name, rgb)
    path = File.join(@tmpdir, "#{name}.png")
    (Vips::Image.black(4, 4, bands: 3) + rgb).cast(:uchar).pngsave(path)
    Bench::Ops::Sources.new(path, nil)
  end

  it "takes Rec. 709 luminance in linear light for grayscale" do
    gray = described_class.grayscale.call(sources, source)
    expect(gray.bands).to eq(1)
    expect(psnr(gray, source.colourspace(:b_w))).to be > 40 # libvips' b_w is within a level
    # 0.2126 * 0.1022 + 0.7152 * 0.5776 + 0.0722 * 0.1022 = 0.4422 linear: 177.5 in sRGB.
    expect(described_class.grayscale.call(flat("green", [90, 200, 90]), nil).avg).to be_within(0.5).of(177.5)
  end

  it "modulates in HSL: identity, full desaturation, and a hue turn of red to green" do
    expect(psnr(described_class.hsl_modulate(1, 1, 0).call(sources, source), source)).to be > 50
    gray = described_class.hsl_modulate(1, 0, 0).call(sources, source)
    expect((gray[0] - gray[1]).abs.max + (gray[1] - gray[2]).abs.max).to be < 1e-6
    expect(described_class.hsl_modulate(1, 1, 120).call(flat("red", [255, 0, 0]), nil).getpoint(1, 1).map(&:round))
      .to eq([0, 255, 0])
  end

  it "finds the window a crop was cut at" do
    cut = source.crop(37, 0, 150, 160)
    expect(described_class.window(sources, cut)).to eq([37, 0])
    expect(psnr(described_class.own_window.call(sources, cut), cut)).to eq(Float::INFINITY)
    cut = source.crop(0, 21, 240, 100)
    expect(described_class.window(sources, cut)).to eq([0, 21])
  end

  it "sharpens a flat image to itself and steepens an edge" do
    edge = File.join(@tmpdir, "edge.png")
    (Vips::Image.black(40, 10, bands: 3).insert(Vips::Image.black(20, 10, bands: 3) + 200, 20, 0) + 50)
      .cast(:uchar).pngsave(edge)
    sharpened = described_class.unsharp(1).call(Bench::Ops::Sources.new(edge, nil), nil)
    expect(sharpened.getpoint(19, 5).first).to be < 50
    expect(sharpened.getpoint(20, 5).first).to be > 250
    expect(sharpened.getpoint(5, 5).first).to be_within(0.01).of(50)
  end
end
