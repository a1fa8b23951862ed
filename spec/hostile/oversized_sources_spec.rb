# frozen_string_literal: true

# Sources far over max_bytes (a real JPEG's header, then a sparse hole: no disk used) are
# refused from their size, before they are read: peak RSS of a fresh process
# (spec/hostile/oversized_source.rb) and of puma.
RSpec.describe "Sources over max_bytes", :tmpdir do
  let(:script) { File.join(__dir__, "oversized_source.rb") }
  let(:gib) { 1024**3 }
  let(:max_bytes) { 100 * 1024 * 1024 }
  let(:signing_key) { "oversized-sources-spec-signing-key-0123456789" }

  def sparse(path, size)
    FileUtils.mkdir_p(File.dirname(path))
    File.open(path, "wb") do |f|
      f.write(quadrants_jpeg(64, 64))
      f.truncate(size)
    end
    path
  end

  # [outcome line, peak RSS in MB] of MODE in a new process.
  def run(mode, target, *args)
    out, status = RubyProcess.run(script, mode, target, max_bytes, *args, timeout: 120)
    raise "child failed: #{out}" unless status.success?

    outcome, peak = out.lines.map(&:strip)
    warn "#{mode}: #{outcome}, peak RSS #{Integer(peak) / 1024} MB" if ENV["VERBOSE"]
    [outcome, Integer(peak) / 1024.0]
  end

  it "refuses a 1 GiB file given as a Pathname from its size, without reading it" do
    outcome, peak_mb = run("upload_path", sparse(File.join(@tmpdir, "big.jpg"), gib))
    expect(outcome).to eq("ImageForge::LimitExceededError bytes")
    expect(peak_mb).to be < 100
    expect(Dir.exist?(File.join(@tmpdir, "store"))).to be(false)
  end

  it "refuses to describe a 1 GiB file (Image#info, the ActiveStorage analyzer) from its size" do
    outcome, peak_mb = run("image_info", sparse(File.join(@tmpdir, "big.jpg"), gib))
    expect(outcome).to eq("ImageForge::LimitExceededError bytes")
    expect(peak_mb).to be < 100
  end

  it "stops reading an IO of unknown size one byte past max_bytes" do
    outcome, peak_mb = run("upload_pipe", sparse(File.join(@tmpdir, "big.jpg"), gib))
    expect(outcome).to eq("ImageForge::LimitExceededError bytes")
    expect(peak_mb).to be < 100 + (max_bytes / 1024 / 1024)
  end

  it "refuses a 1 GiB file in Local storage from its size" do
    outcome, peak_mb = run("local_get", sparse(File.join(@tmpdir, "big.jpg"), gib))
    expect(outcome).to eq("ImageForge::LimitExceededError bytes")
    expect(peak_mb).to be < 100
  end

  it "refuses a 1 GiB S3 object from its Content-Length, without reading its body" do
    storage = S3Server.storage
    # Put straight into s3s-fs's directory: a sparse file, where an upload would write 1 GiB.
    sparse(File.join(S3Server.settings[:root], S3Server.settings[:bucket], storage.prefix, "big.jpg"), gib)
    expect(storage.head("big.jpg").size).to eq(gib)
    outcome, peak_mb = run("s3_get", "big.jpg", storage.prefix.chomp("/"))
    expect(outcome).to eq("ImageForge::LimitExceededError bytes")
    expect(peak_mb).to be < 100
  end

  describe "through the endpoint" do
    def serve(storage)
      server = PumaServer.new(TestStorage.env_for(storage).merge("IMAGE_FORGE_KEYS" => signing_key,
                                                                 "IMAGE_FORGE_MAX_BYTES" => max_bytes.to_s))
      config = ImageForge::Configuration.new.tap { |c| c.signing_keys = [signing_key] }
      recipe = { resize_to_limit: [100, 100], format: :webp } # the sparse object has no stored type
      response = server.get(ImageForge::SignedUrl.build("photos/huge.jpg", recipe, config:))
      warn "endpoint: #{response.code}, puma peak RSS #{server.peak_rss_mb.round} MB" if ENV["VERBOSE"]
      [response, server.peak_rss_mb]
    ensure
      server&.stop
    end

    it "answers 413 for a 1.5 GiB original in Local storage without holding it" do
      root = File.join(@tmpdir, "root")
      sparse(File.join(root, "photos", "huge.jpg"), gib * 3 / 2)
      response, peak_mb = serve(ImageForge::Storage::Local.new(root:))
      expect(response.code).to eq("413"), response.body
      expect(peak_mb).to be < 250
    end

    it "answers 413 for a 1.5 GiB original on S3 without downloading it" do
      storage = S3Server.storage
      sparse(File.join(S3Server.settings[:root], S3Server.settings[:bucket], storage.prefix, "photos", "huge.jpg"),
             gib * 3 / 2)
      response, peak_mb = serve(storage)
      expect(response.code).to eq("413"), response.body
      expect(peak_mb).to be < 250
    end
  end
end
