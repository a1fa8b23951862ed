# frozen_string_literal: true

# ImageForge::Endpoint under a real puma on loopback, with Net::HTTP as the client.
KEY = "endpoint-spec-signing-key-0123456789"
OLD_KEY = "endpoint-spec-old-signing-key-9876543210"

RSpec.describe ImageForge::Endpoint do
  before(:all) do
    @root = Dir.mktmpdir("image_forge-endpoint")
    @server = PumaServer.new({ "IMAGE_FORGE_KEYS" => "#{KEY},#{OLD_KEY}", "IMAGE_FORGE_ROOT" => @root,
                               "IMAGE_FORGE_MAX_BYTES" => "1000000" })
    @storage = ImageForge::Storage::Local.new(root: @root)
  end

  after(:all) do
    @server.stop
    FileUtils.rm_rf(@root)
  end

  let(:storage) { @storage }
  let(:server) { @server }
  let(:config) { client_config(KEY) }

  # What the app that builds the URLs has: a key and the server's presets.
  def client_config(key)
    ImageForge::Configuration.new.tap do |c|
      c.signing_keys = [key]
      c.presets = { thumb: { resize_to_fill: [64, 64], format: :webp } }
    end
  end

  def path_for(key, recipe, **options) = ImageForge::SignedUrl.build(key, recipe, config:, **options)

  def info(bytes) = ImageForge::Image.from_blob(bytes).info

  before { storage.upload("photos/a.jpg", quadrants_jpeg(320, 240)) }

  it "renders, stores and serves a variant with caching headers; HEAD and 304 work" do
    path = path_for("photos/a.jpg", { resize_to_limit: [100, 100], format: :webp })
    expect(path).to match(%r{\A/[\w-]{43}/resize_to_limit:100:100,format:webp/photos/a\.jpg\z})
    response = server.get(path)
    expect(response.code).to eq("200")
    expect(response["content-type"]).to eq("image/webp")
    expect(response["cache-control"]).to eq("public, max-age=31536000, immutable")
    expect(response["content-length"].to_i).to eq(response.body.bytesize)
    expect([info(response.body).width, info(response.body).height]).to eq([100, 75])
    etag = response["etag"]
    expect(etag).to match(/\A"\h{32}"\z/)

    expect(server.get(path).body).to eq(response.body)
    head = server.get(path, method: Net::HTTP::Head)
    expect([head.code, head["content-length"], head.body]).to eq(["200", response["content-length"], nil])
    not_modified = server.get(path, headers: { "If-None-Match" => etag })
    expect([not_modified.code, not_modified.body, not_modified["etag"]]).to eq(["304", nil, etag])
  end

  it "refuses tampered and expired signatures, and accepts every configured key" do
    path = path_for("photos/a.jpg", { resize_to_limit: [50, 50] })
    expect(server.get(path.sub("50:50", "51:50")).code).to eq("403")
    expect(server.get(path.sub("a.jpg", "b.jpg")).code).to eq("403")
    signature = path[%r{\A/([^/]+)}, 1]
    expect(server.get(path.sub(signature, signature.reverse)).code).to eq("403")
    expired = path_for("photos/a.jpg", { resize_to_limit: [50, 50] }, expires_at: Time.now - 5)
    expect(server.get(expired).code).to eq("403")
    # The expiry moved into the recipe segment (e%3A<t>) signs the same bytes: refused.
    replayed = expired.sub(%r{/e:(\d+)/}, '/e%3A\1/')
    expect(replayed).not_to eq(expired)
    expect(server.get(replayed).code).to eq("400")
    expiring = server.get(path_for("photos/a.jpg", :thumb, expires_at: Time.now + 60))
    expect(expiring.code).to eq("200")
    # A cache must not keep an expiring URL's answer for longer than the URL lives.
    expect(expiring["cache-control"]).to match(/\Apublic, max-age=(5\d|60)\z/)
    old = client_config(OLD_KEY)
    expect(server.get(ImageForge::SignedUrl.build("photos/a.jpg", :thumb, config: old)).code).to eq("200")
    stranger = client_config("x" * 40)
    expect(server.get(ImageForge::SignedUrl.build("photos/a.jpg", :thumb, config: stranger)).code).to eq("403")
    expect(server.get("/_/-/photos/a.jpg").code).to eq("403") # unsigned is off
    expect(server.get("/no-signature").code).to eq("400")
  end

  it "answers each kind of bad request with its status and no caching header" do
    noise = Random.new(1)
    # Incompressible: about 1.9 MB, over the server's 1 MB max_bytes.
    storage.upload("photos/big.png", ImageForge::Samples.draw_png(800, 800, 3) { Array.new(3) { noise.rand(256) } })
    storage.upload("photos/not-an-image.jpg", "this is text, not a JPEG")
    cases = {
      ImageForge::Native.sign_path(KEY, "resize_to_limit:0:0", "photos/a.jpg", nil) => "400",
      ImageForge::Native.sign_path(KEY, "explode:1", "photos/a.jpg", nil) => "400",
      path_for("photos/a.jpg", { crop: [300, 0, 100, 100] }) => "400",
      path_for("photos/missing.jpg", :thumb) => "404",
      path_for("photos/big.png", :thumb) => "413",
      path_for("photos/a.jpg", { resize_to_fit: [16_000, 16_000] }) => "422", # 192 MP > max_pixels
      path_for("photos/not-an-image.jpg", :thumb) => "415",
      path_for("photos/not-an-image.jpg", { resize_to_limit: [10, 10] }) => "415"
    }
    cases.each do |path, status|
      response = server.get(path)
      expect(response.code).to eq(status), "#{path}: #{response.code} #{response.body}"
      expect(response["cache-control"]).to be_nil
      expect(response["content-type"]).to start_with("text/plain")
    end
    expect(server.get(path_for("photos/a.jpg", :thumb), method: Net::HTTP::Post).code).to eq("405")
    raw = TCPSocket.new("127.0.0.1", server.port)
    raw.write("GET /x/-/\xC3\xFF.jpg HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".b)
    expect(raw.read[%r{\AHTTP/1.1 (\d+)}, 1]).to eq("400") # a path that is not UTF-8
    raw.close
  end

  it "picks AVIF, WebP or JPEG from Accept for format: :auto and varies on it" do
    path = path_for("photos/a.jpg", { resize_to_limit: [40, 40] }, format: :auto)
    expect(path).to include("/resize_to_limit:40:40,format:auto/")
    { "image/avif,image/webp,*/*" => "image/avif", "image/webp,*/*" => "image/webp", "*/*" => "image/jpeg",
      "image/avif;q=0,image/webp,*/*" => "image/webp", "image/avif; q=0.0, image/webp;Q=0" => "image/jpeg",
      "IMAGE/AVIF;q=0.5" => "image/avif", "image/avif;q=nonsense" => "image/jpeg" }
      .each do |accept, type|
        response = server.get(path, headers: { "Accept" => accept })
        expect([response.code, response["content-type"], response["vary"]]).to eq(["200", type, "Accept"])
      end
  end

  it "answers If-None-Match: * with 304 only for a variant that exists or renders" do
    storage.upload("photos/text.jpg", "text, not an image")
    failing = server.get(path_for("photos/text.jpg", :thumb), headers: { "If-None-Match" => "*" })
    expect(failing.code).to eq("415")
    rendering = server.get(path_for("photos/a.jpg", { resize_to_limit: [33, 33] }), headers: { "If-None-Match" => "*" })
    expect(rendering.code).to eq("304")
    expect(storage.list("variants/photos/a.jpg/").map(&:key).to_a).to include(end_with(".jpg"))
  end

  it "refuses redirect: true on Local storage without a base_url (Location would be a server path)" do
    local = ImageForge::Storage::Local.new(root: @root)
    expect { described_class.new(storage: local, redirect: true) }
      .to raise_error(ImageForge::InvalidArgumentError, /base_url/)
    served = ImageForge::Storage::Local.new(root: @root, base_url: "https://cdn.example.com/uploads")
    expect(described_class.new(storage: served, redirect: true).inspect).to include("redirect=true")
  end

  describe "under overload" do
    before(:all) do
      @busy = PumaServer.new({ "IMAGE_FORGE_KEYS" => KEY, "IMAGE_FORGE_ROOT" => @root,
                               "IMAGE_FORGE_MAX_CONCURRENCY" => "1", "IMAGE_FORGE_MAX_QUEUE" => "1",
                               "IMAGE_FORGE_QUEUE_TIMEOUT" => "0.2" })
    end

    after(:all) { @busy.stop }

    it "answers 503 with Retry-After beyond the queue, 200 otherwise, nothing else" do
      storage.upload("photos/large.jpg", quadrants_jpeg(2400, 1800))
      paths = Array.new(12) { |i| path_for("photos/large.jpg", { resize_to_limit: [900 + i, 900], blur: 3 }) }
      responses = paths.map { |p| Thread.new { @busy.get(p) } }.map(&:value)
      statuses = responses.map(&:code).tally
      expect(statuses.keys - %w[200 503]).to be_empty, "#{statuses}\n#{@busy.log}"
      expect(statuses["200"]).to be >= 1
      expect(statuses["503"]).to be >= 1
      expect(responses.select { |r| r.code == "503" }.map { |r| r["retry-after"] }.uniq).to eq(["1"])
    end
  end
end

# A bounded load test: cache hits, cold renders below capacity, and far more cold renders than
# the render gate admits. Numbers for BENCHMARKS.md come from bench/endpoint_load.rb.
RSpec.describe "ImageForge::Endpoint under load" do
  before(:all) do
    @root = Dir.mktmpdir("image_forge-load")
    @key = "load-spec-signing-key-0123456789abcdef"
    @server = PumaServer.new({ "IMAGE_FORGE_KEYS" => @key, "IMAGE_FORGE_ROOT" => @root,
                               "IMAGE_FORGE_MAX_CONCURRENCY" => "2", "IMAGE_FORGE_MAX_QUEUE" => "2",
                               "IMAGE_FORGE_QUEUE_TIMEOUT" => "0.5" })
    ImageForge::Storage::Local.new(root: @root).upload("load/a.jpg", quadrants_jpeg(2400, 1800))
    @config = ImageForge::Configuration.new.tap { |c| c.signing_keys = [@key] }
  end

  after(:all) do
    @server.stop
    FileUtils.rm_rf(@root)
  end

  def paths(count, base = 300) = Array.new(count) { |i| url({ resize_to_limit: [base + i, base + i] }) }

  def url(recipe) = ImageForge::SignedUrl.build("load/a.jpg", recipe, config: @config)

  it "serves cache hits and cold renders below capacity without an error" do
    hits = LoadDriver.run(@server, [url({ resize_to_limit: [200, 200] })], clients: 8, count: 300)
    expect(hits.statuses).to eq("200" => 300)
    cold = LoadDriver.run(@server, paths(10), clients: 2, count: 10)
    expect(cold.statuses).to eq("200" => 10)
    expect(hits.client_errors + cold.client_errors).to be_empty
  end

  it "answers only 200 or 503 far above capacity, with no timeouts and bounded memory" do
    overload = LoadDriver.run(@server, paths(60, 1000), clients: 24, count: 60)
    expect(overload.statuses.keys - %w[200 503]).to be_empty, "#{overload.statuses}\n#{@server.log}"
    expect(overload.statuses["503"]).to be_positive
    expect(overload.client_errors).to be_empty
    expect(overload.peak_rss_mb).to be < 400
  end
end

RSpec.describe "ImageForge::Endpoint on S3" do
  let(:storage) { S3Server.storage }
  let(:config) { ImageForge::Configuration.new.tap { |c| c.signing_keys = [KEY] } }

  def serve_from_s3(redirect:)
    server = PumaServer.new(TestStorage.env_for(storage).merge("IMAGE_FORGE_KEYS" => KEY,
                                                               "IMAGE_FORGE_REDIRECT" => redirect ? "1" : "0"))
    yield server
  ensure
    server&.stop
  end

  before { storage.upload("photos/s3.jpg", quadrants_jpeg(200, 100)) }

  it "streams variants stored on S3" do
    path = ImageForge::SignedUrl.build("photos/s3.jpg", { resize_to_limit: [50, 50], format: :png }, config:)
    serve_from_s3(redirect: false) do |server|
      response = server.get(path)
      expect([response.code, response["content-type"]]).to eq(["200", "image/png"])
      expect(response.body.b).to eq(storage.download(storage.list("variants/photos/s3.jpg/").first.key))
    end
  end

  it "redirects to the presigned URL of a stored variant when configured to" do
    path = ImageForge::SignedUrl.build("photos/s3.jpg", { resize_to_limit: [40, 40], format: :webp }, config:)
    serve_from_s3(redirect: true) do |server|
      response = server.get(path)
      expect(response.code).to eq("302")
      expect(response["cache-control"]).to eq("public, max-age=1800")
      image = Net::HTTP.get_response(URI(response["location"]))
      expect(image.code).to eq("200")
      expect(ImageForge::Image.from_blob(image.body.b).info.to_h).to include(format: :webp, width: 40, height: 20)

      # A signed URL expiring in 60 s: neither the cached redirect nor its Location outlives it.
      expiring_path = ImageForge::SignedUrl.build("photos/s3.jpg", { resize_to_limit: [40, 40], format: :webp },
                                                  config:, expires_at: Time.now + 60)
      expiring = server.get(expiring_path)
      expect(expiring.code).to eq("302")
      expect(expiring["cache-control"][/max-age=(\d+)/, 1].to_i).to be_between(25, 30)
      expect(URI.decode_www_form(URI(expiring["location"]).query).to_h["X-Amz-Expires"].to_i).to be_between(55, 60)
    end
  end
end
