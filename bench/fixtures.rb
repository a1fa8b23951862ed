# frozen_string_literal: true

module Bench
  # Where a task's source image is: a file in the fixtures directory, or one made for the
  # run ("generated:NAME", made once per run in its temporary directory).
  module Fixtures
    # The real photo the generated photos are cut from.
    PHOTO_SOURCE = "bench-5995x4895.jpg"
    # The white border of "framed-" fixtures: whole 8x8 blocks (q90 keeps chroma at 4:4:4), so
    # no JPEG ringing crosses it and the trimmed answer is exact.
    BORDER = 96

    module_function

    def path(fixture, fixtures_dir, tmp_dir)
      name = fixture.delete_prefix("generated:")
      return File.join(fixtures_dir, name) if name == fixture

      File.join(tmp_dir, name).tap { |path| generate(name, path, fixtures_dir) unless File.exist?(path) }
    end

    # "rgba-WxH.png": a photo-like RGBA PNG (Perlin noise colours, alpha rising left to right
    # with a transparent hole in the middle). "photo-WxH.jpg": the centre of PHOTO_SOURCE at
    # that size, q90. "framed-WxH.jpg": the same photo inside a BORDER-pixel white border, at
    # frame(width, height) (for trim).
    def generate(name, path, fixtures_dir)
      # Here, not at the top: the engine processes read frame() through bench/ops.rb, and
      # libvips loaded there would count in ImageForge's peak RSS.
      require "vips"
      width, height = name[/(\d+)x(\d+)/].split("x").map(&:to_i)
      case name
      when /\Argba-/ then rgba(width, height).pngsave(path)
      when /\Aphoto-/ then photo(fixtures_dir, width, height).jpegsave(path, Q: 90, strip: true)
      when /\Aframed-/
        left, top, inner_width, inner_height = frame(width, height)
        photo(fixtures_dir, inner_width, inner_height).embed(left, top, width, height, background: [255, 255, 255])
                                                      .jpegsave(path, Q: 90, strip: true)
      else raise ArgumentError, "no generator for fixture #{name}"
      end
    end

    # [left, top, width, height] of the photo inside a framed-WxH fixture.
    def frame(width, height) = [BORDER, BORDER, width - (2 * BORDER), height - (2 * BORDER)]

    def rgba(width, height)
      noise = ->(cell) { (Vips::Image.perlin(width, height, cell_size: cell) + 1) * 127.5 }
      rgb = noise.call(64).bandjoin([noise.call(23), noise.call(151)])
      rgb.bandjoin(alpha(width, height)).cast(:uchar).copy(interpretation: :srgb)
    end

    def alpha(width, height)
      xy = Vips::Image.xyz(width, height)
      dist = (((xy[0] - (width / 2))**2) + ((xy[1] - (height / 2))**2))**0.5
      (dist < height / 6).ifthenelse(0, xy[0] * 255.0 / width)
    end

    def photo(fixtures_dir, width, height)
      Vips::Image.thumbnail(File.join(fixtures_dir, PHOTO_SOURCE), width, height:, crop: :centre)
    end
  end
end
