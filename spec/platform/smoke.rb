# frozen_string_literal: true

# Run by bin/test-platform-gem in Debian roots that hold Ruby and no toolchain, from outside the
# checkout, on the installed platform gem: checks which extension loaded, renders every input
# format to every output format, then makes one S3 round trip against the test server
# (IMAGE_FORGE_TEST_S3_*). Prints a line per check; exits non-zero at the first failure.
require "image_forge"
require "image_forge/samples"
require "securerandom"

WIDTH = 64
HEIGHT = 48
OUTPUTS = %i[jpeg png webp avif gif].freeze

def check(label)
  puts "ok   #{label}: #{yield}"
rescue StandardError, ScriptError => e
  abort "FAIL #{label}: #{e.class}: #{e.message}"
end

def pixel(x, y) = [x * 4, y * 5, (x + y) % 256]

# 24-bit BMP: bottom-up rows of BGR, each padded to 4 bytes.
def bmp
  rows = (HEIGHT - 1).downto(0).map do |y|
    Array.new(WIDTH) { |x| pixel(x, y).reverse }.flatten.pack("C*").ljust(((WIDTH * 3) + 3) & ~3, "\0")
  end
  data = rows.join
  ["BM", 54 + data.bytesize, 0, 54, 40, WIDTH, HEIGHT, 1, 24, 0, data.bytesize, 2835, 2835, 0, 0]
    .pack("a2VVVVl<l<vvVVl<l<VV") + data
end

# Baseline RGB TIFF: one uncompressed strip, then the IFD (SHORT values in the first 2 bytes).
def tiff
  data = Array.new(HEIGHT) { |y| Array.new(WIDTH) { |x| pixel(x, y) } }.flatten.pack("C*")
  entries = [[256, 4, WIDTH], [257, 4, HEIGHT], [258, 3, 8], [259, 3, 1], [262, 3, 2], [273, 4, 8],
             [277, 3, 3], [278, 4, HEIGHT], [279, 4, data.bytesize]]
  ifd = [entries.size].pack("v") + entries.map do |tag, type, value|
    type == 3 ? [tag, type, 1, value, 0].pack("vvVvv") : [tag, type, 1, value].pack("vvVV")
  end.join + "\0\0\0\0".b
  "II*\0".b + [8 + data.bytesize].pack("V") + data + ifd
end

def inputs
  png = ImageForge::Samples.draw_png(WIDTH, HEIGHT, 3) { |x, y| pixel(x, y) }
  converted = %i[jpeg webp gif].to_h { |format| [format, ImageForge::Image.from_blob(png).convert(format).to_blob] }
  { png:, **converted, bmp:, tiff: }
end

# Format and size of an output; AVIF, which ImageForge writes but cannot read, from its ispe box.
def probe(bytes)
  if bytes.byteslice(4, 8) == "ftypavif"
    ispe = bytes.index("ispe".b) or return [:unknown]
    return [:avif, *bytes.byteslice(ispe + 8, 8).unpack("NN")]
  end
  info = ImageForge::Image.from_blob(bytes).info
  [info.format, info.width, info.height]
end

check("extension") do
  so = $LOADED_FEATURES.grep(/image_forge\.so\z/).first.to_s
  minor = RUBY_VERSION[/\A\d+\.\d+/]
  raise "loaded #{so.inspect}, not the gem's #{minor}/image_forge.so" unless so.start_with?(Gem.dir) &&
                                                                             so.end_with?("/#{minor}/image_forge.so")

  "Ruby #{RUBY_VERSION} loaded #{so}"
end

def render(bytes, output) = ImageForge::Image.from_blob(bytes).resize_to_limit(40, 40).convert(output).to_blob

# The lossless inputs hold the same pixels, so their PNG renders are the same bytes.
lossless_png = nil
inputs.each do |input, bytes|
  check("#{input} (#{bytes.bytesize} bytes) -> #{OUTPUTS.join(", ")}") do
    raise "#{input} probed as #{ImageForge::Image.from_blob(bytes).info.format}" unless
      ImageForge::Image.from_blob(bytes).info.format == input

    OUTPUTS.map do |output|
      out = render(bytes, output)
      got = probe(out)
      raise "#{output}: got #{got}" unless got == [output, 40, 30]
      raise "its PNG render differs from the PNG input's" if output == :png && %i[png bmp tiff].include?(input) &&
                                                             out != (lossless_png ||= out)

      out.bytesize
    end.join(", ")
  end
end

check("S3 round trip (#{ENV.fetch("IMAGE_FORGE_TEST_S3_ENDPOINT")})") do
  store = ImageForge::Storage::S3.new(
    bucket: ENV.fetch("IMAGE_FORGE_TEST_S3_BUCKET"), endpoint: ENV.fetch("IMAGE_FORGE_TEST_S3_ENDPOINT"),
    force_path_style: true, region: "us-east-1", prefix: "platform-#{SecureRandom.hex(6)}",
    access_key_id: ENV.fetch("IMAGE_FORGE_TEST_S3_ACCESS_KEY"),
    secret_access_key: ENV.fetch("IMAGE_FORGE_TEST_S3_SECRET_KEY")
  )
  original = inputs.fetch(:jpeg)
  store.upload("in.jpg", original)
  back = store.download("in.jpg")
  raise "downloaded #{back.bytesize} bytes, uploaded #{original.bytesize}" unless back == original

  thumb = ImageForge::Image.from_blob(back).resize_to_fill(20, 20).convert(:webp).to_blob
  store.upload("thumb.webp", thumb)
  raise "thumb.webp differs" unless store.download("thumb.webp") == thumb

  store.delete("in.jpg")
  store.delete("thumb.webp")
  "#{original.bytesize} + #{thumb.bytesize} bytes up and down"
end
