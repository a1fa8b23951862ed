# frozen_string_literal: true

RSpec.describe ImageForge::Storage::Local, :tmpdir do
  subject(:storage) { described_class.new(root: File.join(@tmpdir, "root")) }

  it "round-trips bytes and reports existence" do
    expect(storage.exists?("a/b.bin")).to be(false)
    storage.upload("a/b.bin", "\x00\xFFdata".b)
    expect(storage.exists?("a/b.bin")).to be(true)
    expect(storage.download("a/b.bin")).to eq("\x00\xFFdata".b)
    expect(storage.download("a/b.bin").encoding).to eq(Encoding::BINARY)
  end

  it "replaces objects atomically, leaving no temporary files" do
    storage.upload("k", "old")
    storage.upload("k", "new")
    expect(storage.download("k")).to eq("new")
    expect(Dir.children(storage.root)).to eq(["k"])
  end

  it "raises NotFoundError for missing keys and deletes idempotently" do
    expect { storage.download("nope") }.to raise_error(ImageForge::NotFoundError, /nope/)
    storage.upload("k", "x")
    expect(storage.delete("k")).to be(true)
    expect(storage.delete("k")).to be(false)
  end

  it "raises StorageError when the root cannot be written" do
    File.write(File.join(@tmpdir, "file"), "")
    blocked = described_class.new(root: File.join(@tmpdir, "file"))
    expect { blocked.upload("k", "x") }.to raise_error(ImageForge::StorageError)
  end

  it "keeps every path under the root" do
    expect(storage.path_for("x/y.jpg")).to eq(File.join(storage.root, "x/y.jpg"))
    expect { storage.path_for("../y") }.to raise_error(ImageForge::InvalidKeyError)
  end
end
