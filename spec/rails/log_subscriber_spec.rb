# frozen_string_literal: true

require "securerandom"

# What a Rails app shows of ImageForge: the log lines of ImageForge::LogSubscriber (with
# durations, keys quoted), the events' payloads, the analyzer's metadata for an image over
# max_pixels and the ActiveStorage checks of image_forge:doctor; spec/rails_app/logs_scenario.rb
# in its own process, on the Disk and S3 services (once per service: each example reads it).
RSpec.describe "ImageForge in a Rails app's log" do
  include HostileFiles
  include Fixtures

  attr_reader :result, :log, :photo, :key

  # The scenario's files; the photo goes under a new key on every run.
  def write_files(files)
    Dir.mkdir(files)
    @key = "photos/#{SecureRandom.hex(6)}/1.jpg"
    @photo = ImageForge::Image.from_blob(gradient_png(120, 80)).convert(:jpeg).to_blob
    File.binwrite(File.join(files, "photo.jpg"), photo)
    File.binwrite(File.join(files, "huge.png"), png_claiming(8000, 5000)) # 40 MP; the app allows 30
    File.binwrite(File.join(files, "not_an_image.png"), "\x89PNG\r\n\x1A\n".b + ("x" * 64))
  end

  def scenario(service, env)
    write_files(files = File.join(@tmpdir, "files"))
    env = RailsScenario.env(@tmpdir, service, env.merge("RAILS_LOG" => File.join(@tmpdir, "rails.log")))
    @result = RailsScenario.run("logs_scenario", env, files, key)
    @log = File.read(File.join(@tmpdir, "rails.log")).gsub(/\e\[\d+m/, "") # without colours
  end

  def events(result, name) = result[:events].select { |e| e[:name] == name }.map { |e| e[:payload] }

  # Log lines of ImageForge::LogSubscriber: "  ImageForge (12.3ms) <message>".
  def lines = log.lines.filter_map { |line| line[/ImageForge \(\d+\.\dms\) (.*)/, 1] }

  shared_examples "a Rails app logging ImageForge" do |service, service_class|
    before(:context) do
      @tmpdir = Dir.mktmpdir("image_forge")
      scenario(service, service == "s3" ? S3Server.env : {})
    end

    after(:context) { FileUtils.rm_rf(@tmpdir) }

    it "keeps the dimensions of an image over max_pixels, with the reason, and {} for a non-image" do
      expect(result[:metadata]).to eq("photo.jpg": { width: 120, height: 80 },
                                      "huge.png": { width: 8000, height: 5000, image_forge_refused: "pixels" },
                                      "not_an_image.png": {})
      expect(log).to include('ImageForge refuses to render this image: "pixel count 40000000 exceeds')
    end

    it "logs renders, variants, uploads and requests with durations, keys quoted" do
      k = Regexp.escape(key)
      expect(lines).to include(
        /\ARendered "#{k}" \(#{photo.bytesize} bytes\) to webp 64x64 \(\d+ bytes\)\z/,
        /\ARendered \(\d+ bytes\) to webp 40x27 \(\d+ bytes\)\z/, # the ActiveStorage variant, from a tempfile
        /\ARendered \(72 bytes\) to resize_to_limit:\S+ failed: ImageForge::InvalidImageError: ".+"\z/,
        %r{\AVariant processed "variants/#{k}/\h{32}.webp" of "#{k}" resize_to_fill:64:64,format:webp \(miss\)\z},
        %r{\AVariant processed "variants/#{k}/\h{32}.webp" of "#{k}" resize_to_fill:64:64,format:webp \(hit\)\z},
        %r{\AUploaded "#{k}" \(image/jpeg, #{photo.bytesize} bytes\)\z},
        %r{\AGET "/[\w-]{43}/resize_to_limit:30:30/#{k}" 200 \(miss\)\z},
        %r{\AGET "/[\w-]{43}/resize_to_limit:30:30/#{k}" 200 \(hit\)\z},
        %r{\AGET "/A{43}/resize_to_limit:30:30/#{k}" 403\z}
      )
      expect(lines).to include("Uploaded \"#{File.dirname(key)}/forged\\nE, [2026-01-01] ERROR -- : forged.jpg\" " \
                               "(image/jpeg, #{photo.bytesize} bytes)")
      expect(log.lines.grep(/\AE, \[2026-01-01\]/)).to be_empty
    end

    it "instruments renders, batch variants and requests with their payloads" do
      renders = events(result, "render.image_forge")
      expect(renders).to include(
        { recipes: ["resize_to_fill:64:64,format:webp"], source_key: key, source_byte_size: photo.bytesize,
          outputs: [{ format: "webp", width: 64, height: 64, byte_size: kind_of(Integer) }] },
        hash_including(source_key: nil, outputs: [hash_including(format: "webp", width: 40, height: 27)]),
        hash_including(exception: ["ImageForge::InvalidImageError", kind_of(String)])
      )
      batch = events(result, "variant.image_forge").select { |e| e[:source_key] == key }.first(3)
      expect(batch.map { |e| [e[:recipe], e[:hit]] })
        .to eq([["resize_to_fill:64:64,format:webp", false], ["resize_to_fill:64:64,format:webp", true],
                ["resize_to_limit:20:20", false]])
      expect(events(result, "request.image_forge").map { |e| e.slice(:status, :hit, :key) })
        .to eq([{ status: 200, hit: false, key: }, { status: 200, hit: true, key: },
                { status: 403 }])
      expect(events(result, "upload.image_forge").first).to eq(key:, byte_size: photo.bytesize,
                                                               content_type: "image/jpeg")
      expect(result[:events].map { |e| e[:duration] }).to all(be > 0)
    end

    it "checks ActiveStorage's wiring in image_forge:doctor" do
      expect(result[:doctor]).to include(
        "ok   active_storage variant processor: :image_forge",
        /\Aok   active_storage analyzer: ImageForge::ActiveStorageAnalyzer, 1 of \d+\z/,
        "ok   active_storage service: \"#{service}\" (#{service_class})"
      )
      expect(result[:miswired]).to match(
        [[false, "active_storage variant processor", /\A:vips: variants do not render with ImageForge/],
         [false, "active_storage analyzer", "ImageForge::ActiveStorageAnalyzer is not among []"],
         [true, "active_storage service", "\"#{service}\" (#{service_class})"]]
      )
    end
  end

  context "with the Disk service" do
    it_behaves_like "a Rails app logging ImageForge", "local", "DiskService"
  end

  context "with the S3 service on the S3 test server" do
    it_behaves_like "a Rails app logging ImageForge", "s3", "S3Service"
  end
end
