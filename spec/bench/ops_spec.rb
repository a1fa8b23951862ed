# frozen_string_literal: true

require "vips"
require_relative "../../bench/ops"
require_relative "../../bench/quality"

RSpec.describe Bench::Ops, :tmpdir do
  let(:sources) do
    overlay = File.join(@tmpdir, "overlay.png")
    Vips::Image.black(60, 40, bands: 4).pngsave(overlay)
    Bench::Ops::Sources.new(File.join(@tmpdir, "photo.jpg"), overlay)
  end

  it "gives every op a recipe ImageForge accepts, with the saver of its format" do
    recipes = described_class::TABLE.transform_values { |op| op.recipe(sources).to_s }
    expect(recipes).to include("blur(20)" => "blur:20,quality:80", "flip" => "flip,quality:80",
                               "rotate 90°" => "rotate:90,quality:80",
                               "AVIF 720" => "resize_to_limit:720:720,format:avif,quality:46,speed:8")
    expect(recipes.fetch("composite")).to match(/\Acomposite:\h{16}:north-west:100:100:1,quality:80\z/)
  end

  it "gives every libvips call the output ImageForge's recipe asks for" do
    Vips::Image.black(3000, 2000, bands: 3).jpegsave(sources.src)
    sizes = described_class::TABLE.transform_values { |op| op.vips.call(sources).then { |i| [i.width, i.height] } }
    expect(sizes).to include("crop" => [2000, 1200], "pad to 3000x3000" => [3000, 3000],
                             "smart crop 2000x2000" => [2000, 2000], "rotate 90°" => [2000, 3000],
                             "PNG 720" => [720, 480], "blur(2)" => [3000, 2000])
  end

  it "selects ops by words in their names" do
    expect(described_class.named("blur,crop").map(&:name)).to eq(["blur(2)", "blur(20)", "smart crop 2000x2000",
                                                                  "crop"])
    expect(described_class.named("all").size).to eq(described_class::TABLE.size)
    expect(described_class.named("none")).to be_empty
    expect { described_class.named("blurr") }.to raise_error(SystemExit).and output(/no op named like blurr/).to_stderr
  end
end

RSpec.describe Bench::Quality do
  it "scores a one-band image against each band of a three-band one" do
    gray = Vips::Image.black(8, 8) + 100
    expect(described_class.psnr(gray.bandjoin([gray, gray]), gray)).to eq(Float::INFINITY)
    expect(described_class.psnr(gray, gray + 1)).to be_within(0.01).of(48.13)
  end
end
