# frozen_string_literal: true

require "net/http"

# Against s3s-fs, a real S3-compatible server that checks SigV4 (see bin/s3-server).
RSpec.describe ImageForge::Storage::S3, :tmpdir do
  let(:jpeg) { quadrants_jpeg(40, 30) }
  let(:storage) { S3Server.storage }

  it_behaves_like "a storage"

  it "stores the headers it is given and sniffs the content type when none is" do
    storage.upload("meta.jpg", jpeg, cache_control: "public, max-age=60",
                                     content_disposition: 'inline; filename="m.jpg"', metadata: { source: "spec" })
    head = storage.head("meta.jpg")
    expect(head.to_h).to include(content_type: "image/jpeg", cache_control: "public, max-age=60",
                                 content_disposition: 'inline; filename="m.jpg"', metadata: { "source" => "spec" })
    storage.upload("given.bin", "raw", content_type: "application/x-thing")
    expect(storage.head("given.bin").content_type).to eq("application/x-thing")
  end

  it "keeps objects of different prefixes apart" do
    other = S3Server.storage
    storage.upload("same.jpg", jpeg)
    expect(other.exists?("same.jpg")).to be(false)
    expect(storage.list.map(&:key).to_a).to eq(["same.jpg"])
  end

  it "lists 1,500 keys across pages, fetching pages as they are consumed" do
    keys = Array.new(1500) { |i| format("many/%04d.bin", i) }
    keys.each_slice(100).map { |slice| Thread.new { slice.each { |k| storage.upload(k, "\0#{k}") } } }.each(&:join)
    expect(storage.list("many/").map(&:key).to_a).to eq(keys)
    expect(storage.list("many/").first(3).map(&:key)).to eq(keys.first(3))
  end

  it "uploads a 64 MB file in parts with the process' RSS growing by less than 64 MB" do
    path = File.join(@tmpdir, "64mb.bin")
    File.open(path, "wb") { |f| 64.times { |i| f.write(Random.new(i).bytes(1024 * 1024)) } }
    # A fresh process, so the peak (VmHWM) is this upload's and not an earlier example's.
    script = <<~RUBY
      require "image_forge"
      require "securerandom"
      require #{File.expand_path("../../support/s3_server", __dir__).inspect}
      storage = S3Server.storage(prefix: #{storage.prefix.chomp("/").inspect})
      storage.upload("warm-up.bin", "\\0" * 1024)
      status = -> { File.read("/proc/self/status") }
      before = status.call[/VmRSS:\\s+(\\d+)/, 1].to_i
      storage.upload("64mb.bin", Pathname(#{path.inspect}))
      puts [before, status.call[/VmHWM:\\s+(\\d+)/, 1].to_i].join(" ")
    RUBY
    out = IO.popen([RbConfig.ruby, "-I", File.expand_path("../../../lib", __dir__), "-e", script], &:read)
    expect(Process.last_status).to be_success
    before_kb, peak_kb = out.split.map(&:to_i)
    expect(peak_kb - before_kb).to be < 64 * 1024
    expect(storage.head("64mb.bin").size).to eq(64 * 1024 * 1024)
    expect(storage.head("64mb.bin").etag).to end_with("-8") # 8 parts of 8 MiB
    expect(Digest::SHA256.hexdigest(storage.download("64mb.bin"))).to eq(Digest::SHA256.file(path).hexdigest)
    puts "  64 MB multipart upload: RSS +#{(peak_kb - before_kb) / 1024} MB" if ENV["VERBOSE"]
  end

  it "raises AccessDeniedError for a wrong secret, carrying S3's code" do
    storage.upload("private.jpg", jpeg)
    wrong = S3Server.storage(prefix: storage.prefix.chomp("/"), secret_access_key: "not-the-secret")
    error = (wrong.download("private.jpg") rescue $!) # rubocop:disable Style/RescueModifier,Style/SpecialGlobalVars
    expect(error).to be_a(ImageForge::AccessDeniedError)
    expect(error.code).to eq("SignatureDoesNotMatch")
    expect(error.status).to eq(403)
  end

  describe "presigned URLs" do
    it "lets a plain HTTP client PUT with the bound content type and length, then GET it" do
      request = ImageForge.presigned_upload(key: "direct.jpg", content_type: "image/jpeg",
                                            content_length: jpeg.bytesize, expires_in: 300, storage:)
      expect(request.http_method).to eq("PUT")
      expect(request.headers).to include("content-type" => "image/jpeg")
      response = http(:put, request.url, jpeg, request.headers)
      expect(response.code).to eq("200"), response.body
      expect(storage.download("direct.jpg")).to eq(jpeg)
      expect(http(:get, storage.presigned_url("direct.jpg")).body.b).to eq(jpeg)
    end

    it "binds a content_length no larger than max_bytes into presigned uploads" do
      upload = lambda do |**options|
        ImageForge.presigned_upload(key: "up.jpg", content_type: "image/jpeg", storage:, **options)
      end
      max = ImageForge.config.max_bytes
      expect(upload.call(content_length: max).url).to include("content-length")
      expect { upload.call(content_length: max + 1) }
        .to raise_error(ImageForge::LimitExceededError, /content_length #{max + 1} is over max_bytes/) { |e|
          expect(e.limit).to eq(:bytes)
        }
      expect { upload.call(content_length: 2_000, max_bytes: 1_000) }.to raise_error(ImageForge::LimitExceededError)
      [nil, "12", -1].each do |length|
        expect { upload.call(content_length: length) }
          .to raise_error(ImageForge::InvalidArgumentError, /content_length/)
      end
      expect(upload.call(max_bytes: nil).url).not_to include("content-length")
    end

    it "refuses a PUT with another content type or length than was signed" do
      request = storage.presigned_request("typed.jpg", method: :put, content_type: "image/jpeg",
                                                       content_length: jpeg.bytesize)
      expect(http(:put, request.url, jpeg, request.headers.merge("content-type" => "text/html")).code).to eq("403")
      expect(http(:put, request.url, "#{jpeg}x", request.headers).code).to eq("403")
      expect(storage.exists?("typed.jpg")).to be(false)
    end

    it "refuses a tampered URL" do
      storage.upload("t.jpg", jpeg)
      url = storage.presigned_url("t.jpg")
      expect(http(:get, url).code).to eq("200")
      expect(http(:get, url.sub("t.jpg", "u.jpg")).code).to eq("403")
      expect(http(:get, url.sub(/X-Amz-Expires=\d+/, "X-Amz-Expires=604800")).code).to eq("403")
      signature = url[/X-Amz-Signature=(\h+)/, 1]
      expect(http(:get, url.sub(signature, signature.reverse)).code).to eq("403")
    end

    it "sets the Content-Disposition of the answer" do
      storage.upload("cd.jpg", jpeg)
      url = storage.presigned_url("cd.jpg", disposition: 'attachment; filename="photo.jpg"')
      expect(http(:get, url)["content-disposition"]).to eq('attachment; filename="photo.jpg"')
    end
  end

  it "is configured from the environment, and becomes the default storage with IMAGE_FORGE_STORAGE=s3" do
    s = S3Server.settings
    env = { "IMAGE_FORGE_STORAGE" => "s3", "IMAGE_FORGE_S3_BUCKET" => s[:bucket],
            "IMAGE_FORGE_S3_ENDPOINT" => s[:endpoint], "IMAGE_FORGE_S3_FORCE_PATH_STYLE" => "true",
            "IMAGE_FORGE_S3_PREFIX" => storage.prefix, "AWS_ACCESS_KEY_ID" => s[:access_key],
            "AWS_SECRET_ACCESS_KEY" => s[:secret_key], "AWS_REGION" => "eu-west-3" }
    saved = ENV.to_h.slice(*env.keys)
    env.each { |k, v| ENV[k] = v }
    default = ImageForge::Configuration.new.storage
    expect(default).to be_a(described_class)
    expect([default.bucket, default.region, default.prefix]).to eq([s[:bucket], "eu-west-3", storage.prefix])
    default.upload("from-env.jpg", jpeg) # credentials from the AWS chain's environment provider
    expect(storage.download("from-env.jpg")).to eq(jpeg)
    expect { described_class.from_env({}) }.to raise_error(ImageForge::InvalidArgumentError, /IMAGE_FORGE_S3_BUCKET/)
  ensure
    env.each_key { |k| saved.key?(k) ? ENV[k] = saved[k] : ENV.delete(k) }
  end

  it "never shows the secret in inspect or error messages" do
    secret = S3Server.settings[:secret_key]
    wrong = S3Server.storage(secret_access_key: "#{secret}-wrong")
    messages = [storage.inspect, wrong.inspect, storage.to_s]
    messages << (wrong.download("x.jpg") rescue $!).message # rubocop:disable Style/RescueModifier,Style/SpecialGlobalVars
    unreachable = S3Server.storage(endpoint: "http://127.0.0.1:9", max_attempts: 1, connect_timeout: 1)
    messages << (unreachable.exists?("x.jpg") rescue $!).message # rubocop:disable Style/RescueModifier,Style/SpecialGlobalVars
    expect(messages.join("\n")).not_to include(secret)
    expect(messages.last).to match(/cannot reach S3/)
  end

  it "works in a forked child and in the parent afterwards" do
    storage.upload("before-fork.jpg", jpeg)
    reader, writer = IO.pipe
    pid = fork do
      reader.close
      child = storage.download("before-fork.jpg") == jpeg
      storage.upload("from-child.jpg", jpeg)
      writer.write(child ? "ok" : "bad")
      exit!(0)
    rescue StandardError => e
      writer.write("#{e.class}: #{e.message}")
      exit!(1)
    end
    writer.close
    _, status = Process.wait2(pid)
    expect(reader.read).to eq("ok")
    expect(status).to be_success
    expect(storage.download("from-child.jpg")).to eq(jpeg)
  end

  def http(method, url, body = nil, headers = {})
    uri = URI(url)
    request = (method == :put ? Net::HTTP::Put : Net::HTTP::Get).new(uri, headers)
    request.body = body if body
    Net::HTTP.start(uri.host, uri.port) { |h| h.request(request) }
  end
end
