# frozen_string_literal: true

require "rails"
require "active_storage"
require "image_forge/railtie"

# Rails 8.1's hook cannot run here (Debian has 6.1): its logic is checked against an object
# with ActiveStorage 8.1's two settings.
ActiveStorage81 = Struct.new(:variant_processor, :variant_transformer)

RSpec.describe ImageForge::Railtie do
  it "installs the transformer on Rails 8.1 when the app chose :image_forge" do
    active_storage = ActiveStorage81.new(:image_forge, nil)
    described_class.install_transformer(active_storage)
    expect(active_storage.variant_transformer).to eq(ImageForge::ActiveStorageTransformer)
    expect(ImageForge::ActiveStorageTransformer.new({}).send(:processor)).to eq(ImageProcessing::ImageForge)
  end

  it "leaves other processors, and Rails versions without the setting, alone" do
    vips = ActiveStorage81.new(:vips, :vips_transformer)
    described_class.install_transformer(vips)
    expect(vips.variant_transformer).to eq(:vips_transformer)
    expect { described_class.install_transformer(Module.new) }.not_to raise_error
  end

  it "passes a store through and refuses unknown service names" do
    store = ImageForge::Storage::Local.new(root: Dir.tmpdir)
    expect(described_class.storage_for(store, nil)).to be(store)
    services = Struct.new(:service_configurations).new({ "mirror" => { "service" => "Mirror" } })
    settings = Struct.new(:active_storage, :image_forge).new(services, ActiveSupport::OrderedOptions.new)
    app = Struct.new(:config).new(settings)
    expect { described_class.storage_for(:nope, app) }.to raise_error(ImageForge::InvalidArgumentError, /nope/)
    expect { described_class.storage_for(:mirror, app) }.to raise_error(ImageForge::InvalidArgumentError, /Mirror/)
  end

  it "refuses a non-boolean allow_unsigned_urls from config.image_forge" do
    saved = ImageForge.config.allow_unsigned_urls
    settings = ActiveSupport::OrderedOptions.new.merge!(allow_unsigned_urls: "false")
    app = Struct.new(:config).new(Struct.new(:image_forge).new(settings))
    configure = described_class.instance.initializers.find { |i| i.name == "image_forge.configure" }
    expect { configure.run(app) }.to raise_error(ImageForge::InvalidArgumentError, /allow_unsigned_urls/)
    expect(ImageForge.config.allow_unsigned_urls).to eq(saved)
  end
end
