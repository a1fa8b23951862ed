# frozen_string_literal: true

module Bench
  # rubocop:disable Style/NumericPredicate -- Vips::Image compares with < and ==, per pixel; it
  # has no negative? or zero?.

  # What the per-operation table scores each engine's output against: the operation computed
  # in float from the decoded source, exactly as its definition says. Where ImageForge and
  # libvips define an operation differently (sharpen, modulate), each engine is scored against
  # its own definition, so the column measures how faithfully each computes what it promises.
  #
  # Each builder takes the Sources and the engine's decoded output (only smart crop looks at
  # it) and returns a float image, values on the 8-bit scale. They run in bench/op_table.rb's
  # process, which has loaded libvips; the engine processes only load this file.
  module References
    module_function

    def source(sources) = Vips::Image.new_from_file(sources.src).cast(:float)

    def clip(image) = (image < 0).ifthenelse(0, (image > 255).ifthenelse(255, image))

    # gaussblur at float precision (libvips' default rounds its mask to integers).
    def blur(sigma) = ->(s, _) { source(s).gaussblur(sigma, precision: :float) }

    # ImageForge's sharpen: unsharp mask of amount 1, the source plus its difference from the
    # float gaussian blur.
    def unsharp(sigma)
      lambda do |s, _|
        src = source(s)
        clip((src * 2) - src.gaussblur(sigma, precision: :float))
      end
    end

    # Rec. 709 luminance in linear light, back to sRGB: libvips' colourspace(:b_w) and
    # ImageForge's grayscale both promise it.
    def grayscale
      lambda do |s, _|
        c = source(s) / 255
        linear = (c > 0.04045).ifthenelse(((c + 0.055) / 1.055)**2.4, c / 12.92)
        y = linear.recomb(Vips::Image.new_from_array([[0.2126, 0.7152, 0.0722]]))
        (y > 0.0031308).ifthenelse(((y**(1 / 2.4)) * 1.055) - 0.055, y * 12.92) * 255
      end
    end

    # Clockwise rotation about the image's centre onto its bounding box (pixel centres at
    # +0.5), sampled bicubic: the geometry both engines promise, black outside.
    def rotate(degrees)
      lambda do |s, out|
        src = source(s)
        src.mapim(rotated_coordinates(out, src, degrees), interpolate: Vips::Interpolate.new(:bicubic))
      end
    end

    # For each pixel of +out+, where it comes from in +src+: the inverse rotation of its centre.
    def rotated_coordinates(out, src, degrees)
      sin, cos = (degrees * Math::PI / 180).then { |t| [Math.sin(t), Math.cos(t)] }
      x, y = (Vips::Image.xyz(out.width, out.height) - [centre(out.width), centre(out.height)]).bandsplit
      ((x * cos) + (y * sin) + centre(src.width)).bandjoin((y * cos) - (x * sin) + centre(src.height))
    end

    # The coordinate of a +size+-pixel axis's centre, pixel centres at integers.
    def centre(size) = (size / 2.0) - 0.5

    # ImageForge's modulate: lightness and saturation scaled (at most 1) and hue turned by
    # +degrees+, in HSL, as ImageMagick's -modulate.
    def hsl_modulate(brightness, saturation, degrees)
      lambda do |s, _|
        h, sat, l = hsl(source(s) / 255)
        from_hsl(h + (degrees / 360.0), min1(sat * saturation), min1(l * brightness)) * 255
      end
    end

    # The source cut at the window the engine chose (found by matching its output against
    # the source), so the score is the crop's fidelity, not the choice of window.
    def own_window = ->(s, out) { source(s).crop(*window(s, out), out.width, out.height) }

    # The source cut at a box known from how the fixture was made.
    def box(left, top, width, height) = ->(s, _) { source(s).crop(left, top, width, height) }

    # [left, top] of +out+ inside the source: each free axis searched on 4x-reduced rows or
    # columns through the middle, then refined at full size.
    def window(sources, out)
      src = Vips::Image.new_from_file(sources.src)
      [[src.width, out.width, :x], [src.height, out.height, :y]].map do |size, cut, axis|
        size == cut ? 0 : best_offset(src, out, size - cut, axis)
      end
    end

    def best_offset(src, out, range, axis)
      strips = ->(image, scale) { middle_strips(image.resize(scale), axis) }
      coarse = sad_argmin(strips.call(src, 0.25), strips.call(out, 0.25), 0..(range / 4))
      near = [(coarse * 4) - 4, 0].max..[(coarse * 4) + 4, range].min
      sad_argmin(middle_strips(src, axis), middle_strips(out, axis), near)
    end

    # Three lines across the image's middle along +axis+, as flat arrays of [r, g, b] values.
    def middle_strips(image, axis)
      length = axis == :x ? image.height : image.width
      [length / 4, length / 2, 3 * length / 4].map do |at|
        axis == :x ? image.crop(0, at, image.width, 1).to_a.first : image.crop(at, 0, 1, image.height).to_a.map(&:first)
      end
    end

    def sad_argmin(source_lines, out_lines, offsets)
      offsets.min_by do |offset|
        source_lines.zip(out_lines).sum do |src, out|
          out.each_with_index.sum { |px, i| px.zip(src[offset + i]).sum { |a, b| (a - b).abs } }
        end
      end
    end

    def min1(image) = (image > 1).ifthenelse(1, image)

    def hsl(rgb)
      r, g, b = rgb.bandsplit
      max = (r > g).ifthenelse(r, g).then { |m| (m > b).ifthenelse(m, b) }
      min = (r < g).ifthenelse(r, g).then { |m| (m < b).ifthenelse(m, b) }
      light = (max + min) / 2
      [hue(r, g, b, max, max - min), saturation(max, min, light), light]
    end

    def saturation(max, min, light)
      chroma = max - min
      (chroma == 0).ifthenelse(0, (light > 0.5).ifthenelse(chroma / (((max + min) * -1) + 2), chroma / (max + min)))
    end

    # libvips gives 0 for x / 0, so grays (chroma 0) come out with hue 0, as ImageForge's.
    def hue(red, green, blue, max, chroma)
      sixths = (max == red).ifthenelse(((green - blue) / chroma) + (green < blue).ifthenelse(6, 0),
                                       (max == green).ifthenelse(((blue - red) / chroma) + 2,
                                                                 ((red - green) / chroma) + 4))
      sixths / 6
    end

    def from_hsl(hue, sat, light)
      q = (light < 0.5).ifthenelse(light * (sat + 1), light + sat - (light * sat))
      p = (light * 2) - q
      channel = ->(t) { hsl_channel(t - t.floor, p, q) }
      channel.call(hue + (1 / 3.0)).bandjoin([channel.call(hue), channel.call(hue - (1 / 3.0))])
    end

    def hsl_channel(turn, low, high)
      rising = low + ((high - low) * turn * 6)
      falling = low + ((high - low) * ((turn * -6) + 4))
      (turn < 1 / 6.0).ifthenelse(rising, (turn < 0.5).ifthenelse(high, (turn < 2 / 3.0).ifthenelse(falling, low)))
    end
  end
  # rubocop:enable Style/NumericPredicate
end
