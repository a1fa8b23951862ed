# frozen_string_literal: true

# ActiveStorage in a real Rails app (spec/rails_app; 6.1 on the host, 7.2 in bin/trixie) with
# variant_processor = :image_forge, run in its own process with mini_magick and ruby-vips made unloadable.
RSpec.describe "ActiveStorage with ImageForge", :tmpdir do
  let(:portrait) { RailsScenario.portrait(@tmpdir, gradient_png(120, 80)) }

  def scenario(service, env = {}) = RailsScenario.run("scenario", RailsScenario.env(@tmpdir, service, env), portrait)

  shared_examples "a Rails app on ImageForge" do
    it "analyzes with orientation and stores a WebP variant of the right size" do
      result = scenario(service, env)
      expect(result[:processor]).to eq("image_forge")
      expect(result[:transformer_processor]).to eq("ImageProcessing::ImageForge")
      expect(result[:analyzers].first).to eq("ImageForge::ActiveStorageAnalyzer")
      expect(result[:service]).to eq(service_class)
      expect(result[:analyzed]).to be(true)
      expect(result[:metadata]).to eq(width: 80, height: 120)
      expect(result[:variant]).to include(format: "webp", width: 67, height: 100)
      expect(result[:image_forge_storage]).to eq(store_class)
      expect(result[:other_image_libraries]).to be_empty
      expect(result[:config]).to eq(presets: { thumb: "resize_to_fill:64:64,format:webp" },
                                    max_pixels: 30_000_000, signing_keys: 1, logger: true)
      expect(result[:rake_tasks]).to include("image_forge:config", "image_forge:purge_variants")
      expect(result[:image_tag])
        .to match(%r{\A<img src="/images/[\w-]{43}/resize_to_fill:64:64,format:webp/photos/1\.jpg" })
      expect(result[:image_tag]).to include(",dpr:2,format:webp/photos/1.jpg 2x", 'alt="thumb"')
    end
  end

  context "with the Disk service" do
    let(:service) { "local" }
    let(:env) { {} }
    let(:service_class) { "ActiveStorage::Service::DiskService" }
    let(:store_class) { "ImageForge::Storage::Local" }

    it_behaves_like "a Rails app on ImageForge"
  end

  context "with the S3 service on the S3 test server" do
    let(:service) { "s3" }
    let(:env) { S3Server.env }
    let(:service_class) { "ActiveStorage::Service::S3Service" }
    let(:store_class) { "ImageForge::Storage::S3" }

    it_behaves_like "a Rails app on ImageForge"
  end
end
