# frozen_string_literal: true

# libvips as a test oracle (never a runtime dependency): PSNR between ImageForge's output and
# what libvips makes of the same input.
module VipsOracle
  def self.available?
    require "vips"
    true
  rescue LoadError
    false
  end

  def vips(bytes) = Vips::Image.new_from_buffer(bytes, "")

  # PSNR in dB over all bands; Float::INFINITY for identical images.
  def psnr(ours, theirs)
    a = ours.is_a?(String) ? vips(ours) : ours
    b = theirs.is_a?(String) ? vips(theirs) : theirs
    raise ArgumentError, "sizes differ: #{a.width}x#{a.height} vs #{b.width}x#{b.height}" if a.size != b.size
    raise ArgumentError, "bands differ: #{a.bands} vs #{b.bands}" if a.bands != b.bands

    mse = ((a.cast(:float) - b.cast(:float))**2).avg
    mse.zero? ? Float::INFINITY : 10 * Math.log10((255.0**2) / mse)
  end
end
