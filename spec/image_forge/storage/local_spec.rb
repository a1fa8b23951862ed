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

  it "never acts on a path that a symbolic link inside the root leads out of it" do
    outside = File.join(@tmpdir, "outside")
    FileUtils.mkdir_p(outside)
    secret = File.join(outside, "secret.txt")
    File.write(secret, "secret")
    storage.upload("inside.jpg", "x")
    File.symlink(outside, File.join(storage.root, "linked"))
    File.symlink(secret, File.join(storage.root, "file-link"))
    File.symlink(File.join(outside, "none"), File.join(storage.root, "dangling"))
    operations = {
      "upload into a linked dir" => -> { storage.upload("linked/new.jpg", "x") },
      "upload over a file there" => -> { storage.upload("linked/secret.txt", "x") },
      "upload through a dangling link" => -> { storage.upload("dangling/new.jpg", "x") },
      "download" => -> { storage.download("linked/secret.txt") },
      "download a linked file" => -> { storage.download("file-link") },
      "download to a path" => -> { storage.download("file-link", to: File.join(@tmpdir, "copy")) },
      "head" => -> { storage.head("linked/secret.txt") },
      "exists?" => -> { storage.exists?("file-link") },
      "delete" => -> { storage.delete("linked/secret.txt") },
      "copy from" => -> { storage.copy("file-link", "copied.jpg") },
      "copy to" => -> { storage.copy("inside.jpg", "linked/copied.jpg") },
      "path_for" => -> { storage.path_for("linked/secret.txt") }
    }
    operations.each do |name, operation|
      expect(&operation).to raise_error(ImageForge::InvalidKeyError, /outside the storage root/), name
    end
    expect(storage.list.map(&:key).to_a).to eq(["inside.jpg"])
    expect(Dir.children(outside)).to eq(["secret.txt"])
    expect(File.read(secret)).to eq("secret")
    expect(Dir.children(@tmpdir).sort).to eq(%w[outside root])

    File.symlink(File.join(storage.root, "inside.jpg"), File.join(storage.root, "alias.jpg"))
    expect(storage.download("alias.jpg")).to eq("x") # a link that stays inside is followed
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
