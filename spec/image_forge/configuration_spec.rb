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
    expect { config.signing_keys = [""] }.to raise_error(ImageForge::InvalidArgumentError, /32 bytes/)
  end

  it "drops unset keys, as in the README's boot line with only the first variable set" do
    ENV["IMAGE_FORGE_SPEC_KEY"] = "k" * 32
    ENV.delete("IMAGE_FORGE_SPEC_OLD_KEY")
    config.signing_keys = [ENV.fetch("IMAGE_FORGE_SPEC_KEY", nil), ENV.fetch("IMAGE_FORGE_SPEC_OLD_KEY", nil)]
    expect(config.signing_keys).to eq(["k" * 32])
    expect(ImageForge::SignedUrl.build("a.jpg", "flip", config:)).to start_with("/")
    config.signing_keys = [nil, nil]
    expect(config.signing_keys).to eq([])
    expect { ImageForge::SignedUrl.build("a.jpg", "flip", config:) }
      .to raise_error(ImageForge::InvalidArgumentError, /no signing key/)
  ensure
    ENV.delete("IMAGE_FORGE_SPEC_KEY")
  end

  it "takes only true or false for allow_unsigned_urls (an env var's \"false\" is refused)" do
    config.allow_unsigned_urls = true
    expect(config.allow_unsigned_urls).to be(true)
    config.allow_unsigned_urls = false
    ["false", "0", 1, nil].each do |value|
      expect { config.allow_unsigned_urls = value }
        .to raise_error(ImageForge::InvalidArgumentError,
                        /allow_unsigned_urls must be true or false, got #{Regexp.escape(value.inspect)}/)
    end
    expect(config.allow_unsigned_urls).to be(false)
  end

  it "never shows the signing keys in inspect, to_s, pp, error messages or rails routes" do
    require "action_dispatch"
    require "action_dispatch/routing/inspector"
    require "English"
    require "pp" # rubocop:disable Lint/RedundantRequireStatement -- PP itself is not loaded by default
    secret = "configuration-spec-secret-0123456789abcdef"
    config.signing_keys = [secret, secret.reverse]
    endpoint = ImageForge::Endpoint.new(config:, storage: ImageForge::Storage::Local.new(root: Dir.tmpdir))
    routes = ActionDispatch::Routing::RouteSet.new
    routes.draw { mount endpoint => "/images" }
    inspector = ActionDispatch::Routing::RoutesInspector.new(routes.routes)
    shown = [config.inspect, config.to_s, format("%s", config), PP.pp(config, +""), PP.pp({ config: }, +""),
             endpoint.inspect, endpoint.to_s, PP.pp(endpoint, +""),
             inspector.format(ActionDispatch::Routing::ConsoleFormatter::Sheet.new)]
    shown << (config.no_such_setting rescue $ERROR_INFO.message) # rubocop:disable Style/RescueModifier
    shown << (endpoint.no_such_method rescue $ERROR_INFO.message) # rubocop:disable Style/RescueModifier
    shown.each do |text|
      expect(text).not_to include(secret[0, 16])
      expect(text).not_to include(secret.reverse[0, 16])
    end
    expect(config.inspect).to include("signing_keys=[2 redacted]")
    expect(shown[8]).to include("/images", "ImageForge::Endpoint")
  end
end
