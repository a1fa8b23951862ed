# frozen_string_literal: true

require "open3"
require "rbconfig"

RSpec.describe "Limits" do
  include HostileFiles # png_claiming, jpeg_claiming

  def render(bytes) = ImageForge::Image.from_blob(bytes).resize_to_limit(100, 100).to_blob

  it "refuses a 65536x65536 PNG header and a 20000x14000 JPEG with little memory" do
    script = <<~RUBY
      require "image_forge"
      [ARGV[0], ARGV[1]].each do |path|
        ImageForge::Image.open(path).resize_to_limit(100, 100).to_blob
      rescue ImageForge::LimitExceededError => e
        puts e.message
      end
      puts File.read("/proc/self/status")[/VmHWM:\\s+(\\d+)/, 1]
    RUBY
    Dir.mktmpdir do |dir|
      File.binwrite(png = File.join(dir, "big.png"), png_claiming(65_536, 65_536))
      File.binwrite(jpeg = File.join(dir, "big.jpg"), jpeg_claiming(20_000, 14_000))
      lib = File.expand_path("../../lib", __dir__)
      out, status = Open3.capture2e(RbConfig.ruby, "-I", lib, "-e", script, png, jpeg)
      expect(status).to be_success, out
      lines = out.lines.map(&:strip)
      expect(lines[0]).to include("4294967296 exceeds the limit of 50000000")
      expect(lines[1]).to include("280000000 exceeds the limit of 50000000")
      expect(Integer(lines[2])).to be < 100 * 1024 # kB
    end
  end

  it "applies configured max_bytes, max_pixels and max_dimension" do
    source = gradient_png(64, 64)
    ImageForge.config.max_bytes = source.bytesize - 1
    expect { render(source) }.to raise_error(ImageForge::LimitExceededError, /byte size/)
    ImageForge.config.max_bytes = 100 * 1024 * 1024
    ImageForge.config.max_dimension = 100
    expect { ImageForge::Image.from_blob(source).resize_to_fit(101, nil).to_blob }
      .to raise_error(ImageForge::LimitExceededError, /dimension 101/)
    ImageForge.config.max_pixels = (64 * 64) - 1
    expect { render(source) }.to raise_error(ImageForge::LimitExceededError, /pixel count 4096/)
  ensure
    ImageForge.config.max_bytes = 100 * 1024 * 1024
    ImageForge.config.max_dimension = 16_383
    ImageForge.config.max_pixels = 50_000_000
  end

  it "bounds upscaling like decoding" do
    expect { ImageForge::Image.from_blob(gradient_png(10, 10)).resize_to_fit(16_000, 16_000).to_blob }
      .to raise_error(ImageForge::LimitExceededError, /256000000 exceeds/)
  end

  it "refuses bad limit settings" do
    expect { ImageForge.config.max_bytes = -1 }.to raise_error(ImageForge::InvalidArgumentError)
    expect { ImageForge.config.max_pixels = 2**64 }.to raise_error(ImageForge::InvalidArgumentError)
  end
end
