# frozen_string_literal: true

require "active_support/notifications"

# The payloads of render.image_forge and variant.image_forge, without Rails.
RSpec.describe ImageForge::Instrumentation, :tmpdir do
  let(:events) { [] }
  let(:png) { quadrants_png(64, 48) }

  around do |example|
    subscriber = ActiveSupport::Notifications.subscribe(/\.image_forge\z/) do |name, *, payload|
      events << [name, payload]
    end
    example.run
  ensure
    ActiveSupport::Notifications.unsubscribe(subscriber)
  end

  def payloads(name) = events.select { |n, _| n == name }.map(&:last)

  it "says what each recipe of a render made, AVIF without a size and a failed recipe with its error" do
    path = File.join(@tmpdir, "in.png")
    File.binwrite(path, png)
    results = ImageForge::Image.open(path).to_blobs([{ resize_to_fill: [10, 10], format: :webp }, { format: :avif },
                                                     { crop: [60, 0, 20, 20] }])
    expect(payloads("render.image_forge")).to eq(
      [{ recipes: ["resize_to_fill:10:10,format:webp", "format:avif", "crop:60:0:20:20"], source_key: nil,
         source_byte_size: png.bytesize,
         outputs: [{ format: :webp, width: 10, height: 10, byte_size: results[0].bytesize },
                   { format: :avif, width: nil, height: nil, byte_size: results[1].bytesize },
                   { error: results[2] }] }]
    )
    expect(results[2]).to be_a(ImageForge::InvalidArgumentError)
  end

  it "puts the error of a failed to_blob into the payload, as ActiveSupport does for a block that raised" do
    image = ImageForge::Image.from_blob(png, key: "photos/1.png").crop(60, 0, 20, 20)
    expect { image.to_blob }.to raise_error(ImageForge::InvalidArgumentError) { |e| @error = e }
    payload = payloads("render.image_forge").first
    expect(payload).to include(source_key: "photos/1.png", source_byte_size: png.bytesize,
                               exception: [@error.class.name, @error.message],
                               exception_object: @error)
  end

  it "gives process_variants one variant event per variant: stored ones as hits" do
    storage = ImageForge::Storage::Local.new(root: File.join(@tmpdir, "store"))
    storage.upload("photos/1.png", png)
    ImageForge.process_variants("photos/1.png", storage:, a: { resize_to_limit: [8, 8] })
    events.clear
    ImageForge.process_variants("photos/1.png", storage:, a: { resize_to_limit: [8, 8] }, b: { crop: [60, 0, 20, 20] })
    variants = payloads("variant.image_forge")
    expect(variants.map { |p| p.slice(:recipe, :hit, :source_key) })
      .to contain_exactly({ recipe: "resize_to_limit:8:8", hit: true, source_key: "photos/1.png" },
                          { recipe: "crop:60:0:20:20", hit: false, source_key: "photos/1.png" })
    failed = variants.find { |p| p[:recipe] == "crop:60:0:20:20" }
    expect(failed[:exception_object]).to be_a(ImageForge::InvalidArgumentError)
    expect(payloads("render.image_forge").map { |p| p[:source_key] }).to eq(["photos/1.png"])
  end
end
