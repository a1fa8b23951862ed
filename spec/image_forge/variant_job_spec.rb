# frozen_string_literal: true

require "active_job"

RSpec.describe "ImageForge::VariantJob", :tmpdir do
  let(:storage) { ImageForge::Storage::Local.new(root: File.join(@tmpdir, "store")) }

  around do |example|
    saved = [ImageForge.config.presets, ImageForge.config.storage, ActiveJob::Base.queue_adapter]
    ImageForge.config.presets = { thumb: { resize_to_fill: [64, 64], format: :webp },
                                  broken: { crop: [1000, 0, 10, 10] } }
    ImageForge.config.storage = storage
    ActiveJob::Base.logger = Logger.new(nil)
    example.run
  ensure
    ImageForge.config.presets, ImageForge.config.storage, ActiveJob::Base.queue_adapter = saved
  end

  it "is enqueued by upload(later: true) and renders the presets when performed" do
    ActiveJob::Base.queue_adapter = :test
    blob = ImageForge.upload(quadrants_jpeg(200, 100), key: "p/1.jpg", variants: [:thumb], later: true)
    expect(blob.variants).to eq({})
    jobs = ActiveJob::Base.queue_adapter.enqueued_jobs
    expect(jobs.map do |j|
             [j[:job], j[:args], j[:queue]]
           end).to eq([[ImageForge::VariantJob, ["p/1.jpg", ["thumb"]], "default"]])
    expect(ImageForge.variant("p/1.jpg", :thumb).exists?).to be(false)

    ActiveJob::Base.queue_adapter = :inline
    ImageForge.upload(quadrants_jpeg(200, 100), key: "p/1.jpg", variants: [:thumb], later: true)
    expect(ImageForge::Image.from_blob(ImageForge.variant("p/1.jpg", :thumb).download).info.width).to eq(64)
  end

  it "fails (so the backend retries) when a preset fails, after storing the others" do
    ActiveJob::Base.queue_adapter = :inline
    expect { ImageForge.upload(quadrants_jpeg(200, 100), key: "p/2.jpg", variants: %i[thumb broken], later: true) }
      .to raise_error(ImageForge::Error, %r{variants of "p/2\.jpg" failed: broken: "})
    expect(ImageForge.variant("p/2.jpg", :thumb).exists?).to be(true)
  end

  it "quotes the key in its failure message, which backends log, so a newline cannot forge a line" do
    ActiveJob::Base.queue_adapter = :inline
    key = "p/forged\nERROR -- : x.jpg"
    expect { ImageForge.upload(quadrants_jpeg(200, 100), key:, variants: %i[broken], later: true) }
      .to raise_error(ImageForge::Error) { |e| expect(e.message).not_to include("\n") }
  end

  it "refuses unknown presets when enqueueing" do
    ActiveJob::Base.queue_adapter = :test
    expect { ImageForge.upload(quadrants_jpeg(20, 10), key: "p/3.jpg", variants: [:nope], later: true) }
      .to raise_error(ImageForge::InvalidArgumentError, /nope/)
    expect(ActiveJob::Base.queue_adapter.enqueued_jobs).to be_empty
  end
end
