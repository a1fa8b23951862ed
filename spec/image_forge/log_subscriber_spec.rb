# frozen_string_literal: true

require "logger"
require "stringio"
require "image_forge/log_subscriber"

# ImageForge::LogSubscriber without Rails, attached by hand; spec/rails/log_subscriber_spec.rb
# reads its lines in a Rails app's log.
RSpec.describe ImageForge::LogSubscriber, :tmpdir do
  let(:log) { StringIO.new }

  around do |example|
    saved = ImageForge.config.logger
    ImageForge.config.logger = Logger.new(log)
    described_class.attach_to :image_forge
    example.run
  ensure
    described_class.detach_from :image_forge
    ImageForge.config.logger = saved
  end

  def lines = log.string.gsub(/\e\[\d+m/, "").lines(chomp: true)

  it "logs an upload, a render and a variant with their durations, the key quoted" do
    key = "photos/forged\nE, [2026-01-01] ERROR -- : x.png"
    quoted = Regexp.escape(key.inspect)
    storage = ImageForge::Storage::Local.new(root: File.join(@tmpdir, "store"))
    png = quadrants_png(64, 48)
    ImageForge.upload(png, key:, storage:, variants: [])
    ImageForge.process_variants(key, storage:, a: { resize_to_limit: [8, 8], format: :png })
    prefix = /\AI, .* INFO -- :   ImageForge \(\d+\.\dms\) /
    expect(lines).to match(
      [%r{#{prefix}Uploaded #{quoted} \(image/png, #{png.bytesize} bytes\)\z},
       /#{prefix}Rendered #{quoted} \(#{png.bytesize} bytes\) to png 8x6 \(\d+ bytes\)\z/,
       %r{#{prefix}Variant processed "variants/.+\.png" of #{quoted} resize_to_limit:8:8,format:png \(miss\)\z}]
    )
  end

  it "logs a failed render as a warning with the error quoted" do
    not_png = "\x89PNG\r\n\x1A\nnot a png"
    expect { ImageForge::Image.from_blob(not_png).to_blob }.to raise_error(ImageForge::InvalidImageError)
    expect(lines.size).to eq(1)
    expect(lines.first).to match(/\AW, .* WARN -- :   ImageForge \(\d+\.\dms\) /)
      .and include('Rendered (17 bytes) failed: ImageForge::InvalidImageError: "invalid image: ')
  end

  it "writes nothing without a logger" do
    ImageForge.config.logger = nil
    expect { ImageForge::Image.from_blob(quadrants_png).to_blob }.not_to raise_error
    expect(log.string).to eq("")
  end
end
