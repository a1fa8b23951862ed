# frozen_string_literal: true

require "json"
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
        oracle(call, path, theirs)
        expect(dimensions(ours)).to eq(dimensions(theirs))
        expect(ImageForge::Image.open(ours).info.format).to eq(ImageForge::Image.open(theirs).info.format)
      end
    end
  end

  # ruby-vips 2.1 (the only one Debian packages) calls vips_addalpha with the signature it had
  # before libvips 8.16 made it an operation, so on Debian 13 the oracle itself fails there.
  def oracle(call, path, destination)
    call.call(ImageProcessing::Vips.source(path)).call(destination:)
  rescue Vips::Error => e
    failure = e.message[/addalpha: no property named.*/]
    raise unless failure

    skip "the oracle fails: ruby-vips #{Vips::VERSION} on libvips #{Vips.version_string} (#{failure})"
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
    expect { described_class.source(source(:square)).composite(overlay, mode: "burn").call }
      .to raise_error(ImageProcessing::ImageForge::InvalidArgumentError, /burn/)
  end

  it "returns a Tempfile with the format's extension, as ActiveStorage expects" do
    result = described_class.source(source(:square)).loader(page: 0).convert("webp").resize_to_limit(50, 50).call
    expect(result).to be_a(Tempfile)
    expect(result.path).to end_with(".webp")
    expect(ImageForge::Image.open(result.path).info.format).to eq(:webp)
  end

  it "raises a clear error for an operation it does not have" do
    expect { described_class.source(source(:square)).smartcrop(10, 10).call }
      .to raise_error(ImageProcessing::ImageForge::InvalidArgumentError, /no operation :smartcrop/)
    expect { described_class.source(source(:square)).loader(page: 2).call }
      .to raise_error(ImageForge::UnsupportedFormatError)
  end

  it "validates images by their header" do
    expect(described_class.valid_image?(File.open(source(:square)))).to be(true)
    expect(described_class.valid_image?(File.open(__FILE__))).to be(false)
  end

  it "raises what ImageForge refuses as an ImageProcessing::Error, with ImageForge's error as the cause" do
    pipeline = described_class.source(source(:square))
    calls = [-> { pipeline.resize_to_limit!(nil, nil) }, -> { pipeline.resize_to_fit!(nil, nil) },
             -> { pipeline.composite!(source(:landscape), gravity: "foo") }, -> { pipeline.smartcrop!(1) },
             -> { pipeline.loader(shrink: 2).call }, -> { pipeline.convert!("foo") }]
    errors = calls.map do |call|
      call.call
    rescue ImageProcessing::Error => e
      e
    end
    expect(errors).to all(be_a(described_class::InvalidArgumentError))
    expect(errors.map(&:cause)).to all(be_a(ImageForge::InvalidArgumentError))
    expect(errors.map(&:message)).to match([/resize_to_limit needs a width or a height/, /resize_to_fit needs a/,
                                            /unknown gravity "foo"/, /no operation :smartcrop/,
                                            /unsupported loader option\(s\): shrink/, /unknown output format "foo"/])
  end

  it "honours loader(fail: true): a truncated JPEG or PNG raises, never decodes partially; fail: false is refused" do
    jpeg = File.binread(source(:portrait))
    png = ImageForge::Image.from_blob(jpeg).convert(:png).to_blob
    { "cut.jpg" => jpeg, "cut.png" => png }.each do |name, bytes|
      path = File.join(@tmpdir, name).tap { |p| File.binwrite(p, bytes[0, bytes.bytesize * 2 / 3]) }
      [{}, { fail: true }].each do |loader|
        expect { described_class.source(path).loader(**loader).resize_to_limit!(100, 100) }
          .to raise_error(ImageForge::InvalidImageError, /Premature end of JPEG file|unexpected end of file/)
      end
    end
    expect(dimensions(described_class.source(source(:portrait)).loader(fail: true).resize_to_limit!(100, 100).path))
      .to eq([67, 100])
    expect { described_class.source(source(:portrait)).loader(fail: false).call }
      .to raise_error(described_class::InvalidArgumentError, /never decodes them partially/)
  end

  it "keeps the stored orientation with autorot: false or vips 8.15's autorotate: false" do
    path = File.join(@tmpdir, "sideways.jpg")
    File.binwrite(path, with_exif_orientation(File.binread(source(:landscape)), 6))
    expect(dimensions(described_class.source(path).call.path)).to eq([200, 300])
    expect(dimensions(described_class.source(path).loader(autorot: false).call.path)).to eq([300, 200])
    expect(dimensions(described_class.source(path).loader(autorotate: false).call.path)).to eq([300, 200])
  end

  it "takes a Vips::Image source, as ImageProcessing::Vips does, orientation applied unless autorot: false" do
    path = File.join(@tmpdir, "sideways.jpg")
    File.binwrite(path, with_exif_orientation(File.binread(source(:landscape)), 6))
    vips = Vips::Image.new_from_file(path)
    expect(dimensions(described_class.source(vips).resize_to_limit!(150, 150).path)).to eq([100, 150])
    expect(dimensions(described_class.source(vips).loader(autorot: false).call.path)).to eq([300, 200])
  end
end

# The adapter in a process of its own with image_processing 1.10 (Debian's) or 2.0.2 (the peer
# copy beside the project), and ruby-vips and mini_magick made unloadable: 2.x made them soft
# dependencies, so an app may have neither.
RSpec.describe "ImageProcessing::ImageForge without ruby-vips or mini_magick", :tmpdir do
  peer = ENV.fetch("IMAGE_FORGE_PEERS", File.expand_path("../../../shared/peers", __dir__))
  hidden = File.expand_path("../rails_app/without_image_libraries", __dir__)
  {
    "1.10 (installed)" => [],
    "2.0.2" => ["-I", File.join(peer, "image_processing-2.0.2/lib")]
  }.each do |version, load_path|
    it "renders with image_processing #{version}" do
      skip "no image_processing 2.0.2 at #{peer}" if load_path.any? && !File.directory?(load_path.last)
      path = File.join(@tmpdir, "in.png").tap { |p| File.binwrite(p, gradient_png(300, 200)) }
      script = <<~RUBY
        require "json"
        require "image_processing/image_forge"
        out = ImageProcessing::ImageForge.source(ARGV[0]).resize_to_limit(150, 150).convert("webp").call
        info = ImageForge::Image.open(out.path).info
        puts JSON.generate([ImageProcessing::VERSION, info.format, info.width, info.height, defined?(Vips),
                            defined?(MiniMagick)])
      RUBY
      out, status = Open3.capture2e(RbConfig.ruby, *load_path, "-I", File.expand_path("../../lib", __dir__),
                                    "-I", hidden, "-e", script, path)
      expect(status.success?).to be(true), out
      loaded, *rest = JSON.parse(out.lines.last)
      expect(loaded).to start_with(version[/\A\d+\.\d+/])
      expect(rest).to eq(["webp", 150, 100, nil, nil])
    end
  end
end
