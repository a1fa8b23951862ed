# frozen_string_literal: true

require_relative "hostile_files"
require_relative "limit_busting_files"

# Files an attacker can upload, built here byte by byte: decompression bombs, lying headers,
# cut and corrupt files, polyglots. Each comes with the outcome ImageForge must give: the
# ImageForge::Error subclass it raises, or :ok (rendered, nothing of the payload kept).
# Loaded by spec/hostile/hostile_inputs_spec.rb.
module HostileInputs
  extend HostileFiles
  extend LimitBustingFiles

  Case = Struct.new(:name, :bytes, :outcome, keyword_init: true)
  PAYLOAD = "<script>alert(document.cookie)</script>"
  # The memory budget the hostile runs use (API and endpoint): renders stay under it, so peak
  # RSS stays under 200 MB whatever the file (a 49 MP 16-bit PNG took 597 MB before it).
  MAX_MEMORY = 160 << 20

  module_function

  def all
    bombs + lying_headers + broken + disguised + past_the_limits
  end

  # Files that got past the limits before round 2 of the hostile-input work: codec streams
  # larger than their container, and files whose decode needs several times max_pixels'
  # bytes (refused by MAX_MEMORY).
  def past_the_limits
    huge_jpeg = jpeg_resized_header(16_384, 16_384)
    [
      Case.new(name: "TIFF 16x16 whose JPEG strip claims 16384x16384",
               bytes: tiff_jpeg_strips(16, 16, huge_jpeg), outcome: ImageForge::InvalidImageError),
      Case.new(name: "TIFF of 8 JPEG strips sharing one 16384x16384 stream",
               bytes: tiff_jpeg_strips(16, 16, huge_jpeg, strips: 8), outcome: ImageForge::InvalidImageError),
      Case.new(name: "GIF 1x1 screen with an 11500x11500 first frame", bytes: gif_frame_past_screen(11_500),
               outcome: ImageForge::InvalidImageError),
      Case.new(name: "16-bit RGBA PNG of 49 MP", bytes: png16_rgba_bomb(7000, 7000),
               outcome: ImageForge::LimitExceededError),
      Case.new(name: "progressive 4:4:4 JPEG of 49 MP", bytes: progressive_444_jpeg(7000, 7000),
               outcome: ImageForge::LimitExceededError)
    ]
  end

  def bombs
    [
      Case.new(name: "PNG 100000x100000 in 70 bytes", bytes: png_claiming(100_000, 100_000),
               outcome: ImageForge::LimitExceededError),
      Case.new(name: "PNG of 64 MP zeros deflated", bytes: png_zero_bomb(8000, 8000),
               outcome: ImageForge::LimitExceededError),
      Case.new(name: "PNG iCCP chunk inflating to 256 MB", bytes: png_iccp_bomb(256), outcome: :ok),
      Case.new(name: "JPEG 65500x65500 header", bytes: jpeg_claiming(65_500, 65_500),
               outcome: ImageForge::LimitExceededError),
      Case.new(name: "progressive JPEG with 5000 scans", bytes: jpeg_scan_bomb(5000),
               outcome: ImageForge::LimitExceededError),
      Case.new(name: "PNG of 49 MP zeros (at the pixel limit)", bytes: png_zero_bomb(7000, 7000), outcome: :ok),
      Case.new(name: "WebP 16384x16384 header", bytes: webp_claiming_max, outcome: ImageForge::LimitExceededError),
      Case.new(name: "GIF 65535x65535 screen", bytes: gif_claiming(65_535, 65_535),
               outcome: ImageForge::LimitExceededError),
      Case.new(name: "GIF with 50000 frames", bytes: gif_frames(50_000), outcome: :ok),
      Case.new(name: "BMP 40000x40000 header", bytes: bmp_claiming(40_000, 40_000),
               outcome: ImageForge::LimitExceededError),
      Case.new(name: "TIFF claiming 60000x60000", bytes: tiff_rgb(4, 4, claimed: [60_000, 60_000], compression: 8),
               outcome: ImageForge::LimitExceededError)
    ]
  end

  def lying_headers
    [
      Case.new(name: "JPEG whose EXIF IFD points at itself", bytes: jpeg_exif_loop, outcome: :ok),
      Case.new(name: "TIFF strip shorter than its size", bytes: tiff_rgb(32, 32).byteslice(0, 200) +
        tiff_rgb(32, 32).byteslice(-(2 + (9 * 12) + 4)..), outcome: ImageForge::InvalidImageError)
    ]
  end

  def broken
    sources = { "JPEG" => jpeg(256, 256), "PNG" => png(256, 256), "WebP" => webp, "GIF" => gif_frames(3),
                "BMP" => bmp(16, 16), "TIFF" => tiff_rgb(32, 32) }
    cut = sources.map do |format, bytes|
      Case.new(name: "#{format} cut in half", bytes: bytes.byteslice(0, bytes.bytesize / 2),
               outcome: ImageForge::InvalidImageError)
    end
    cut + [
      Case.new(name: "zero bytes", bytes: "".b, outcome: ImageForge::InvalidImageError),
      Case.new(name: "PNG signature only", bytes: ImageForge::Samples::PNG_SIGNATURE,
               outcome: ImageForge::InvalidImageError),
      Case.new(name: "PNG with a corrupt IDAT", bytes: corrupt_png, outcome: ImageForge::InvalidImageError)
    ]
  end

  def disguised
    [
      Case.new(name: "SVG", bytes: %(<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>).b,
               outcome: ImageForge::InvalidImageError),
      Case.new(name: "HTML", bytes: "<!doctype html>#{PAYLOAD}".b, outcome: ImageForge::InvalidImageError),
      Case.new(name: "PDF", bytes: "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF".b,
               outcome: ImageForge::InvalidImageError),
      Case.new(name: "PNG with an HTML payload appended", bytes: png(16, 16) + PAYLOAD.b, outcome: :ok),
      Case.new(name: "GIF with a script in a comment block", bytes: gif_with_comment(PAYLOAD), outcome: :ok),
      Case.new(name: "JPEG with a payload in a COM segment", bytes: jpeg_with_comment(PAYLOAD), outcome: :ok),
      Case.new(name: "AVIF (recognised, not read)", bytes: "\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf".b,
               outcome: ImageForge::UnsupportedFormatError)
    ]
  end
end
