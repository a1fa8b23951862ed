# frozen_string_literal: true

require "timeout"

# S3 misbehaving, through FaultProxy in front of the test server: retries recover from what
# is transient, time limits end what hangs, and failures leave nothing half-written behind.
RSpec.describe ImageForge::Storage::S3, :tmpdir do
  let(:jpeg) { quadrants_jpeg(40, 30) }
  let(:proxy) { FaultProxy.new(S3Server.settings[:endpoint]) }
  let(:settings) { { read_timeout: 1, operation_timeout: 10, initial_backoff: 0.01 } }
  let(:storage) { S3Server.storage(endpoint: proxy.endpoint, **settings) }
  let(:direct) { S3Server.storage(prefix: storage.prefix.chomp("/")) }

  after { proxy.close }

  def attempts(pattern) = proxy.requests.count { |line, _| line.match?(pattern) }

  it "retries 503 SlowDown and succeeds" do
    proxy.inject(:slowdown, match: /^PUT /, times: 2)
    storage.upload("retry.jpg", jpeg)
    expect(attempts(/^PUT /)).to eq(3)
    expect(direct.download("retry.jpg")).to eq(jpeg)
  end

  it "gives up after max_attempts with S3's code and request id" do
    proxy.inject(:slowdown, match: /^GET /, times: 10)
    error = (storage.download("x.jpg") rescue $!) # rubocop:disable Style/RescueModifier,Style/SpecialGlobalVars
    expect(error).to be_a(ImageForge::StorageError)
    expect([error.code, error.status, error.request_id]).to eq(["SlowDown", 503, "FAULTPROXY"])
    expect(error.message).to include("SlowDown", "FAULTPROXY")
    expect(attempts(/^GET /)).to eq(3)
  end

  it "retries a reset connection and succeeds" do
    storage.upload("reset.jpg", jpeg)
    proxy.inject(:reset, match: /^GET /)
    expect(storage.download("reset.jpg")).to eq(jpeg)
    expect(attempts(/^GET /)).to eq(2)
  end

  it "times out a stalled server with TimeoutError, within the configured time" do
    proxy.inject(:stall, match: /^HEAD /, times: 10)
    stalled = S3Server.storage(endpoint: proxy.endpoint, read_timeout: 1, max_attempts: 1)
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    expect { stalled.head("slow.jpg") }.to raise_error(ImageForge::TimeoutError)
    expect(Process.clock_gettime(Process::CLOCK_MONOTONIC) - started).to be < 5
  end

  it "lets Timeout interrupt a stalled call without wedging the process" do
    proxy.inject(:stall, match: /^GET /)
    patient = S3Server.storage(endpoint: proxy.endpoint, read_timeout: 60, operation_timeout: 60)
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    expect { Timeout.timeout(0.5) { patient.download("x.jpg") } }.to raise_error(Timeout::Error)
    expect(Process.clock_gettime(Process::CLOCK_MONOTONIC) - started).to be < 2
    storage.upload("after.jpg", jpeg)
    expect(storage.download("after.jpg")).to eq(jpeg)
  end

  it "has S3 refuse an upload whose bytes changed on the way (checksum) and sends it again" do
    proxy.inject(:corrupt_request, match: /^PUT /)
    storage.upload("resent.jpg", jpeg)
    expect(attempts(/^PUT /)).to eq(2)
    expect(direct.download("resent.jpg")).to eq(jpeg)
  end

  it "fails cleanly when every attempt arrives corrupted, storing nothing" do
    proxy.inject(:corrupt_request, match: /^PUT /, times: 10)
    # s3s-fs answers 500 InternalError here where AWS says 400 BadDigest: either is final.
    expect { storage.upload("corrupt.jpg", jpeg) }
      .to raise_error(ImageForge::StorageError) { |e| expect(e.code).to match(/BadDigest|InternalError/) }
    expect(direct.exists?("corrupt.jpg")).to be(false)
  end

  it "refuses a download whose bytes changed on the way (checksum)" do
    storage.upload("sound.jpg", jpeg)
    proxy.inject(:corrupt_response, match: /^GET /, times: 3)
    expect { storage.download("sound.jpg") }.to raise_error(ImageForge::StorageError, /checksum/i)
    target = File.join(@tmpdir, "sound.jpg")
    expect { storage.download("sound.jpg", to: target) }.to raise_error(ImageForge::StorageError, /checksum/i)
    expect(Dir.children(@tmpdir)).to be_empty
  end

  describe "multipart uploads" do
    let(:settings) do
      { multipart_threshold: 5 * 1024 * 1024, part_size: 5 * 1024 * 1024, concurrency: 2,
        read_timeout: 2, initial_backoff: 0.01 }
    end
    let(:big) do
      Pathname(@tmpdir).join("big.bin").tap do |path|
        File.open(path, "wb") { |f| 12.times { |i| f.write(Random.new(i).bytes(1024 * 1024)) } }
      end
    end

    it "sends parts in parallel and reassembles them exactly" do
      storage.upload("big.bin", big)
      expect(attempts(/^PUT .*partNumber=/)).to eq(3)
      expect(direct.head("big.bin").size).to eq(File.size(big))
      expect(Digest::SHA256.hexdigest(direct.download("big.bin"))).to eq(Digest::SHA256.file(big).hexdigest)
    end

    it "retries a failed part and still completes" do
      proxy.inject(:slowdown, match: /partNumber=2/)
      storage.upload("retried.bin", big)
      expect(attempts(/partNumber=2/)).to eq(2)
      expect(direct.download("retried.bin").bytesize).to eq(File.size(big))
    end

    it "aborts when a part keeps failing: no object and no open upload remain" do
      proxy.inject(:reset, match: /partNumber=2/, times: 10)
      expect { storage.upload("failed.bin", big) }.to raise_error(ImageForge::StorageError)
      expect(attempts(/^DELETE .*uploadId=/)).to eq(1)
      expect(direct.exists?("failed.bin")).to be(false)
      expect(S3Server.open_upload_files).to be_empty
    end
  end
end
