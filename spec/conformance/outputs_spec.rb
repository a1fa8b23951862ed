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
