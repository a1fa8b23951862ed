# frozen_string_literal: true

# Every operation next to libvips on the same generated input: same dimensions, and pixels
# within a PSNR threshold (exact where both sides only move pixels).
RSpec.describe "Operations compared with libvips", if: VipsOracle.available? do
  include VipsOracle

  # A photo-like landscape: gradients, a hard-edged disc, textured ground. Lossless (PNG), so
  # both engines start from the same pixels.
  let(:source) { ImageForge::Samples.draw_png(480, 300, 3) { |x, y| ImageForge::Samples.sunset_pixel(x, y, 480, 300) } }
  let(:image) { ImageForge::Image.from_blob(source).convert(:png) }
  let(:original) { vips(source) }

  def ours(chain) = chain.to_blob

  it "resize_to_limit, resize_to_fit and resize_to_cover match thumbnail sizes and pixels" do
    {
      image.resize_to_limit(200, 200) => Vips::Image.thumbnail_buffer(source, 200, height: 200, size: :down),
      image.resize_to_fit(1000, 700) => Vips::Image.thumbnail_buffer(source, 1000, height: 700, size: :both),
      image.resize_to_cover(100, 100) => Vips::Image.thumbnail_buffer(source, 160, height: 100, size: :both)
    }.each do |chain, theirs|
      expect(psnr(ours(chain), theirs)).to be > 30, chain.recipe.to_s
    end
  end

  it "resize_to_fill crops at the centre and at each edge as vips' centre, low and high" do
    { centre: :centre, west: :low, east: :high }.each do |gravity, interesting|
      theirs = Vips::Image.thumbnail_buffer(source, 120, height: 120, crop: interesting)
      expect(psnr(ours(image.resize_to_fill(120, 120, gravity:)), theirs)).to be > 30, gravity.to_s
    end
  end

  it "resize_to_fill with attention gravity picks the detailed part" do
    out = vips(ours(image.resize_to_fill(100, 300, gravity: :attention)))
    expect([out.width, out.height]).to eq([100, 300])
    # The disc (the most detailed region) sits right of centre: the crop must include it.
    sun = original.crop(290, 110, 40, 40).avg
    expect(out.avg).to be > 0
    expect((out.crop(0, 110, 100, 40).avg - sun).abs).to be < 60
  end

  it "resize_and_pad matches thumbnail + gravity embedding" do
    thumb = Vips::Image.thumbnail_buffer(source, 200, height: 200)
    theirs = thumb.gravity(:centre, 200, 200, extend: :background, background: [255, 0, 0])
    expect(psnr(ours(image.resize_and_pad(200, 200, background: "ff0000")), theirs)).to be > 30
    padded = vips(ours(image.resize_and_pad(200, 200, alpha: true)))
    expect(padded.bands).to eq(4)
    expect(padded.getpoint(0, 0)).to eq([0, 0, 0, 0])
  end

  it "crop, rotate by right angles, flip and flop move pixels exactly as vips" do
    {
      image.crop(10, 20, 100, 50) => original.crop(10, 20, 100, 50),
      image.rotate(90) => original.rot(:d90),
      image.rotate(180) => original.rot(:d180),
      image.rotate(-90) => original.rot(:d270),
      image.flip => original.flip(:vertical),
      image.flop => original.flip(:horizontal)
    }.each do |chain, theirs|
      expect(psnr(ours(chain), theirs)).to eq(Float::INFINITY), chain.recipe.to_s
    end
  end

  it "rotates by any angle onto a background like vips" do
    theirs = original.rotate(30, background: [255, 255, 255])
    out = vips(ours(image.rotate(30, background: :white)))
    expect([out.width, out.height]).to eq([theirs.width, theirs.height]).or eq([theirs.width + 1, theirs.height + 1])
    common = [out.width, theirs.width].min, [out.height, theirs.height].min
    expect(psnr(out.crop(0, 0, *common), theirs.crop(0, 0, *common))).to be > 18
  end

  it "grayscale and blur match vips' b_w and gaussblur" do
    expect(psnr(ours(image.grayscale), original.colourspace(:b_w))).to be > 40
    expect(psnr(ours(image.blur(2)), original.gaussblur(2))).to be > 35
  end

  it "trim finds the same box as vips' find_trim" do
    framed = original.embed(30, 20, 540, 340, extend: :background, background: [255, 255, 255])
    left, top, width, height = framed.find_trim(threshold: 10, background: [255, 255, 255])
    out = vips(ImageForge::Image.from_blob(framed.write_to_buffer(".png")).trim.convert(:png).to_blob)
    expect([out.width, out.height]).to eq([width, height])
    expect(psnr(out, framed.crop(left, top, width, height))).to eq(Float::INFINITY)
  end

  it "composite blends in each of libvips' modes as composite2 does, inside and outside the overlay" do
    # Half-transparent to opaque from left to right, so every alpha takes part.
    mark = ImageForge::Samples.draw_png(120, 80, 4) { |x, y| [(x * 2) % 256, 255 - (y * 3), 90, 64 + (x * 191 / 119)] }
    %i[over multiply screen overlay darken lighten add clear source dest_in dest_out].each do |mode|
      out = vips(ours(image.composite(mark, offset: [50, 40], mode:)))
      theirs = original.composite2(vips(mark), mode, x: 50, y: 40)
      out = out.bandjoin(255) if out.bands < theirs.bands # an opaque result may leave out its alpha
      expect(psnr(out, theirs.cast(:uchar))).to be > 40, mode.to_s
    end
  end

  it "add_alpha gives an opaque alpha channel, and keeps one there is" do
    out = vips(ours(image.add_alpha))
    expect([out.bands, out.extract_band(3).min]).to eq([4, 255])
    expect(psnr(out.extract_band(0, n: 3), original)).to eq(Float::INFINITY)
    expect(vips(ours(image.add_alpha.add_alpha)).bands).to eq(4)
  end

  it "sharpen, modulate and dpr change the image as documented" do
    sharp = vips(ours(image.sharpen(1)))
    expect(sharp.deviate).to be > original.deviate
    brighter = vips(ours(image.modulate(brightness: 1.3)))
    expect(brighter.avg).to be > original.avg
    expect(vips(ours(image.modulate(saturation: 0))).bandsplit.map(&:avg).uniq.size).to eq(1)
    doubled = vips(ours(image.resize_to_limit(100, 100).dpr(2)))
    expect([doubled.width, doubled.height]).to eq([200, 125])
  end
end
