# frozen_string_literal: true

require "fileutils"
require "open3"
require "rbconfig"

# lib/image_forge/native.rb in copies of lib/ laid out as the platform gem (one extension per
# Ruby minor), the source gem and a checkout (image_forge/image_forge.so) lay it out.
RSpec.describe "the native extension loader", :tmpdir do
  let(:lib) { File.expand_path("../../lib", __dir__) }
  let(:built) { File.join(lib, "image_forge", "image_forge.#{RbConfig::CONFIG["DLEXT"]}") }
  let(:minor) { RUBY_VERSION[/\A\d+\.\d+/] }

  # A copy of lib/ without extensions, then +extensions+ (paths under it) copied from the built one.
  def lib_with(*extensions)
    copy = File.join(@tmpdir, "lib")
    FileUtils.cp_r(lib, copy)
    Dir[File.join(copy, "image_forge", "**", "image_forge.#{RbConfig::CONFIG["DLEXT"]}")].each { |f| File.delete(f) }
    extensions.each do |path|
      FileUtils.mkdir_p(File.dirname(File.join(copy, path)))
      FileUtils.cp(built, File.join(copy, path))
    end
    copy
  end

  def load_from(copy)
    script = 'require "image_forge"; puts $LOADED_FEATURES.grep(/image_forge\.so/)'
    Open3.capture2e({ "RUBYOPT" => nil }, RbConfig.ruby, "--disable-gems", "-I", copy, "-e", script, chdir: @tmpdir)
  end

  it "loads the running Ruby minor's extension from a platform gem" do
    copy = lib_with("image_forge/#{minor}/image_forge.so", "image_forge/0.1/image_forge.so")
    out, status = load_from(copy)
    expect([status.success?, out.strip]).to eq([true, File.join(copy, "image_forge", minor, "image_forge.so")])
  end

  it "loads image_forge/image_forge.so (source gem, checkout) when there is no versioned one" do
    copy = lib_with("image_forge/image_forge.so")
    out, status = load_from(copy)
    expect([status.success?, out.strip]).to eq([true, File.join(copy, "image_forge", "image_forge.so")])
  end

  it "names the minors a platform gem holds and the source gem when the running Ruby's is missing" do
    out, status = load_from(lib_with("image_forge/0.1/image_forge.so", "image_forge/0.2/image_forge.so"))
    expect(status.success?).to be(false)
    expect(out).to include("holds extensions for Ruby 0.1, 0.2, not #{RUBY_VERSION}",
                           "gem install image_forge --platform ruby")
  end

  it "says to run rake compile when nothing is built" do
    out, status = load_from(lib_with)
    expect(status.success?).to be(false)
    expect(out).to include("native extension is not built", "rake compile")
  end
end
