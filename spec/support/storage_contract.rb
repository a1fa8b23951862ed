# frozen_string_literal: true

require "net/http"
require "stringio"

# The storage contract: every store (Local, S3) passes the same examples, like Shrine's
# storage linter. The including group defines `storage` (a fresh, empty store) and runs with
# :tmpdir.
RSpec.shared_examples "a storage" do
  let(:jpeg) { quadrants_jpeg(40, 30) }

  it "round-trips bytes, a Pathname, a File and an IO" do
    path = File.join(@tmpdir, "in.jpg")
    File.binwrite(path, jpeg)
    sources = { "bytes" => jpeg, "pathname" => Pathname(path), "io" => StringIO.new(jpeg) }
    File.open(path, "rb") do |file|
      sources.merge("file" => file).each do |name, source|
        expect(storage.upload("in/#{name}.jpg", source)).to eq("in/#{name}.jpg")
        got = storage.download("in/#{name}.jpg")
        expect(got).to eq(jpeg), name
        expect(got.encoding).to eq(Encoding::BINARY)
      end
    end
  end

  it "downloads to a path (atomically) and to an IO" do
    storage.upload("d.jpg", jpeg)
    target = File.join(@tmpdir, "out.jpg")
    expect(storage.download("d.jpg", to: target)).to eq(target)
    expect(File.binread(target)).to eq(jpeg)
    expect(Dir.children(@tmpdir)).to eq(["out.jpg"])
    io = StringIO.new(+"", "wb")
    expect(storage.download("d.jpg", to: io)).to be(io)
    expect(io.string.b).to eq(jpeg)
  end

  it "refuses an object over max_bytes, to memory and to a file, and serves one at the limit" do
    storage.upload("m.jpg", jpeg)
    expect(storage.download("m.jpg", max_bytes: jpeg.bytesize)).to eq(jpeg)
    [nil, File.join(@tmpdir, "m.jpg")].each do |to|
      expect { storage.download("m.jpg", to:, max_bytes: jpeg.bytesize - 1) }
        .to raise_error(ImageForge::LimitExceededError, /max_bytes/) { |e| expect(e.limit).to eq(:bytes) }
    end
    expect(Dir.children(@tmpdir)).to be_empty
  end

  it "reports existence, heads and deletes idempotently" do
    expect(storage.exists?("h.jpg")).to be(false)
    storage.upload("h.jpg", jpeg)
    expect(storage.exists?("h.jpg")).to be(true)
    head = storage.head("h.jpg")
    expect(head.size).to eq(jpeg.bytesize)
    expect(head.etag).to eq(Digest::MD5.hexdigest(jpeg))
    expect(head.content_type).to eq("image/jpeg")
    expect(head.last_modified).to be_within(60).of(Time.now)
    expect(storage.delete("h.jpg")).to be_nil
    expect(storage.exists?("h.jpg")).to be(false)
    expect(storage.delete("h.jpg")).to be_nil
  end

  it "raises NotFoundError for a missing key on download, head and copy" do
    expect { storage.download("missing.jpg") }.to raise_error(ImageForge::NotFoundError, /missing\.jpg/)
    expect { storage.download("missing.jpg", to: File.join(@tmpdir, "x")) }.to raise_error(ImageForge::NotFoundError)
    expect { storage.head("missing.jpg") }.to raise_error(ImageForge::NotFoundError)
    expect { storage.copy("missing.jpg", "to.jpg") }.to raise_error(ImageForge::NotFoundError)
    expect(Dir.children(@tmpdir)).to be_empty
  end

  it "stores a String as the bytes it holds, never as a path to read" do
    path = File.join(@tmpdir, "secret.txt")
    File.write(path, "server secret")
    storage.upload("s.txt", path)
    expect(storage.download("s.txt")).to eq(path.b)
  end

  it "raises NotFoundError for a missing source file, storing nothing" do
    expect { storage.upload("k.jpg", Pathname(@tmpdir).join("nope.jpg")) }.to raise_error(ImageForge::NotFoundError)
    expect(storage.exists?("k.jpg")).to be(false)
  end

  it "copies an object" do
    storage.upload("from.jpg", jpeg)
    expect(storage.copy("from.jpg", "sub/to.jpg")).to eq("sub/to.jpg")
    expect(storage.download("sub/to.jpg")).to eq(jpeg)
    expect(storage.download("from.jpg")).to eq(jpeg)
  end

  it "lists keys under a prefix lazily" do
    %w[p/a.jpg p/b.jpg p/sub/c.jpg pq.jpg other/d.jpg].each { |k| storage.upload(k, jpeg) }
    listing = storage.list("p/")
    expect(listing).to be_a(Enumerator::Lazy)
    expect(listing.map(&:key).to_a).to contain_exactly("p/a.jpg", "p/b.jpg", "p/sub/c.jpg")
    expect(storage.list("p").map(&:key).to_a).to contain_exactly("p/a.jpg", "p/b.jpg", "p/sub/c.jpg", "pq.jpg")
    expect(storage.list.map(&:key).to_a.size).to eq(5)
    expect(listing.first.size).to eq(jpeg.bytesize)
    expect(storage.list("none/").to_a).to be_empty
  end

  it "refuses invalid keys before touching storage" do
    ["../x.jpg", "/abs.jpg", "a//b.jpg", "nul\0.jpg"].each do |key|
      expect { storage.upload(key, jpeg) }.to raise_error(ImageForge::InvalidKeyError), key.inspect
      expect { storage.download(key) }.to raise_error(ImageForge::InvalidKeyError)
    end
    expect { storage.list("../") }.to raise_error(ImageForge::InvalidKeyError)
    expect(storage.list.to_a).to be_empty
  end

  it "gives a GET URL for a stored object" do
    storage.upload("u/ü b.jpg", jpeg)
    url = URI(storage.presigned_url("u/ü b.jpg", expires_in: 60))
    expect(fetch_url(url)).to eq(jpeg)
  end

  def fetch_url(url)
    return File.binread(URI.decode_www_form_component(url.path)) if url.scheme == "file"

    Net::HTTP.get_response(url).tap { |r| expect(r.code).to eq("200") }.body.b
  end
end
