# frozen_string_literal: true

require "stringio"
require "pathname"

RSpec.describe "ImageForge.upload", :tmpdir do
  let(:storage) { ImageForge::Storage::Local.new(root: File.join(@tmpdir, "storage")) }
  let(:jpeg) { with_exif_orientation(quadrants_jpeg(64, 48), 6) }

  def upload(source, key: "photos/1.jpg") = ImageForge.upload(source, key:, storage:)

  it "stores bytes from a Pathname, a File, an IO and a String, and describes them" do
    path = File.join(@tmpdir, "in.jpg")
    File.binwrite(path, jpeg)
    [Pathname(path), StringIO.new(jpeg), File.open(path, "rb"), jpeg].each_with_index do |source, i|
      blob = upload(source, key: "photos/#{i}.jpg")
      expect(blob.to_h).to eq(key: "photos/#{i}.jpg", byte_size: jpeg.bytesize, content_type: "image/jpeg",
                              width: 48, height: 64, format: :jpeg, checksum: Digest::MD5.base64digest(jpeg),
                              variants: {})
      expect(storage.download(blob.key)).to eq(jpeg)
    end
  end

  it "returns a frozen Blob" do
    expect(upload(jpeg)).to be_frozen
  end

  it "uses the configured storage by default" do
    ImageForge.config.storage = storage
    ImageForge.upload(jpeg, key: "default.jpg")
    expect(File.binread(File.join(@tmpdir, "storage", "default.jpg"))).to eq(jpeg)
  ensure
    ImageForge.config.storage = nil
  end

  it "refuses what is not an image and writes nothing" do
    expect { upload("not an image") }.to raise_error(ImageForge::InvalidImageError)
    expect { upload(jpeg.byteslice(0, 10)) }.to raise_error(ImageForge::InvalidImageError)
    expect { upload(Pathname(@tmpdir).join("missing.jpg")) }.to raise_error(ImageForge::NotFoundError)
    expect(Dir.exist?(storage.root)).to be(false)
  end

  it "takes a String as image bytes, never as a path, and says how to pass a file" do
    path = File.join(@tmpdir, "in.jpg")
    File.binwrite(path, jpeg)
    expect { upload(path) }.to raise_error(ImageForge::InvalidImageError, /Pathname/)
    expect(Dir.exist?(storage.root)).to be(false)
  end

  it "refuses a source over max_bytes in every form, from its size where it has one, writing nothing" do
    path = File.join(@tmpdir, "in.jpg")
    File.binwrite(path, jpeg)
    saved = ImageForge.config.max_bytes
    ImageForge.config.max_bytes = jpeg.bytesize - 1
    sized = { "String" => jpeg, "Pathname" => Pathname(path), "File" => File.open(path, "rb"),
              "StringIO" => StringIO.new(jpeg) }
    sized.each do |name, source|
      expect { upload(source) }
        .to raise_error(ImageForge::LimitExceededError, /is #{jpeg.bytesize} bytes, over max_bytes/) { |e|
          expect(e.limit).to eq(:bytes)
        }, name
    end
    IO.popen(["cat", path], "rb") do |pipe| # an IO without a size: read until one byte past the limit
      expect { upload(pipe) }.to raise_error(ImageForge::LimitExceededError, /more than max_bytes/)
    end
    expect(Dir.exist?(storage.root)).to be(false)
    ImageForge.config.max_bytes = jpeg.bytesize
    expect(upload(StringIO.new(jpeg)).byte_size).to eq(jpeg.bytesize)
  ensure
    ImageForge.config.max_bytes = saved
  end

  it "refuses unknown presets before storing anything, naming them and the configured ones" do
    saved = ImageForge.config.presets
    expect { ImageForge.upload(jpeg, key: "photos/1.jpg", storage:, variants: [:thumb]) }
      .to raise_error(ImageForge::InvalidArgumentError, "unknown preset(s) thumb (no presets configured)")
    ImageForge.config.presets = { thumb: { resize_to_limit: [10, 10] }, large: { resize_to_limit: [90, 90] } }
    [false, true].each do |later|
      expect { ImageForge.upload(jpeg, key: "photos/1.jpg", storage:, variants: [:thumb, "nope", :big], later:) }
        .to raise_error(ImageForge::InvalidArgumentError, "unknown preset(s) nope, big (configured: thumb, large)")
    end
    expect(Dir.exist?(storage.root)).to be(false)
  ensure
    ImageForge.config.presets = saved
  end

  it "refuses keys that could leave the storage root" do
    ["../escape.jpg", "a/../../b.jpg", "/etc/passwd", "a\0b", "", "a//b", "./a", "a\\b", 42].each do |key|
      expect { upload(jpeg, key:) }.to raise_error(ImageForge::InvalidKeyError), key.inspect
    end
    expect(Dir.exist?(storage.root)).to be(false)
  end

  it "refuses keys under active_storage/, which name ActiveStorage blobs in signed URLs" do
    expect { upload(jpeg, key: "active_storage/local/abc") }
      .to raise_error(ImageForge::InvalidKeyError, %r{keys under active_storage/ name ActiveStorage blobs})
    expect(Dir.exist?(storage.root)).to be(false)
    expect(upload(jpeg, key: "active_storage_backup/1.jpg").key).to eq("active_storage_backup/1.jpg")
  end
end
