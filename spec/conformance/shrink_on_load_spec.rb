# frozen_string_literal: true

# Shrink-on-load (JPEG DCT scaling, libwebp's rescaler) must not cost quality: against a float
# Lanczos3 reference, the result is within 0.5 dB of the same resize from a full decode.
RSpec.describe "Shrink-on-load quality", if: VipsOracle.available? do
  include VipsOracle

  let(:photo) do
    path = File.join(fixture_dir, "bench-2725x2225.jpg")
    if File.exist?(path)
      Vips::Image.new_from_file(path)
    else
      noise = Vips::Image.perlin(2400, 1600, cell_size: 48)
      ((noise + 1) * 127).cast(:uchar).bandjoin([((noise * -1) + 1) * 100, noise.abs * 255]).cast(:uchar)
    end
  end

  # The float Lanczos3 resize of the full-resolution pixels to exactly +out+'s size.
  def reference(source, out)
    source.cast(:float).resize(out.width.to_f / source.width, vscale: out.height.to_f / source.height,
                                                              kernel: :lanczos3, gap: 0).cast(:uchar)
  end

  { jpeg: ->(img) { img.jpegsave_buffer(Q: 92) }, webp: ->(img) { img.webpsave_buffer(Q: 92) } }.each do |format, save|
    it "keeps #{format} within 0.5 dB of a full decode" do
      encoded = save.call(photo)
      decoded = vips(encoded)
      lossless = decoded.pngsave_buffer(compression: 1)
      [400, 250, 150].each do |size|
        shrunk = vips(ImageForge::Image.from_blob(encoded).resize_to_limit(size, size).convert(:png).to_blob)
        full = vips(ImageForge::Image.from_blob(lossless).resize_to_limit(size, size).convert(:png).to_blob)
        expect([shrunk.width, shrunk.height]).to eq([full.width, full.height])
        ref = reference(decoded, full)
        expect(psnr(shrunk, ref)).to be >= psnr(full, ref) - 0.5, "#{format} to #{size}"
      end
    end
  end

  # fast_shrink: the speed setting (issue 19) decodes deeper and gives up some dB: 7.1 at worst
  # here (to 250 px, just over an 8x reduction: 51.2 dB by default, 44.0 fast).
  it "takes a deeper JPEG decode with fast_shrink, within 8 dB of a full decode" do
    encoded = photo.jpegsave_buffer(Q: 92)
    decoded = vips(encoded)
    [400, 250, 150].each do |size|
      image = ImageForge::Image.from_blob(encoded).resize_to_limit(size, size).convert(:png)
      default = image.to_blob
      fast = image.fast_shrink.to_blob
      expect(image.fast_shrink.recipe.to_s).to end_with(",fast_shrink:true")
      expect(fast).not_to eq(default)
      ref = reference(decoded, vips(default))
      expect(psnr(vips(fast), ref)).to be >= psnr(vips(default), ref) - 8, "to #{size}"
    end
  end
end
