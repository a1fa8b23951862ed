# frozen_string_literal: true

require "json"

# Every file in spec/support/hostile_inputs.rb, through the Ruby API (in a fresh process, so
# its peak memory is the renders' own) and through the endpoint under puma.
RSpec.describe "Hostile input" do
  let(:max_rss_mb) { 200 }
  # A hang guard, far above any case's real time (all are well under a second here).
  let(:max_seconds) { 10 }
  let(:signing_key) { "hostile-input-spec-signing-key-0123456789" }

  before(:all) do
    @dir = Dir.mktmpdir("image_forge-hostile")
    @cases = HostileInputs.all
    @cases.each_with_index { |c, i| File.binwrite(File.join(@dir, "#{i}.bin"), c.bytes) }
  end

  after(:all) { FileUtils.rm_rf(@dir) }

  # [one Hash per file, peak RSS in MB] from spec/hostile/render_each.rb in a new process.
  def run_api(dir, count)
    script = File.join(__dir__, "render_each.rb")
    out, status = RubyProcess.run(script, dir, count, HostileInputs::MAX_MEMORY, timeout: 120)
    raise "child failed: #{out}" unless status.success?

    lines = out.lines
    [lines[0..-2].map { |line| JSON.parse(line, symbolize_names: true) }, Integer(lines.last) / 1024.0]
  end

  # Header-level refusals happen at upload too; upload reads only the header, so a file cut
  # after it is stored there and fails at render.
  def upload_outcomes(c)
    expected = c.outcome == :ok ? "ImageForge::Blob" : c.outcome.name
    header_level = [:ok, ImageForge::LimitExceededError, ImageForge::UnsupportedFormatError].include?(c.outcome)
    header_level ? [expected] : [expected, "ImageForge::Blob"]
  end

  it "gets the precise error (or a clean render) from the Ruby API, in bounded time and memory" do
    results, peak_mb = run_api(@dir, @cases.size)
    expect(results.size).to eq(@cases.size)
    @cases.zip(results).each do |c, result|
      expect(result[:class]).to eq(c.outcome == :ok ? "ok" : c.outcome.name), "#{c.name}: #{result}"
      expect(result[:seconds]).to be < max_seconds, c.name
      expect(result[:payload]).to be(false), "#{c.name} kept its payload" if c.outcome == :ok
      expect(upload_outcomes(c)).to include(result[:upload]), "#{c.name}: upload gave #{result[:upload]}"
    end
    accepted = results.select { |r| r[:upload] == "ImageForge::Blob" }.map { |r| "#{r[:i]}.jpg" }
    stored = Dir.glob(File.join(@dir, "storage", "up", "*")).map { |f| File.basename(f) }
    expect(stored.sort).to eq(accepted.sort)
    slowest = results.map { |r| r[:seconds] }.max
    warn "API: peak RSS #{peak_mb.round} MB, slowest case #{slowest.round(3)} s" if ENV["VERBOSE"]
    expect(peak_mb).to be < max_rss_mb
  end

  describe "through the endpoint" do
    before(:all) do
      @root = Dir.mktmpdir("image_forge-hostile-endpoint")
      storage = ImageForge::Storage::Local.new(root: @root)
      # Every file under a .jpg key, whatever it really is.
      @cases.each_with_index { |c, i| storage.upload("hostile/#{i}.jpg", c.bytes) }
      @server = PumaServer.new({ "IMAGE_FORGE_KEYS" => "hostile-input-spec-signing-key-0123456789",
                                 "IMAGE_FORGE_ROOT" => @root,
                                 "IMAGE_FORGE_MAX_MEMORY" => HostileInputs::MAX_MEMORY.to_s })
    end

    after(:all) do
      @server&.stop
      FileUtils.rm_rf(@root)
    end

    def status_for(outcome)
      return "200" if outcome == :ok

      { ImageForge::LimitExceededError => "422", ImageForge::InvalidImageError => "415",
        ImageForge::UnsupportedFormatError => "415" }.fetch(outcome)
    end

    it "answers 4xx (never 500) or a re-encoded image, with nosniff, in bounded memory" do
      config = ImageForge::Configuration.new.tap { |c| c.signing_keys = [signing_key] }
      @cases.each_with_index do |c, i|
        path = ImageForge::SignedUrl.build("hostile/#{i}.jpg", { resize_to_limit: [100, 100] }, config:)
        response = @server.get(path, timeout: max_seconds)
        expect(response.code).to eq(status_for(c.outcome)), "#{c.name}: #{response.code} #{response.body[0, 200]}"
        expect(response["x-content-type-options"]).to eq("nosniff"), c.name
        next unless c.outcome == :ok

        expect(response["content-type"]).to match(%r{\Aimage/(png|jpeg|gif)\z}), c.name
        expect(response.body).not_to include("<script"), c.name
        expect(ImageForge::Image.from_blob(response.body).info.width).to be <= 100
      end
      warn "endpoint peak RSS: #{@server.peak_rss_mb.round} MB" if ENV["VERBOSE"]
      expect(@server.peak_rss_mb).to be < max_rss_mb
      expect(@server.log).not_to match(/Error|panicked/)
    end
  end
end
