# frozen_string_literal: true

require "zlib"
require "image_forge"
require "image_forge/samples"

# Byte-level builders of hostile files (lying headers, bombs, polyglots) for HostileInputs.
module HostileFiles
  def png(width, height, channels = 3) = ImageForge::Samples.draw_png(width, height, channels) { [40] * channels }

  def chunk(type, data) = ImageForge::Samples.png_chunk(type, data)

  def png_claiming(width, height)
    png(1, 1).dup.tap { |bytes| bytes[16, 8] = [width, height].pack("NN") }.then { |bytes| with_ihdr_crc(bytes) }
  end

  def with_ihdr_crc(bytes)
    bytes[29, 4] = [Zlib.crc32(bytes.byteslice(12, 17))].pack("N")
    bytes
  end

  # A PNG of +width+ x +height+ zero bytes, deflated: megapixels from kilobytes.

  def png_zero_bomb(width, height, colour: false)
    raw = ("\0".b * ((width * (colour ? 3 : 1)) + 1)) * height
    header = [width, height, 8, colour ? 2 : 0, 0, 0, 0].pack("NNCCCCC")
    ImageForge::Samples::PNG_SIGNATURE + chunk("IHDR", header) +
      chunk("IDAT", Zlib::Deflate.deflate(raw, Zlib::BEST_COMPRESSION)) + chunk("IEND", "")
  end

  # A small PNG whose iCCP profile inflates to +megabytes+ MB.

  def png_iccp_bomb(megabytes)
    small = png(8, 8)
    profile = Zlib::Deflate.deflate("\0".b * (megabytes << 20), Zlib::BEST_COMPRESSION)
    small.byteslice(0, 33) + chunk("iCCP", "bomb\0\0".b + profile) + small.byteslice(33..)
  end

  def jpeg(width = 64, height = 48) = ImageForge::Image.from_blob(png(width, height)).convert(:jpeg).to_blob

  # A JPEG whose frame header claims +width+ x +height+, followed by junk scan data.
  def jpeg_claiming(width, height)
    sof = [0xFF, 0xC0, 0, 17, 8, height, width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1].pack("C4Cn2C*")
    "\xFF\xD8".b + sof + "\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00".b + ("\x55".b * 4096)
  end

  # A progressive JPEG whose AC refinement scan is repeated +count+ times: every scan walks

  # every block, so decode time grows with scans x blocks while the file stays small.

  def jpeg_scan_bomb(count)
    source = ImageForge::Image.from_blob(png(2048, 2048)).convert(:jpeg).saver(progressive: true).to_blob
    sos = source.index("\xFF\xDA".b, source.rindex("\xFF\xC4".b) || 0) || source.index("\xFF\xDA".b)
    eoi = source.rindex("\xFF\xD9".b)
    last_scan = source.byteslice(sos...eoi)
    source.byteslice(0...eoi) + (last_scan * count) + "\xFF\xD9".b
  end

  # A JPEG whose EXIF IFD chain points back at itself.
  def jpeg_exif_loop
    ifd = [1, 0x0112, 3, 1, 6 << 16, 8].pack("nnnNNN") # one entry, then "next IFD at 8" (itself)
    jpeg_with_segment(0xE1, "Exif\0\0MM\0*".b + [8].pack("N") + ifd)
  end

  # A small JPEG with a marker segment (+marker+, +body+) inserted after SOI.
  def jpeg_with_segment(marker, body)
    base = jpeg
    base.byteslice(0, 2) + [0xFF, marker, body.bytesize + 2].pack("CCn") + body.b + base.byteslice(2..)
  end

  def webp = ImageForge::Image.from_blob(png(64, 48)).convert(:webp).to_blob

  # A lossless WebP header claiming 16384 x 16384 (VP8L stores size - 1 in 14 bits each).

  def webp_claiming_max
    bits = 16_383 | (16_383 << 14)
    vp8l = "\x2F".b + [bits].pack("V") + ("\0".b * 16)
    "RIFF".b + [4 + 8 + vp8l.bytesize].pack("V") + "WEBPVP8L".b + [vp8l.bytesize].pack("V") + vp8l
  end

  def gif_header(width, height) = "GIF89a".b + [width, height].pack("vv") + "\x80\0\0".b + ("\0".b * 6)

  # A 1x1 frame: image descriptor + LZW data for one pixel.

  def gif_frame = "\x2C".b + [0, 0, 1, 1].pack("vvvv") + "\0".b + "\x02\x02\x44\x01\x00".b

  def gif_frames(count) = gif_header(1, 1) + (gif_frame * count) + ";".b

  def gif_claiming(width, height) = gif_header(width, height) + gif_frame + ";".b

  def bmp_claiming(width, height)
    header = ["BM", 54 + 4, 0, 54, 40, width, height, 1, 24, 0, 4, 2835, 2835, 0, 0].pack("a2VVVVl<l<vvVVl<l<VV")
    header + "\0\0\0\0".b
  end

  # An RGB TIFF, one strip, uncompressed (1) or deflated (8).

  def tiff_rgb(width, height, claimed: [width, height], compression: 1)
    data = "\x7F".b * (width * height * 3)
    data = Zlib::Deflate.deflate(data) if compression == 8
    entries = [[256, 4, claimed[0]], [257, 4, claimed[1]], [258, 3, 8], [259, 3, compression], [262, 3, 2],
               [273, 4, 8], [277, 3, 3], [278, 4, claimed[1]], [279, 4, data.bytesize]]
    ifd_offset = 8 + data.bytesize
    ifd = [entries.size].pack("v") + entries.map { |tag, type, value| tiff_entry(tag, type, value) }.join + "\0\0\0\0".b
    "II*\0".b + [ifd_offset].pack("V") + data + ifd
  end

  def tiff_entry(tag, type, value, count = 1)
    # SHORT values sit in the first two bytes of the value field; BitsPerSample's 3 samples
    # would need an offset, so one value (8) stands for all, as many writers do.
    type == 3 ? [tag, type, count, value, 0].pack("vvVvv") : [tag, type, count, value].pack("vvVV")
  end

  def bmp(width, height)
    row = ("\x10\x20\x30".b * width).ljust(((width * 3) + 3) & ~3, "\0")
    data = row * height
    ["BM", 54 + data.bytesize, 0, 54, 40, width, height, 1, 24, 0, data.bytesize, 2835, 2835, 0, 0]
      .pack("a2VVVVl<l<vvVVl<l<VV") + data
  end

  def corrupt_png
    png(64, 64).dup.tap { |bytes| bytes.setbyte(60, bytes.getbyte(60) ^ 0xFF) }
  end

  def gif_with_comment(text)
    gif = gif_frames(1)
    gif.byteslice(0, gif.bytesize - 1) + "\x21\xFE".b + [text.bytesize].pack("C") + text.b + "\0;".b
  end

  def jpeg_with_comment(text) = jpeg_with_segment(0xFE, text)
end
