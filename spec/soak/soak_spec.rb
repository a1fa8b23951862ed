# frozen_string_literal: true

require "timeout"

# Short, bounded versions of the soak (`rake soak` runs 10,000 renders; results in
# SECURITY.md), and 16 threads rendering and uploading at once.
RSpec.describe "Soak" do
  def soak(*args)
    out, status = RubyProcess.run(File.expand_path("../../bench/soak.rb", __dir__), *args, timeout: 300)
    [status, out.lines.last.to_s.scan(/(\w+)=(\S+)/).to_h]
  end

  it "renders 4,000 mixed recipes in one process with every output right and RSS growth under 10%" do
    [1, 16].each do |threads|
      status, result = soak(4000, threads, 2000)
      expect(result["wrong"]).to eq("0"), result.inspect
      expect(Float(result["growth_percent"])).to be < 10, result.inspect
      expect(status).to be_success
    end
  end

  describe "16 threads rendering and uploading" do
    let(:sources) do
      { jpeg: quadrants_jpeg(320, 240), png: quadrants_png(200, 300),
        webp: ImageForge::Image.from_blob(quadrants_png(240, 240)).convert(:webp).to_blob }
    end
    let(:recipes) do
      [{ resize_to_limit: [120, 120] }, { resize_to_fill: [64, 64], convert: :webp },
       { rotate: 90, convert: :png }, { crop: [0, 0, 100, 100], convert: :jpeg }]
    end

    # Each of 16 threads renders a fixed list of (source, recipe) pairs and uploads every
    # result under its own key; returns [key, expected bytes] for each upload.
    def hammer(storage, per_thread)
      pairs = sources.values.product(recipes)
      expected = pairs.map { |bytes, recipe| ImageForge::Image.from_blob(bytes).apply(recipe).to_blob }
      threads = Array.new(16) do |t|
        Thread.new do
          Array.new(per_thread) do |n|
            k = ((t * per_thread) + n) % pairs.size
            bytes, recipe = pairs[k]
            out = ImageForge::Image.from_blob(bytes).apply(recipe).to_blob
            key = "threads/#{t}/#{n}.bin"
            storage.upload(key, out)
            [key, expected[k], out]
          end
        end
      end
      Timeout.timeout(180) { threads.flat_map(&:value) } # a deadlock fails here, not hangs
    end

    def check(storage, per_thread)
      results = hammer(storage, per_thread)
      expect(results.size).to eq(16 * per_thread)
      results.each do |key, expected, out|
        expect(out).to eq(expected), "#{key}: render differs from the single-threaded one"
        expect(storage.download(key)).to eq(expected), "#{key}: stored bytes differ"
      end
    end

    it "gives right renders and stored objects on Local storage", :tmpdir do
      check(ImageForge::Storage::Local.new(root: @tmpdir), 25)
    end

    it "gives right renders and stored objects on S3" do
      check(S3Server.storage, 10)
    end
  end
end
