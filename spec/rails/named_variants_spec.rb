# frozen_string_literal: true

require "json"
require "open3"
require "active_storage/gem_version"

# Named and preprocessed variants (Rails 7.1+) in the real app (spec/rails_app), run in its own
# process by named_variants_scenario.rb: a new attachment's preprocessed variants render in one
# ImageForge job, from one download and one decode, and are stored where ActiveStorage looks.
RSpec.describe "ActiveStorage named and preprocessed variants with ImageForge",
               skip: ActiveStorage.gem_version < Gem::Version.new("7.1") &&
                     "named variants need Rails 7.1 (ActiveStorage #{ActiveStorage.gem_version} here)" do
  include VipsOracle

  # One scenario run per context (a Rails boot each); +dir+ gets its database, files and outputs.
  def scenario(dir, env)
    app = File.expand_path("../rails_app", __dir__)
    env = { "RAILS_ENV" => "test", "RAILS_APP_TMP" => dir }.merge(env)
    out, err, status = Open3.capture3(env, RbConfig.ruby, "-I", File.expand_path("../../lib", __dir__),
                                      File.join(app, "named_variants_scenario.rb"), photo(dir))
    raise "scenario failed:\n#{err}" unless status.success?

    JSON.parse(out.lines.last, symbolize_names: true)
  end

  # 1600x1200, so that the thumbnail alone would decode at 1/8 scale and the 1024 one cannot.
  def photo(dir)
    File.join(dir, "photo.jpg").tap do |path|
      image = ImageForge::Image.from_blob(quadrants_png(64, 48)).resize_to_fit(1600, 1200)
      File.binwrite(path, image.convert(:jpeg).saver(quality: 90).to_blob)
    end
  end

  shared_examples "preprocessed by ImageForge" do |service, service_class, track_variants:|
    attr_reader :result

    before(:context) do
      @dir = Dir.mktmpdir("image_forge-named")
      env = { "ACTIVE_STORAGE_SERVICE" => service, "TRACK_VARIANTS" => track_variants ? "1" : "0" }
      @result = scenario(@dir, service == "s3" ? S3Server.env.merge(env) : env)
    end

    after(:context) { FileUtils.rm_rf(@dir) }

    it "renders every preprocessed variant in one job from one download and one decode" do
      expect(result).to include(track_variants:, service: service_class)
      expect(result[:attach][:jobs]).to include("ImageForge::ActiveStoragePreprocessJob": 1)
      expect(result[:attach][:jobs]).not_to include(:"ActiveStorage::TransformJob")
      expect(result[:attach][:original_downloads])
        .to eq("ActiveStorage::AnalyzeJob": 1, "ImageForge::ActiveStoragePreprocessJob": 1)
      expect(result[:attach][:renders].map(&:size)).to eq([4])
      expect(result[:variant_records]).to eq(track_variants ? 4 : 0)
      expect(result[:tiny_stored]).to be(false)
    end

    it "stores each where ActiveStorage finds it, so processing it later renders nothing" do
      expect(result[:processed]).to eq(jobs: {}, renders: [], original_downloads: {})
      expect(result[:variants].transform_values { |v| v.values_at(:content_type, :format, :width, :height) })
        .to eq(thumb: ["image/jpeg", "jpeg", 100, 75], square: ["image/webp", "webp", 400, 400],
               medium: ["image/jpeg", "jpeg", 1024, 768], large: ["image/webp", "webp", 1600, 1200])
    end

    it "renders the recipes ActiveStorage's own transformer renders" do
      expect(result[:attach][:renders].first).to match_array(result[:transformer_recipes])
    end

    # Rendered together, the variants share the finest decode any of them needs (full size
    # here): the thumbnail alone would decode at 1/8 scale, so its bytes differ, not its pixels.
    it "stores what that transformer writes, or the same pixels from a finer decode", if: VipsOracle.available? do
      same = result[:variants].to_h do |name, variant|
        ours = File.binread(variant[:path])
        theirs = File.binread(result[:transformer][name])
        [name, ours == theirs || psnr(ours, theirs)]
      end
      expect(same).to include(square: true, medium: true, large: true)
      expect(same[:thumb]).to be(true).or be > 40
    end

    it "stores the variants that render when one cannot, then fails the job naming that one" do
      expect(result[:cover][:error]).to match(/preprocessed variants of blob \w+ failed: .*colourspace.*cmyk/)
      expect(result[:cover][:banner]).to include(format: "jpeg", width: 300, height: 100)
    end

    it "declares a named variant from an ImageForge preset" do
      expect(result[:badge][:jobs]).to include("ImageForge::ActiveStoragePreprocessJob": 1)
      expect(result[:badge][:renders]).to eq([["resize_to_fill:64:64,format:webp"]])
      expect(result[:badge][:thumb]).to include(content_type: "image/webp", format: "webp", width: 64, height: 64)
    end
  end

  [true, false].each do |track_variants|
    context "with the Disk service, track_variants #{track_variants}" do
      it_behaves_like "preprocessed by ImageForge", "local", "ActiveStorage::Service::DiskService", track_variants:
    end

    context "with the S3 service on the S3 test server, track_variants #{track_variants}" do
      it_behaves_like "preprocessed by ImageForge", "s3", "ActiveStorage::Service::S3Service", track_variants:
    end
  end
end
