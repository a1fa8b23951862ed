# frozen_string_literal: true

require "zlib"
require "fileutils"

module ImageForge
  # Sample images drawn from code: for the demo, the benchmark task and specs on machines
  # without photos. Not loaded by `require "image_forge"`; `require "image_forge/samples"`.
  module Samples
    PNG_SIGNATURE = "\x89PNG\r\n\x1a\n".b
    COLOR_TYPES = { 1 => 0, 2 => 4, 3 => 2, 4 => 6 }.freeze # channels => PNG colour type

    module_function

    # Writes a small set of photos (a JPEG landscape, a PNG with alpha, a JPEG portrait with
    # EXIF orientation 6) into +dir+ and returns their paths.
    def write_set(dir)
      FileUtils.mkdir_p(dir)
      sunset = draw_png(1600, 1000, 3) { |x, y| sunset_pixel(x, y, 1600, 1000) }
      landscape = Image.from_blob(sunset).convert(:jpeg).saver(quality: 90).to_blob
      portrait = Image.from_blob(sunset).resize_to_fill(1200, 800).convert(:jpeg).to_blob
      files = {
        "sunset-1600x1000.jpg" => landscape,
        "logo-600x600.png" => draw_png(600, 600, 4) { |x, y| logo_pixel(x, y, 600) },
        "portrait-exif6.jpg" => with_exif_orientation(portrait, 6)
      }
      files.map { |name, bytes| File.join(dir, name).tap { |path| File.binwrite(path, bytes) } }
    end

    # A PNG of +width+ x +height+ whose pixels come from the block (an Array of +channels+ values).
    def draw_png(width, height, channels, &pixel)
      pixels = Array.new(height) { |y| Array.new(width) { |x| pixel.call(x, y) } }.flatten
      encode_png(width, height, channels, pixels)
    end

    # Encodes a flat, row-major Array of 0..255 samples as an 8- or 16-bit PNG.
    def encode_png(width, height, channels, pixels, bit_depth: 8)
      stride = width * channels
      raw = Array.new(height) do |y|
        row = pixels[y * stride, stride]
        "\0".b + (bit_depth == 16 ? row.map { |v| v * 257 }.pack("n*") : row.pack("C*"))
      end.join
      header = [width, height, bit_depth, COLOR_TYPES.fetch(channels), 0, 0, 0].pack("NNCCCCC")
      PNG_SIGNATURE + png_chunk("IHDR", header) + png_chunk("IDAT", Zlib::Deflate.deflate(raw)) + png_chunk("IEND", "")
    end

    def png_chunk(type, data)
      [data.bytesize].pack("N") + type.b + data.b + [Zlib.crc32(type + data)].pack("N")
    end

    # Inserts an EXIF block with +orientation+ (1..8) after the JPEG's SOI marker, as cameras do.
    def with_exif_orientation(jpeg, orientation)
      body = "Exif\0\0MM\0*".b + [8, 1, 0x0112, 3, 1, orientation, 0, 0].pack("NnnnNnnN")
      jpeg.byteslice(0, 2) + "\xFF\xE1".b + [body.bytesize + 2].pack("n") + body + jpeg.byteslice(2..)
    end

    def sunset_pixel(x, y, width, height)
      return [30 + ((x % 97) / 4), 70 + ((y % 53) / 3), 40] if y > (height * 0.7) + (40 * Math.sin(x / 90.0))
      return [255, 230, 120] if Math.hypot(x - (width * 0.65), y - (height * 0.45)) < height * 0.15

      [255 - (y * 120 / height), 120 + (y * 80 / height), 90 + (x * 100 / width)]
    end

    def logo_pixel(x, y, size)
      d = Math.hypot(x - (size / 2), y - (size / 2))
      return [0, 0, 0, 0] if d > size * 0.45

      d > size * 0.35 ? [200, 40, 60, 255] : [250, 250, 250, 180]
    end
  end
end
