# frozen_string_literal: true

RSpec.describe "ImageForge errors" do
  def render(bytes) = ImageForge::Image.from_blob(bytes).resize_to_limit(16, 16).to_blob

  it "refuses empty input and non-images as InvalidImageError" do
    expect { render("") }.to raise_error(ImageForge::InvalidImageError, /empty/)
    expect { render("hello, I am not an image\0") }.to raise_error(ImageForge::InvalidImageError)
  end

  it "refuses truncated and corrupt files of each format as InvalidImageError" do
    sources = { jpeg: quadrants_jpeg(256, 256), png: gradient_png(256, 256),
                webp: ImageForge::Image.from_blob(gradient_png(256, 256)).convert(:webp).to_blob }
    sources.each do |format, bytes|
      [bytes.byteslice(0, 40), bytes.byteslice(0, bytes.bytesize / 2)].each do |cut|
        expect { render(cut) }.to raise_error(ImageForge::InvalidImageError), "#{format} cut at #{cut.bytesize}"
      end
    end
    corrupt = gradient_png(64, 64).dup
    corrupt.setbyte(60, corrupt.getbyte(60) ^ 0xFF) # inside IDAT: the CRC no longer matches
    expect { render(corrupt) }.to raise_error(ImageForge::InvalidImageError)
  end

  it "names recognised formats it cannot read as UnsupportedFormatError" do
    avif = "\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf".b
    expect { render(avif) }.to raise_error(ImageForge::UnsupportedFormatError, /avif/)
    expect { render("GIF89a\x01\x00\x01\x00\x00\x00\x00;".b) }.to raise_error(ImageForge::InvalidImageError, /gif/i)
  end

  it "checks max_pixels from the header before decoding" do
    huge = PNG.encode(1, 1, 3, [0, 0, 0]).dup
    huge[16, 8] = [100_000, 100_000].pack("NN") # claims 10 gigapixels in a 70-byte file
    expect { render(huge) }.to raise_error(ImageForge::LimitExceededError, /10000000000 exceeds the limit of 50000000/)
    expect { ImageForge::Info.probe(gradient_png(100, 100), limits: [9_999, 1 << 20, 100, 1 << 30]) }
      .to raise_error(ImageForge::LimitExceededError)
  end

  it "turns a panic inside the engine into ImageForge::Error, not fatal" do
    expect { ImageForge::Native._panic("boom") }.to raise_error(ImageForge::Error, /internal error.*boom/)
    expect(render(gradient_png(32, 32))).to start_with("\x89PNG".b) # the process carries on
  end

  it "roots every error class at ImageForge::Error" do
    classes = ImageForge.constants.map { |c| ImageForge.const_get(c) }
                        .select { |c| c.is_a?(Class) && c < Exception }
    expect(classes).to all(be <= ImageForge::Error)
    expect(classes.size).to be >= 10
  end
end
