# frozen_string_literal: true

require "image_forge/helpers"

RSpec.describe ImageForge::Helpers do
  let(:view) { Object.new.extend(described_class) }
  let(:secret) { "helpers-spec-signing-key-0123456789" }

  around do |example|
    config = ImageForge.config
    saved = [config.signing_keys, config.presets, config.endpoint_path]
    config.signing_keys = [secret]
    config.presets = { thumb: { resize_to_fill: [200, 200], format: :webp } }
    config.endpoint_path = "/images"
    example.run
  ensure
    config.signing_keys, config.presets, config.endpoint_path = saved
  end

  def verified(url) = ImageForge::Native.verify_path(url.delete_prefix("/images"), [secret], Time.now.to_i, false)

  it "builds an img tag with a signed src and a srcset per device pixel ratio" do
    html = view.image_forge_tag("photos/ä 1.jpg", :thumb, dpr: [1, 2, 3], alt: %(Ada "A" Lovelace))
    src = html[/ src="([^"]+)"/, 1]
    srcset = html[/ srcset="([^"]+)"/, 1].split(", ").map(&:split)
    expect(html).to include(%(alt="Ada &quot;A&quot; Lovelace"))
    expect(srcset.map(&:last)).to eq(%w[1x 2x 3x])
    expect(srcset.first.first).to eq(src)
    expect(srcset.map { |url, _| verified(url)[1] })
      .to eq(["resize_to_fill:200:200,format:webp", "resize_to_fill:200:200,dpr:2,format:webp",
              "resize_to_fill:200:200,dpr:3,format:webp"])
    expect(verified(src).last).to eq("photos/ä 1.jpg")
  end

  it "gives the signed path for a recipe, with expiry" do
    url = view.image_forge_url("a.jpg", { resize_to_limit: [10, 10] }, expires_at: Time.at(2_000_000_000))
    expect(url).to start_with("/images/")
    expect(verified(url)).to eq([2_000_000_000, "resize_to_limit:10:10", "a.jpg"])
  end
end
