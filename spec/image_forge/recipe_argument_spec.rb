# frozen_string_literal: true

require "image_forge/helpers"

# Issue 16: recipes as keywords at every entry point, and preset names as Symbols or Strings.
RSpec.describe ImageForge::RecipeArgument, :tmpdir do
  let(:storage) { ImageForge::Storage::Local.new(root: File.join(@tmpdir, "store")) }
  let(:secret) { "recipe-argument-spec-signing-key-0123" }
  let(:view) { Object.new.extend(ImageForge::Helpers) }

  around do |example|
    config = ImageForge.config
    saved = [config.signing_keys, config.presets]
    config.signing_keys = [secret]
    config.presets = { thumb: { resize_to_fill: [20, 20], format: :png } }
    example.run
  ensure
    config.signing_keys, config.presets = saved
  end

  before { storage.upload("photos/1.jpg", quadrants_jpeg(400, 300)) }

  def info(bytes) = ImageForge::Image.from_blob(bytes).info

  def segment(url) = ImageForge::Native.verify_path(url, [secret], Time.now.to_i, false)[1]

  describe "keywords" do
    it "ImageForge.variant renders a keyword recipe, the same variant as the Hash form" do
      variant = ImageForge.variant("photos/1.jpg", resize_to_limit: [100, 100], format: :webp, storage:)
      hash = ImageForge.variant("photos/1.jpg", { resize_to_limit: [100, 100], format: :webp }, storage:)
      expect(variant.key).to eq(hash.key)
      expect(info(variant.processed.download).to_h).to include(format: :webp, width: 100, height: 75)
    end

    it "ImageForge.variant puts keywords after a preset" do
      variant = ImageForge.variant("photos/1.jpg", :thumb, format: :webp, storage:)
      expect(info(variant.processed.download).to_h).to include(format: :webp, width: 20, height: 20)
    end

    it "ImageForge.url signs a keyword recipe, format: still setting the output format" do
      url = ImageForge.url("photos/1.jpg", resize_to_limit: [100, 100], format: :webp)
      expect(url).to eq(ImageForge.url("photos/1.jpg", { resize_to_limit: [100, 100] }, format: :webp))
      expect(segment(url)).to eq("resize_to_limit:100:100,format:webp")
    end

    it "image_forge_url and image_forge_tag take keywords; the rest stay HTML attributes" do
      url = view.image_forge_url("photos/1.jpg", resize_to_limit: [100, 100])
      expect(segment(url)).to eq("resize_to_limit:100:100")
      html = view.image_forge_tag("photos/1.jpg", resize_to_limit: [100, 100], dpr: [1], alt: "Ada", class: "x")
      expect(html).to eq(%(<img src="#{url}" srcset="#{url} 1x" alt="Ada" class="x">))
    end

    it "process_variants renders presets and name: recipe keywords together" do
      results = ImageForge.process_variants("photos/1.jpg", :thumb, hero: { resize_to_fill: [60, 30] }, storage:)
      expect(results.keys).to eq(%i[thumb hero])
      expect(info(results[:hero].download).to_h).to include(width: 60, height: 30)
      expect(info(results[:thumb].download).to_h).to include(format: :png, width: 20, height: 20)
    end

    it "Image#apply takes keywords" do
      bytes = ImageForge::Image.from_blob(quadrants_jpeg(400, 300)).apply(resize_to_limit: [50, 50], format: :png)
                               .to_blob
      expect(info(bytes).to_h).to include(format: :png, width: 50, height: 38)
    end

    it "refuses a call with neither a recipe nor keywords" do
      expect { ImageForge.variant("photos/1.jpg", storage:) }
        .to raise_error(ImageForge::InvalidRecipeError, /no recipe/)
    end
  end

  describe "preset names" do
    it "takes a String naming a configured preset as that preset, everywhere" do
      expect(ImageForge.variant("photos/1.jpg", "thumb", storage:).key)
        .to eq(ImageForge.variant("photos/1.jpg", :thumb, storage:).key)
      expect(ImageForge.url("photos/1.jpg", "thumb")).to eq(ImageForge.url("photos/1.jpg", :thumb))
      expect(ImageForge::Image.from_blob(quadrants_jpeg).apply("thumb").recipe.to_s)
        .to eq("resize_to_fill:20:20,format:png")
      expect(ImageForge.process_variants("photos/1.jpg", "thumb", storage:).keys).to eq([:thumb])
    end

    it "takes any other String as a recipe, and an unknown Symbol as an unknown preset" do
      expect(segment(ImageForge.url("photos/1.jpg", "resize_to_limit:10:10"))).to eq("resize_to_limit:10:10")
      expect { ImageForge.url("photos/1.jpg", "thumbnail") }.to raise_error(ImageForge::InvalidRecipeError)
      expect { ImageForge.url("photos/1.jpg", :thumbnail) }
        .to raise_error(ImageForge::InvalidArgumentError, /unknown preset :thumbnail \(configured: thumb\)/)
    end
  end
end
