# frozen_string_literal: true

RSpec.describe ImageForge::Image do
  let(:photo) { File.join(fixture_dir, "bench-2725x2225.jpg") }

  describe "the README call", :tmpdir do
    it "resizes a JPEG to fit 720x588 and writes it" do
      skip "needs ../shared/fixtures" unless File.exist?(photo)
      dst = File.join(@tmpdir, "out.jpg")
      described_class.open(photo).resize_to_limit(720, 588).saver(quality: 80).write(dst)
      info = described_class.open(dst).info
      expect([info.format, info.width, info.height]).to eq([:jpeg, 720, 588])
    end
  end

  describe "resizing" do
    let(:source) { described_class.from_blob(gradient_png(400, 200)) }

    def size_of(image)
      image.convert(:png).to_blob.then do |b|
        described_class.from_blob(b).info.to_h.values_at(:width, :height)
      end
    end

    it "resize_to_limit fits inside the box and never enlarges" do
      expect(size_of(source.resize_to_limit(100, 100))).to eq([100, 50])
      expect(size_of(source.resize_to_limit(1000, 1000))).to eq([400, 200])
      expect(size_of(source.resize_to_limit(nil, 20))).to eq([40, 20])
    end

    it "resize_to_fit enlarges as well" do
      expect(size_of(source.resize_to_fit(800, 800))).to eq([800, 400])
      expect(size_of(source.resize_to_fit(120, nil))).to eq([120, 60])
    end

    it "resize_to_fill crops the centre to the exact size" do
      expect(size_of(source.resize_to_fill(50, 50))).to eq([50, 50])
      png = decode_png(described_class.from_blob(quadrants_png(80, 40)).resize_to_fill(20, 20).convert(:png).to_blob)
      # The centre of a 2:1 four-colour image keeps all four quadrants, one per corner.
      expect(close_to?(png.at(0, 0), Fixtures::RED)).to be(true)
      expect(close_to?(png.at(19, 19), Fixtures::WHITE)).to be(true)
    end

    it "keeps alpha through PNG and WebP and flattens it for JPEG" do
      rgba = described_class.from_blob(gradient_png(64, 64, channels: 4))
      expect(described_class.from_blob(rgba.resize_to_limit(32, 32).convert(:webp).to_blob).info.alpha).to be(true)
      out = decode_png(rgba.resize_to_limit(32, 32).convert(:png).to_blob)
      expect(out.channels).to eq(4)
      jpeg = described_class.from_blob(rgba.convert(:jpeg).to_blob).convert(:png).to_blob
      expect(decode_png(jpeg).channels).to eq(3)
    end
  end

  describe "orientation" do
    let(:rotated) { with_exif_orientation(quadrants_jpeg(64, 48), 6) }

    it "applies EXIF orientation by default" do
      png = decode_png(described_class.from_blob(rotated).convert(:png).to_blob)
      expect([png.width, png.height]).to eq([48, 64])
      expect(close_to?(png.at(2, 2), Fixtures::BLUE)).to be(true)
      expect(close_to?(png.at(45, 2), Fixtures::RED)).to be(true)
    end

    it "orients after a resize, with the box applied to the displayed size" do
      png = decode_png(described_class.from_blob(rotated).resize_to_limit(24, 24).convert(:png).to_blob)
      expect([png.width, png.height]).to eq([18, 24])
      expect(close_to?(png.at(1, 1), Fixtures::BLUE, 40)).to be(true)
    end

    it "keeps the stored pixels with auto_orient(enabled: false)" do
      png = decode_png(described_class.from_blob(rotated).auto_orient(enabled: false).convert(:png).to_blob)
      expect([png.width, png.height]).to eq([64, 48])
      expect(close_to?(png.at(2, 2), Fixtures::RED)).to be(true)
    end

    it "reports displayed dimensions in info" do
      info = described_class.from_blob(rotated).info
      expect(info.to_h).to include(width: 48, height: 64, orientation: 6, format: :jpeg)
    end
  end

  describe ".open", :tmpdir do
    let(:path) { File.join(@tmpdir, "in.png").tap { |p| File.binwrite(p, quadrants_png(80, 40)) } }

    def size(image)
      info = described_class.from_blob(image.resize_to_limit(40, 40).convert(:png).to_blob).info
      [info.width, info.height]
    end

    it "opens a path String, a Pathname, a File and any IO" do
      sources = [path, Pathname(path), File.open(path, "rb"), StringIO.new(File.binread(path))]
      expect(sources.map { |source| size(described_class.open(source)) }).to all(eq([40, 20]))
    ensure
      sources&.each { |source| source.close if source.respond_to?(:close) }
    end

    it "reads an IO over max_bytes no further than the limit" do
      saved = ImageForge.config.max_bytes
      ImageForge.config.max_bytes = 100
      expect { described_class.open(StringIO.new(File.binread(path))) }
        .to raise_error(ImageForge::LimitExceededError)
    ensure
      ImageForge.config.max_bytes = saved
    end

    it "names a missing file, and refuses what is neither a path nor an IO" do
      expect { described_class.open(File.join(@tmpdir, "nope.png")) }
        .to raise_error(ImageForge::NotFoundError, /no such file: .*nope\.png/)
      expect { described_class.open(42) }.to raise_error(ImageForge::InvalidArgumentError, /Integer/)
    end
  end

  describe "formats" do
    let(:source) { described_class.from_blob(gradient_png(120, 80)) }

    it "converts to each writable format" do
      { jpeg: "\xFF\xD8\xFF".b, png: "\x89PNG".b, webp: "RIFF".b }.each do |format, magic|
        blob = source.convert(format).to_blob
        expect(blob.encoding).to eq(Encoding::BINARY)
        expect(blob).to start_with(magic)
      end
    end

    it "takes the format from the extension given to write", :tmpdir do
      path = source.write(File.join(@tmpdir, "out.webp"))
      expect(described_class.open(path).info.format).to eq(:webp)
      expect(Dir.children(@tmpdir)).to eq(["out.webp"])
    end

    it "keeps a format the recipe names, in any form, over the extension", :tmpdir do
      from_string = source.apply(ImageForge::Recipe.from("resize_to_limit:40:40,format:webp"))
      from_chain = source.resize_to_limit(40, 40).convert(:webp)
      [from_string, from_chain].each_with_index do |image, i|
        path = image.write(File.join(@tmpdir, "out#{i}.jpg"))
        expect(described_class.open(path).info.format).to eq(:webp)
      end
    end

    it "writes through a new private file, never through a link planted at a guessable name", :tmpdir do
      victim = File.join(@tmpdir, "victim.txt")
      File.write(victim, "precious")
      path = File.join(@tmpdir, "out.png")
      guessable = "out.png.#{Process.pid}.#{Thread.current.object_id}.tmp" # the name write used to pick
      File.symlink(victim, File.join(@tmpdir, guessable))
      File.symlink(victim, path)
      source.write(path)
      expect(File.read(victim)).to eq("precious")
      expect(File.symlink?(path)).to be(false)
      expect(described_class.open(path).info.format).to eq(:png)
      expect(File.stat(path).mode & 0o777).to eq(0o666 & ~File.umask)
      expect(Dir.children(@tmpdir).sort).to eq([guessable, "out.png", "victim.txt"].sort)
    end

    it "leaves no partial file when the result cannot be put in place", :tmpdir do
      taken = File.join(@tmpdir, "out.png")
      Dir.mkdir(taken) # a directory cannot be replaced by a file
      expect { source.write(taken) }.to raise_error(ImageForge::StorageError, /cannot write/)
      expect(Dir.children(@tmpdir)).to eq(["out.png"])
      expect(Dir.children(taken)).to be_empty
    end

    it "writes lower quality as fewer bytes and lossless WebP exactly" do
      low = source.convert(:jpeg).saver(quality: 30).to_blob
      high = source.convert(:jpeg).saver(quality: 95).to_blob
      expect(low.bytesize).to be < high.bytesize
      lossless = source.convert(:webp).saver(lossless: true).to_blob
      round_trip = decode_png(described_class.from_blob(lossless).convert(:png).to_blob)
      expect(round_trip.pixels).to eq(decode_png(source.convert(:png).to_blob).pixels)
    end

    it "writes progressive JPEG when asked" do
      blob = source.convert(:jpeg).saver(progressive: true).to_blob
      expect(blob).to include("\xFF\xC2".b)
      expect(source.convert(:jpeg).to_blob).not_to include("\xFF\xC2".b)
    end

    it "reads 16-bit, gray+alpha and palette PNGs" do
      sixteen = described_class.from_blob(gradient_png(32, 16, bit_depth: 16)).convert(:png).to_blob
      expect(decode_png(sixteen).at(31, 0)).to eq(decode_png(gradient_png(32, 16)).at(31, 0))
      gray = decode_png(described_class.from_blob(gradient_png(8, 8, channels: 2)).convert(:png).to_blob)
      expect(gray.channels).to eq(2)
      palette = PNG.encode_palette(2, 1, [[255, 0, 0], [0, 0, 255]], [0, 1], alphas: [128, 255])
      out = decode_png(described_class.from_blob(palette).convert(:png).to_blob)
      expect(out.pixels).to eq([255, 0, 0, 128, 0, 0, 255, 255])
    end

    it "strips metadata" do
      out = described_class.from_blob(with_exif_orientation(quadrants_jpeg, 6)).to_blob
      expect(out).not_to include("Exif".b)
      expect(described_class.from_blob(out).info.orientation).to eq(1)
    end
  end

  describe "the chain" do
    it "is immutable: each call returns a new frozen image" do
      base = described_class.from_blob(gradient_png(10, 10))
      resized = base.resize_to_limit(5, 5)
      expect(base).to be_frozen
      expect(resized).not_to equal(base)
      expect(base.recipe.to_s).to eq("")
      expect(resized.recipe.to_s).to eq("resize_to_limit:5:5")
    end

    it "gives equal recipes one canonical string" do
      a = described_class.from_blob("").saver(quality: 80).resize_to_fill(10, 20).convert(:jpg)
      b = described_class.from_blob("").resize_to_fill(10, 20).convert(:jpeg).saver(quality: 80)
      expect(a.recipe).to eq(b.recipe)
      expect(a.recipe.to_s).to eq("resize_to_fill:10:20,format:jpeg,quality:80")
    end

    it "refuses bad arguments with InvalidArgumentError" do
      image = described_class.from_blob(gradient_png(10, 10))
      expect { image.resize_to_limit(0, 10) }.to raise_error(ImageForge::InvalidArgumentError)
      expect { image.resize_to_limit("10", 10) }.to raise_error(ImageForge::InvalidArgumentError)
      expect { image.resize_to_fill(nil, 10) }.to raise_error(ImageForge::InvalidArgumentError)
      expect { image.saver(colour: 1) }.to raise_error(ImageForge::InvalidArgumentError, /colour/)
      expect { image.saver(quality: 101).to_blob }.to raise_error(ImageForge::InvalidRecipeError, /quality/)
      expect { image.convert(:heic).to_blob }.to raise_error(ImageForge::InvalidRecipeError, /heic/)
    end

    it "raises NotFoundError for a missing file" do
      expect { described_class.open("/nonexistent/x.jpg") }.to raise_error(ImageForge::NotFoundError)
    end
  end
end

RSpec.describe ImageForge::Image, "#to_blobs" do
  let(:jpeg) { ImageForge::Image.from_blob(gradient_png(600, 400)).convert(:jpeg).saver(quality: 95).to_blob }

  it "renders several recipes from one decode, each failing on its own" do
    image = ImageForge::Image.from_blob(jpeg)
    # The JPEG resize takes the planar YCbCr path alone and beside the PNG: the same bytes.
    recipes = [{ resize_to_limit: [200, 200] }, "resize_to_fill:50:50,format:png", { crop: [5000, 0, 10, 10] }]
    small, thumb, error = image.to_blobs(recipes)
    expect(small).to eq(image.resize_to_limit(200, 200).to_blob)
    expect(ImageForge::Image.from_blob(thumb).info.to_h.values_at(:format, :width, :height)).to eq([:png, 50, 50])
    expect(error).to be_a(ImageForge::InvalidRecipeError)
    expect(error.message).to include("crop")
  end

  it "raises the source's own errors" do
    expect { ImageForge::Image.from_blob("junk\0").to_blobs([{ resize_to_limit: [1, 1] }]) }
      .to raise_error(ImageForge::InvalidImageError)
  end
end
