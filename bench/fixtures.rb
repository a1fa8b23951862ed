# frozen_string_literal: true

require "vips"

module Bench
  # Where a task's source image is: a file in the fixtures directory, or one made for the
  # run ("generated:NAME").
  module Fixtures
    module_function

    def path(fixture, fixtures_dir, tmp_dir)
      name = fixture.delete_prefix("generated:")
      return File.join(fixtures_dir, name) if name == fixture

      File.join(tmp_dir, name).tap { |path| generate(name, path) unless File.exist?(path) }
    end

    # "rgba-WxH.png": a photo-like RGBA PNG (Perlin noise colours, alpha rising left to right
    # with a transparent hole in the middle).
    def generate(name, path)
      width, height = name[/(\d+)x(\d+)/].split("x").map(&:to_i)
      noise = ->(cell) { (Vips::Image.perlin(width, height, cell_size: cell) + 1) * 127.5 }
      rgb = noise.call(64).bandjoin([noise.call(23), noise.call(151)])
      rgb.bandjoin(alpha(width, height)).cast(:uchar).copy(interpretation: :srgb).pngsave(path)
    end

    def alpha(width, height)
      xy = Vips::Image.xyz(width, height)
      dist = (((xy[0] - (width / 2))**2) + ((xy[1] - (height / 2))**2))**0.5
      (dist < height / 6).ifthenelse(0, xy[0] * 255.0 / width)
    end
  end
end
