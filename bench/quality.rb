# frozen_string_literal: true

require "vips"

module Bench
  # PSNR of an engine's output against a float Lanczos3 resize of the same source to exactly
  # the output's dimensions, both compared as 8-bit sRGB values over all bands. Images with
  # alpha are compared premultiplied (the colour under full transparency is arbitrary), and
  # the reference resamples premultiplied, as a correct resize must.
  class Quality
    def initialize
      @references = {}
    end

    # Returns [width, height, psnr_db] for the image at +output+ made from +src+.
    def measure(src, output)
      image = Vips::Image.new_from_file(output)
      reference = reference(src, image.width, image.height)
      if reference.bands != image.bands
        raise ArgumentError, "#{output} has #{image.bands} bands, its source #{reference.bands}"
      end

      [image.width, image.height, Quality.psnr(reference, premultiplied(image.cast(:float)))]
    end

    # PSNR in dB of +image+ against +reference+ (the same size), over all bands; a one-band
    # image (gray) is compared with each band of a three-band one.
    def self.psnr(reference, image)
      reference, image = [reference, image].map { |i| i.cast(:float) }
      reference = reference.bandjoin([reference] * 2) if reference.bands == 1 && image.bands == 3
      image = image.bandjoin([image] * 2) if image.bands == 1 && reference.bands == 3
      mse = ((reference - image)**2).avg
      mse.zero? ? Float::INFINITY : 10 * Math.log10((255.0**2) / mse)
    end

    private

    def premultiplied(image) = image.bands == 4 ? image.premultiply : image

    # gap: 0 makes vips resize use the Lanczos3 kernel for the whole reduction (by default it
    # box-shrinks by an integer factor first). Rounded and clipped to 8-bit values, kept as float.
    def reference(src, width, height)
      @references[[src, width, height]] ||= begin
        source = Vips::Image.new_from_file(src).autorot
        resized = premultiplied(source.cast(:float)).resize(width.fdiv(source.width),
                                                            vscale: height.fdiv(source.height),
                                                            kernel: :lanczos3, gap: 0.0)
        unless [resized.width, resized.height] == [width, height]
          raise "reference came out #{resized.width}x#{resized.height}, not #{width}x#{height}"
        end

        resized.rint.cast(:uchar).cast(:float).copy_memory
      end
    end
  end
end
