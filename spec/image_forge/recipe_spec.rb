# frozen_string_literal: true

RSpec.describe ImageForge::Recipe do
  it "gives one canonical string for the chain, a Hash, an ImageProcessing Array and a String" do
    chain = ImageForge::Image.from_blob("").resize_to_fill(300, 200, gravity: :north).convert(:webp).saver(quality: 75)
    hash = described_class.from(resize_to_fill: [300, 200, { gravity: "north" }], convert: "webp",
                                saver: { quality: 75 })
    array = described_class.from([[:resize_to_fill, [300, 200, { gravity: :north }]], %i[convert webp],
                                  [:saver, { quality: 75 }]])
    string = described_class.from("quality:75,resize_to_fill:300:200:north,format:webp")
    expect([hash, array, string].map(&:to_s)).to all(eq(chain.recipe.to_s))
    expect(chain.recipe.to_s).to eq("resize_to_fill:300:200:north,format:webp,quality:75")
    expect(hash).to eq(string)
  end

  it "names the operation and the argument in errors" do
    expect do
      described_class.from(explode: [1])
    end.to raise_error(ImageForge::InvalidRecipeError, "unknown operation explode")
    expect { described_class.from(resize_to_limt: [800, 800]) }
      .to raise_error(ImageForge::InvalidRecipeError,
                      "unknown operation resize_to_limt (did you mean resize_to_limit?)")
    expect do
      described_class.from(resize_to_limit: [-1, 5])
    end.to raise_error(ImageForge::InvalidRecipeError, /resize_to_limit/)
    expect { described_class.from("rotate:right") }.to raise_error(ImageForge::InvalidRecipeError, /rotate/)
    expect do
      described_class.from(modulate: { brightness: "x" })
    end.to raise_error(ImageForge::InvalidRecipeError, /modulate/)
  end

  it "is parsed once, by the core, when it is made: its format and string come from there" do
    recipe = described_class.from("resize_to_limit:400:400,format:webp")
    expect([recipe.format, recipe.format?, recipe.inspect])
      .to eq([:webp, true, "#<ImageForge::Recipe resize_to_limit:400:400,format:webp>"])
    expect(described_class.from("flip").format).to be_nil
    expect(recipe.to_s).to be_frozen.and(equal(recipe.to_s))
    expect { described_class.from("flip,resize_to_limit:0:5") }.to raise_error(ImageForge::InvalidRecipeError)
  end

  it "lets a later saver setting override an earlier one, even back to its default" do
    image = ImageForge::Image.from_blob("").saver(progressive: true, quality: 50)
    expect(image.saver(progressive: false).recipe.to_s).to eq("quality:50")
    expect((described_class.from("progressive:true") + described_class.from("progressive:false")).to_s).to eq("")
  end

  it "gives its endpoint path segment and reads it back" do
    [["", false, "-"], ["", true, "format:auto"], ["flip", true, "flip,format:auto"], ["flip", false, "flip"]]
      .each do |text, auto, segment|
        recipe = described_class.from(text)
        expect(recipe.segment(auto:)).to eq(segment)
        expect(described_class.from_segment(segment)).to eq([recipe, auto])
      end
    expect { described_class.from("format:png").segment(auto: true) }.to raise_error(ImageForge::InvalidRecipeError)
    expect { described_class.from_segment("format:png,format:auto") }.to raise_error(ImageForge::InvalidRecipeError)
  end

  it "accepts what ActiveStorage passes (loader options, format:, scalars)" do
    recipe = described_class.from(resize_to_limit: [100, 100], format: nil, loader: { page: 0 }, saver: { quality: 70 })
    expect(recipe.to_s).to eq("resize_to_limit:100:100,quality:70")
    expect(described_class.from(resize_to_limit: [100, 100], format: :webp).to_s)
      .to eq("resize_to_limit:100:100,format:webp")
  end

  it "draws a watermark named by its digest" do
    base = ImageForge::Image.from_blob(gradient_png(100, 60))
    mark = PNG.encode(10, 10, 4, [255, 0, 0, 255] * 100)
    marked = base.composite(mark, gravity: :south_east, offset: [-5, -5], opacity: 0.5).convert(:png)
    expect(marked.recipe.to_s).to match(/\Acomposite:\h{16}:south-east:-5:-5:0.5,format:png\z/)
    px = decode_png(marked.to_blob)
    under = decode_png(base.convert(:png).to_blob).at(90, 50)
    expect(px.at(90, 50)[0]).to be_within(2).of((255 + under[0]) / 2)
    expect(px.at(99, 59)).to eq(decode_png(base.convert(:png).to_blob).at(99, 59))
    other = base.composite(PNG.encode(10, 10, 4, [0, 0, 255, 255] * 100))
    expect(other.recipe.to_s).not_to eq(marked.recipe.to_s)
  end

  it "refuses a composite step whose overlay was not given" do
    recipe = described_class.from("composite:0123456789abcdef")
    image = ImageForge::Image.from_blob(gradient_png(10, 10)).apply(recipe)
    expect { image.to_blob }.to raise_error(ImageForge::InvalidRecipeError, /overlay 0123456789abcdef was not given/)
  end
end
