# frozen_string_literal: true

RSpec.describe ImageForge::Configuration do
  subject(:config) { described_class.new }

  it "checks presets when they are set, naming the bad one" do
    config.presets = { "thumb" => { resize_to_fill: [200, 200], format: :webp } }
    expect(config.preset(:thumb).to_s).to eq("resize_to_fill:200:200,format:webp")
    expect { config.presets = { broken: { resize_to_fill: [0, 200] } } }
      .to raise_error(ImageForge::InvalidRecipeError, /preset :broken/)
    expect { config.presets = { typo: { resize_to_fil: [1, 1] } } }
      .to raise_error(ImageForge::InvalidRecipeError, /preset :typo.*resize_to_fil/)
    expect { config.preset(:nope) }.to raise_error(ImageForge::InvalidArgumentError, /nope.*thumb/)
  end

  it "takes signing keys of at least 32 bytes, first one first" do
    config.signing_keys = ["a" * 32, "b" * 40]
    expect(config.signing_keys).to eq(["a" * 32, "b" * 40]).and be_frozen
    expect { config.signing_keys = ["short"] }.to raise_error(ImageForge::InvalidArgumentError, /32 bytes/)
    expect { config.signing_keys = [nil] }.to raise_error(ImageForge::InvalidArgumentError)
  end
end
