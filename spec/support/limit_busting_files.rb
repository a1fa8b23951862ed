# frozen_string_literal: true

require "zlib"
require "image_forge"

# Builders of files that got past the limits before round 2 of the hostile-input work: codec
# streams larger than their container, and small files whose decode needs several times
# max_pixels' bytes. Extended by HostileInputs, next to HostileFiles.
module LimitBustingFiles
  # A real small JPEG whose frame header is changed to claim +width+ x +height+.
  def jpeg_resized_header(width, height)
    base = jpeg(16, 16).dup
    sof = base.index("\xFF\xC0".b)
    base[sof + 5, 4] = [height, width].pack("nn")
    base
  end

  # A +width+ x +height+ TIFF whose +strips+ JPEG-compressed strips (compression 7) all point
  # at one +jpeg+ stream, which may claim a size of its own.
  def tiff_jpeg_strips(width, height, jpeg, strips: 1)
    offsets_at = 8 + jpeg.bytesize
    counts_at = offsets_at + (4 * strips)
    arrays = ([8].pack("V") * strips) + ([jpeg.bytesize].pack("V") * strips)
    entries = [[256, 4, 1, width], [257, 4, 1, height], [258, 3, 1, 8], [259, 3, 1, 7], [262, 3, 1, 2],
               [273, 4, strips, strips == 1 ? 8 : offsets_at], [277, 3, 1, 3], [278, 4, 1, height / strips],
               [279, 4, strips, strips == 1 ? jpeg.bytesize : counts_at]]
    ifd = [entries.size].pack("v") + entries.map { |tag, type, count, value| tiff_entry(tag, type, value, count) }.join
    "II*\0".b + [counts_at + (4 * strips)].pack("V") + jpeg + arrays + ifd + "\0\0\0\0".b
  end

  # A GIF whose 1x1 logical screen holds a +size+ x +size+ first frame of one colour, with LZW
  # data that really decodes to every pixel (51 KB for 11500 x 11500).
  def gif_frame_past_screen(size)
    descriptor = "\x2C".b + [0, 0, size, size].pack("vvvv") + "\0".b
    blocks = lzw_zeros(size * size).bytes.each_slice(255).map { |s| [s.size].pack("C") + s.pack("C*") }.join
    gif_header(1, 1) + descriptor + "\x02".b + blocks + "\0;".b
  end

  # GIF LZW (minimum code size 2) of +pixels+ zeros. Each code is the longest run so far plus
  # one pixel, which the decoder adds to its table, until the table is full at 4096 codes; then
  # the longest run (4091 pixels) is repeated.
  def lzw_zeros(pixels)
    bits = []
    width = 3
    next_code = 6
    longest = 1
    emit = ->(code) { width.times { |i| bits << ((code >> i) & 1) } }
    emit.call(4) # clear
    emit.call(0)
    left = pixels - 1
    while left.positive?
      length = [left, longest + 1, 4091].min
      emit.call(length == 1 ? 0 : length + 4)
      left -= length
      longest = [longest, length].max
      next if next_code == 4096

      next_code += 1
      width += 1 if next_code == 1 << width && width < 12
    end
    emit.call(5) # end of information
    bits.each_slice(8).map { |byte| byte.each_with_index.sum { |bit, i| bit << i } }.pack("C*")
  end

  # A +width+ x +height+ PNG of 16-bit RGBA zeros, deflated row by row: 49 MP in 381 KB.
  def png16_rgba_bomb(width, height)
    deflate = Zlib::Deflate.new(Zlib::BEST_COMPRESSION)
    row = "\0".b * ((width * 8) + 1)
    idat = +"".b
    height.times { idat << deflate.deflate(row) }
    idat << deflate.finish
    header = [width, height, 16, 6, 0, 0, 0].pack("NNCCCCC")
    ImageForge::Samples::PNG_SIGNATURE + chunk("IHDR", header) + chunk("IDAT", idat) + chunk("IEND", "")
  end

  # A flat progressive 4:4:4 JPEG of +width+ x +height+ (575 KB at 7000 x 7000): its decoder
  # holds every DCT coefficient, 6 bytes a pixel, besides the pixels.
  def progressive_444_jpeg(width, height)
    saved = ImageForge.config.max_memory
    ImageForge.config.max_memory = 4 << 30
    rgb = png_zero_bomb(width, height, colour: true)
    ImageForge::Image.from_blob(rgb).convert(:jpeg).saver(progressive: true, chroma: 444).to_blob
  ensure
    ImageForge.config.max_memory = saved
  end
end
