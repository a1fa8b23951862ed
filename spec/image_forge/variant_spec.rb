# frozen_string_literal: true

require "active_support/notifications"
require "logger"
require "net/http"
require "stringio"

RSpec.shared_examples "variants on a storage" do
  let(:jpeg) { quadrants_jpeg(400, 300) }
  let(:events) { [] }

  around do |example|
    saved = ImageForge.config.presets
    ImageForge.config.presets = {
      thumb: { resize_to_fill: [100, 100], format: :webp },
      small_png: { resize_to_limit: [80, 80], format: :png },
      broken: { crop: [350, 0, 200, 200] } # crosses the right edge of a 400 px wide source
    }
    lock = Mutex.new
    subscriber = ActiveSupport::Notifications.subscribe(/\.image_forge\z/) do |name, *, payload|
      lock.synchronize { events << [name, payload.dup] }
    end
    example.run
  ensure
    ActiveSupport::Notifications.unsubscribe(subscriber)
    ImageForge.config.presets = saved
  end

  def renders = events.count { |name, _| name == "render.image_forge" }

  def info(bytes) = ImageForge::Image.from_blob(bytes).info

  before do
    storage.upload("photos/1.jpg", jpeg)
    events.clear # making the fixture rendered too
  end

  it "renders and stores on the first call, serves the stored one after" do
    variant = ImageForge.variant("photos/1.jpg", :thumb, storage:)
    expect(variant.key).to match(%r{\Avariants/photos/1\.jpg/\h{32}\.webp\z})
    expect(variant.exists?).to be(false)
    expect(variant.processed).to be(variant)
    expect(renders).to eq(1)
    stored = variant.download
    expect([info(stored).format, info(stored).width, info(stored).height]).to eq([:webp, 100, 100])
    expect(ImageForge.variant("photos/1.jpg", :thumb, storage:).processed.download).to eq(stored)
    expect(renders).to eq(1)
    hits = events.select { |name, _| name == "variant.image_forge" }.map { |_, payload| payload[:hit] }
    expect(hits).to eq([false, true])
    expect(variant.content_type).to eq("image/webp")
    expect(storage.head(variant.key).content_type).to eq("image/webp")
  end

  it "keys variants by source version and canonical recipe" do
    chain = ImageForge::Recipe.new.add(:resize_to_limit, 120, 120).add(:convert, :png)
    keys = [
      { resize_to_limit: [120, 120], format: :png },
      [[:resize_to_limit, [120, 120]], [:convert, "png"]],
      chain,
      "resize_to_limit:120:120,format:png"
    ].map { |recipe| ImageForge.variant("photos/1.jpg", recipe, storage:).key }
    expect(keys.uniq.size).to eq(1)
    expect(ImageForge.variant("photos/1.jpg", { resize_to_limit: [121, 120] }, storage:).key).not_to eq(keys.first)
    expect(ImageForge.variant("photos/1.jpg", { resize_to_limit: [120, 120] }, storage:).key)
      .to end_with(".jpg") # no format: the source's
    storage.upload("photos/1.jpg", quadrants_jpeg(300, 400))
    expect(ImageForge.variant("photos/1.jpg", chain, storage:).key).not_to eq(keys.first)
  end

  it "renders a missing variant once for 32 concurrent requests" do
    threads = Array.new(32) { Thread.new { ImageForge.variant("photos/1.jpg", :thumb, storage:).processed.download } }
    results = threads.map(&:value)
    expect(renders).to eq(1)
    expect(results.uniq.size).to eq(1)
    expect(info(results.first).format).to eq(:webp)
  end

  it "loses nothing but time when processes race for one variant" do
    pids = Array.new(2) do
      fork do
        ImageForge.variant("photos/1.jpg", :small_png, storage:).processed
        exit!(0)
      rescue StandardError
        exit!(1)
      end
    end
    expect(pids.map { |pid| Process.wait2(pid).last }).to all(be_success)
    stored = ImageForge.variant("photos/1.jpg", :small_png, storage:).download
    expect([info(stored).format, info(stored).width]).to eq([:png, 80])
    expect(stored).to eq(ImageForge::Image.from_blob(jpeg).apply(ImageForge.config.preset(:small_png)).to_blob)
  end

  it "processes presets from one decode, reporting each one's success or failure" do
    results = ImageForge.process_variants("photos/1.jpg", :thumb, :small_png, :broken, storage:)
    expect(renders).to eq(1)
    expect(events.find { |name, _| name == "render.image_forge" }.last[:recipes].size).to eq(3)
    expect(results[:thumb]).to be_a(ImageForge::Variant).and(be_exists)
    expect(results[:small_png].exists?).to be(true)
    expect(results[:broken]).to be_a(ImageForge::InvalidRecipeError)
    again = ImageForge.process_variants("photos/1.jpg", :thumb, :small_png, storage:)
    expect(renders).to eq(1)
    expect(again.values).to all(be_a(ImageForge::Variant))
    expect { ImageForge.process_variants("photos/1.jpg", :nope, storage:) }
      .to raise_error(ImageForge::InvalidArgumentError, /unknown preset :nope.*thumb/)
  end

  it "logs a failed preset on one line, its key quoted, whatever the key holds" do
    log = StringIO.new
    saved = ImageForge.config.logger
    ImageForge.config.logger = Logger.new(log)
    storage.upload("photos/forged\nERROR -- : x.jpg", jpeg)
    ImageForge.process_variants("photos/forged\nERROR -- : x.jpg", :broken, storage:)
    expect(log.string.lines.size).to eq(1)
    expect(log.string).to include('variant broken of "photos/forged\\nERROR -- : x.jpg" failed: "')
  ensure
    ImageForge.config.logger = saved
  end

  it "renders presets with the upload" do
    blob = ImageForge.upload(jpeg, key: "photos/2.jpg", storage:, variants: %i[thumb small_png])
    expect(blob.variants.keys).to eq(%i[thumb small_png])
    expect(blob.variants.values).to all(be_a(ImageForge::Variant).and(be_exists))
    expect(renders).to eq(1)
  end

  it "purges every variant of a source, of every version" do
    ImageForge.process_variants("photos/1.jpg", :thumb, :small_png, storage:)
    storage.upload("photos/1.jpg", quadrants_jpeg(300, 400))
    ImageForge.variant("photos/1.jpg", :thumb, storage:).processed
    ImageForge.variant("photos/10.jpg", :thumb, storage:).processed if storage.upload("photos/10.jpg", jpeg)
    expect(ImageForge.purge_variants("photos/1.jpg", storage:)).to eq(3)
    expect(storage.list("variants/photos/1.jpg/").to_a).to be_empty
    expect(storage.list("variants/photos/10.jpg/").to_a.size).to eq(1)
  end

  it "purges only the key's own variants, not those of keys below it" do
    storage.upload("users/42", jpeg)
    ImageForge.variant("users/42", :thumb, storage:).processed
    storage.delete("users/42") # Local storage cannot hold users/42 and users/42/avatar.png at once
    storage.upload("users/42/avatar.png", jpeg)
    nested = ImageForge.variant("users/42/avatar.png", :thumb, storage:).processed
    expect(ImageForge.purge_variants("users/42", storage:)).to eq(1)
    expect(storage.list("variants/users/42/").map(&:key).to_a).to eq([nested.key])
  end

  it "gives a URL that serves the stored variant" do
    variant = ImageForge.variant("photos/1.jpg", :thumb, storage:).processed
    url = URI(variant.url(expires_in: 60))
    body = url.scheme == "file" ? File.binread(URI.decode_www_form_component(url.path)) : Net::HTTP.get(url).b
    expect(body).to eq(variant.download)
  end

  it "raises NotFoundError for a missing source" do
    expect { ImageForge.variant("photos/none.jpg", :thumb, storage:) }.to raise_error(ImageForge::NotFoundError)
  end
end

RSpec.describe ImageForge::Variant do
  describe "on Local storage", :tmpdir do
    let(:storage) { ImageForge::Storage::Local.new(root: File.join(@tmpdir, "store")) }

    it_behaves_like "variants on a storage"
  end

  describe "on S3" do
    let(:storage) { S3Server.storage }

    it_behaves_like "variants on a storage"

    it "stores variants with their content type and a cache-forever Cache-Control" do
      storage.upload("photos/1.jpg", quadrants_jpeg(400, 300))
      variant = ImageForge.variant("photos/1.jpg", { resize_to_limit: [50, 50], format: :avif }, storage:).processed
      head = storage.head(variant.key)
      expect([head.content_type, head.cache_control]).to eq(["image/avif", "public, max-age=31536000, immutable"])
    end
  end
end
