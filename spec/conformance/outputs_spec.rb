# frozen_string_literal: true

# Each output format, decoded by libvips and compared with the source pixels.
RSpec.describe "Outputs decoded by libvips", if: VipsOracle.available? do
  include VipsOracle

  let(:png) { ImageForge::Samples.draw_png(240, 160, 3) { |x, y| ImageForge::Samples.sunset_pixel(x, y, 240, 160) } }
  let(:image) { ImageForge::Image.from_blob(png) }
  let(:original) { vips(png) }

  def out(chain) = vips(chain.to_blob)

  it "writes JPEG at each quality, progressive, optimised and 4:4:4" do
    expect(psnr(out(image.convert(:jpeg)), original)).to be > 30
    expect(psnr(out(image.convert(:jpeg).saver(quality: 95, chroma: 444)), original))
      .to be > psnr(out(image.convert(:jpeg).saver(quality: 95)), original)
    optimised = image.convert(:jpeg).saver(optimize: true).to_blob
    expect(optimised.bytesize).to be < image.convert(:jpeg).to_blob.bytesize
    expect(vips(image.convert(:jpeg).saver(progressive: true).to_blob).get("interlaced")).to eq(1)
  end

  it "writes PNG losslessly, and palette PNG within 256 colours" do
    expect(psnr(out(image.convert(:png).saver(compression: 9)), original)).to eq(Float::INFINITY)
    palette = image.convert(:png).saver(palette: true).to_blob
    expect(palette.getbyte(25)).to eq(3) # IHDR colour type 3: indexed
    expect(psnr(vips(palette), original)).to be > 30
  end

  it "writes WebP lossy (default quality 79) and lossless" do
    expect(psnr(out(image.convert(:webp)), original)).to be > 30
    expect(psnr(out(image.convert(:webp).saver(lossless: true, effort: 6)), original)).to eq(Float::INFINITY)
  end

  it "writes GIF with a palette" do
    gif = image.convert(:gif).to_blob
    expect(gif).to start_with("GIF8")
    expect(psnr(vips(gif), original)).to be > 25
  end

  it "writes AVIF that libvips decodes (default quality 63)" do
    avif = image.convert(:avif).saver(speed: 10).to_blob
    expect(avif.byteslice(4, 8)).to eq("ftypavif")
    begin
      decoded = vips(avif)
    rescue Vips::Error
      skip "this libvips cannot read AVIF"
    end
    expect(psnr(decoded, original)).to be > 28
  end

  # The av1C box's chroma byte: monochrome, subsampling x, subsampling y (bits 4, 3, 2).
  def av1c_chroma(avif) = (avif.getbyte(avif.index("av1C") + 6) >> 2) & 0b111

  it "writes AVIF 4:2:0 below quality 90 and 4:4:4 from 90, closer at 95" do
    low = image.convert(:avif).saver(quality: 89).to_blob
    high = image.convert(:avif).saver(quality: 95).to_blob
    expect([av1c_chroma(low), av1c_chroma(high)]).to eq([0b011, 0b000])
    expect(psnr(vips(high), original)).to be > psnr(vips(low), original) + 3
  end

  it "writes AVIF alpha as a second AV1 frame, only when a pixel is not opaque" do
    rgba = ImageForge::Samples.draw_png(33, 17, 4) { |x, y| [x * 7, y * 15, 90, x < 16 ? 255 : y * 15] }
    avif = ImageForge::Image.from_blob(rgba).convert(:avif).saver(quality: 95).to_blob
    decoded = vips(avif)
    expect([decoded.width, decoded.height, decoded.bands]).to eq([33, 17, 4])
    expect(psnr(decoded[3], vips(rgba)[3])).to be > 35
    expect(avif.scan("av01").size).to eq(2)

    opaque = ImageForge::Samples.draw_png(33, 17, 4) { |x, y| [x * 7, y * 15, 90, 255] }
    expect(ImageForge::Image.from_blob(opaque).convert(:avif).to_blob.scan("av01").size).to eq(1)
  end

  it "writes AVIF of 1x1 and odd-sized pictures at every speed" do
    [[1, 1], [1, 9], [9, 1], [33, 17]].each do |w, h|
      px = ImageForge::Samples.draw_png(w, h, 3) { |x, y| [200, 40 + x, 40 + y] }
      [1, 9, 10].each do |speed|
        decoded = vips(ImageForge::Image.from_blob(px).convert(:avif).saver(speed:, quality: 90).to_blob)
        expect([decoded.width, decoded.height]).to eq([w, h])
        expect(psnr(decoded, vips(px))).to be > 30
      end
    end
  end
end

RSpec.describe "Metadata", if: VipsOracle.available? do
  include VipsOracle

  let(:photo) do
    png = ImageForge::Samples.draw_png(64, 48, 3) { |x, y| ImageForge::Samples.sunset_pixel(x, y, 64, 48) }
    tagged = vips(png).icc_transform("p3").jpegsave_buffer(Q: 90)
    ImageForge::Samples.with_exif_orientation(tagged, 6)
  end

  it "is stripped by default and kept on request (EXIF upright, the source's ICC profile)" do
    %i[jpeg png webp].each do |format|
      stripped = vips(ImageForge::Image.from_blob(photo).convert(format).to_blob)
      expect(stripped.get_fields).not_to include("exif-data", "icc-profile-data")
      kept = vips(ImageForge::Image.from_blob(photo).convert(format).saver(strip: false).to_blob)
      expect(kept.get_fields).to include("exif-data", "icc-profile-data"), format.to_s
      expect(kept.get("orientation")).to eq(1)
      expect([kept.width, kept.height]).to eq([48, 64])
      expect(kept.get("icc-profile-data")).to eq(vips(photo).get("icc-profile-data"))
    end
  end
end
