# frozen_string_literal: true

require "zlib"
require "image_forge/samples"

# PNG helpers for specs: writing goes through ImageForge::Samples; the reader lets specs
# check rendered pixels without another image library.
module PNG
  COLOR_TYPES = ImageForge::Samples::COLOR_TYPES

  module_function

  def encode(width, height, channels, pixels, bit_depth: 8)
    ImageForge::Samples.encode_png(width, height, channels, pixels, bit_depth:)
  end

  # Palette PNG: +indices+ into +palette+ ([[r, g, b], ...]); +alphas+ adds a tRNS chunk.
  def encode_palette(width, height, palette, indices, alphas: nil)
    raw = (0...height).map { |y| "\u0000#{indices[y * width, width].pack("C*")}" }.join.b
    header = [width, height, 8, 3, 0, 0, 0].pack("NNCCCCC")
    chunk = ImageForge::Samples.method(:png_chunk)
    out = ImageForge::Samples::PNG_SIGNATURE + chunk.call("IHDR",
                                                          header) + chunk.call("PLTE", palette.flatten.pack("C*"))
    out << chunk.call("tRNS", alphas.pack("C*")) if alphas
    out + chunk.call("IDAT", Zlib::Deflate.deflate(raw)) + chunk.call("IEND", "")
  end

  Decoded = Struct.new(:width, :height, :channels, :pixels) do
    def at(x, y)
      pixels[((y * width) + x) * channels, channels]
    end
  end

  # Decodes an 8-bit, non-interlaced, non-palette PNG (what ImageForge writes).
  def decode(bytes)
    raise ArgumentError, "not a PNG" unless bytes.start_with?("\x89PNG".b)

    pos = 8
    idat = +"".b
    width = height = channels = nil
    while pos < bytes.bytesize
      len, type = bytes.byteslice(pos, 8).unpack("Na4")
      data = bytes.byteslice(pos + 8, len)
      case type
      when "IHDR"
        width, height, depth, colour = data.unpack("NNCC")
        raise ArgumentError, "only 8-bit PNGs" unless depth == 8

        channels = COLOR_TYPES.key(colour)
      when "IDAT" then idat << data
      end
      pos += 12 + len
    end
    Decoded.new(width, height, channels, unfilter(Zlib::Inflate.inflate(idat), width * channels, height, channels))
  end

  def unfilter(data, stride, height, bpp)
    prev = Array.new(stride, 0)
    out = []
    height.times do |y|
      filter = data.getbyte(y * (stride + 1))
      row = data.byteslice((y * (stride + 1)) + 1, stride).bytes
      stride.times do |i|
        a = i >= bpp ? row[i - bpp] : 0
        b = prev[i]
        c = i >= bpp ? prev[i - bpp] : 0
        row[i] = (row[i] + predict(filter, a, b, c)) & 0xFF
      end
      out.concat(row)
      prev = row
    end
    out
  end

  def predict(filter, a, b, c)
    case filter
    when 0 then 0
    when 1 then a
    when 2 then b
    when 3 then (a + b) / 2
    else paeth(a, b, c)
    end
  end

  def paeth(a, b, c)
    p = a + b - c
    pa = (p - a).abs
    pb = (p - b).abs
    pc = (p - c).abs
    return a if pa <= pb && pa <= pc

    pb <= pc ? b : c
  end
end
