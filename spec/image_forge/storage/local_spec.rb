# frozen_string_literal: true

RSpec.describe ImageForge::Storage::Local, :tmpdir do
  subject(:storage) { described_class.new(root: File.join(@tmpdir, "root")) }

  # The contract's examples check the tmpdir stays clean: keep the root out of it.
  around do |example|
    Dir.mktmpdir("image_forge-root") do |root|
      @root = root
      example.run
    end
  end

  it_behaves_like "a storage" do
    let(:storage) { described_class.new(root: @root) }
  end

  it "replaces objects atomically, leaving no temporary files" do
    storage.upload("k", "old")
    storage.upload("k", "new")
    expect(storage.download("k")).to eq("new")
    expect(Dir.children(storage.root)).to eq(["k"])
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

  it "builds GET URLs from base_url and refuses to presign uploads" do
    cdn = described_class.new(root: @root, base_url: "https://cdn.example.com/u/")
    expect(cdn.presigned_url("a b/c.jpg")).to eq("https://cdn.example.com/u/a%20b/c.jpg")
    expect { cdn.presigned_url("c.jpg", method: :put) }
      .to raise_error(ImageForge::UnsupportedOperationError, /S3/)
  end

  it "skips files still being written when listing" do
    storage.upload("a.jpg", "x")
    File.write(File.join(storage.root, "b.jpg.0123456789abcdef.tmp"), "partial")
    expect(storage.list.map(&:key).to_a).to eq(["a.jpg"])
  end
end
