# frozen_string_literal: true

# Every input family, written by libvips from one generated picture, read by ImageForge and
# compared with the original pixels (and with libvips' own reading where it converts).
RSpec.describe "Inputs compared with libvips", if: VipsOracle.available? do
  include VipsOracle

  let(:png) { ImageForge::Samples.draw_png(240, 160, 3) { |x, y| ImageForge::Samples.sunset_pixel(x, y, 240, 160) } }
  let(:original) { vips(png) }

  def read(bytes) = vips(ImageForge::Image.from_blob(bytes).convert(:png).to_blob)

  it "reads baseline, progressive, 4:4:4 and grayscale JPEG like libvips" do
    {
      baseline: original.jpegsave_buffer(Q: 90),
      progressive: original.jpegsave_buffer(Q: 90, interlace: true),
      full_chroma: original.jpegsave_buffer(Q: 90, subsample_mode: :off),
      gray: original.colourspace(:b_w).jpegsave_buffer(Q: 90)
    }.each do |kind, jpeg|
      expect(psnr(read(jpeg), vips(jpeg))).to be > 45, kind.to_s
    end
  end

  it "applies all eight EXIF orientations as libvips' autorot does" do
    jpeg = original.jpegsave_buffer(Q: 95)
    (1..8).each do |orientation|
      tagged = ImageForge::Samples.with_exif_orientation(jpeg, orientation)
      expect(psnr(read(tagged), vips(tagged).autorot)).to be > 45, "orientation #{orientation}"
    end
  end

  it "converts CMYK JPEG to sRGB" do
    cmyk = original.colourspace(:cmyk).jpegsave_buffer(Q: 95)
    expect(vips(cmyk).interpretation).to eq(:cmyk)
    ours = read(cmyk)
    expect(ours.bands).to eq(3)
    expect(psnr(ours, original)).to be > 20
  end

  it "converts ICC-tagged (Display P3) images to sRGB" do
    p3 = original.icc_transform("p3")
    [p3.pngsave_buffer, p3.jpegsave_buffer(Q: 95)].each do |tagged|
      converted = psnr(read(tagged), original)
      as_is = psnr(p3.copy.tap { |i| i.remove("icc-profile-data") }, original)
      expect(converted).to be > 30
      expect(converted).to be > as_is + 5
    end
  end

  it "reads 16-bit, palette and alpha PNG" do
    sixteen = (original.cast(:ushort) * 257).copy(interpretation: :rgb16).pngsave_buffer(bitdepth: 16)
    expect(psnr(read(sixteen), original)).to be > 50
    palette = original.pngsave_buffer(palette: true)
    expect(psnr(read(palette), vips(palette))).to eq(Float::INFINITY)
    rgba = original.bandjoin(255).pngsave_buffer
    expect(read(rgba).bands).to eq(4)
    interlaced = original.pngsave_buffer(interlace: true)
    expect(psnr(read(interlaced), original)).to eq(Float::INFINITY)
    gray = original.colourspace(:b_w)
    [1, 2, 4].each do |depth|
      low = gray.pngsave_buffer(bitdepth: depth)
      expect(psnr(read(low), vips(low))).to eq(Float::INFINITY), "#{depth}-bit"
    end
  end

  it "reads WebP (lossy, lossless, alpha) and the first frame of an animation" do
    expect(psnr(read(original.webpsave_buffer(lossless: true)), original)).to eq(Float::INFINITY)
    lossy = original.webpsave_buffer(Q: 90)
    expect(psnr(read(lossy), vips(lossy))).to be > 40
    expect(read(original.bandjoin(128).webpsave_buffer).bands).to eq(4)
    frames = Vips::Image.arrayjoin([original, original.invert], across: 1)
    animated = frames.copy.tap do |i|
      i.set_type(GObject::GINT_TYPE, "page-height", original.height)
    end.webpsave_buffer(lossless: true)
    first = read(animated)
    expect([first.width, first.height]).to eq([original.width, original.height])
    expect(psnr(first, original)).to be > 40
  end

  it "reads GIF (first frame) and TIFF" do
    gif = original.gifsave_buffer
    expect(psnr(read(gif), vips(gif))).to be > 40
    tiff = original.tiffsave_buffer
    expect(psnr(read(tiff), original)).to eq(Float::INFINITY)
  end
end
