# frozen_string_literal: true

require "open3"
require "rbconfig"

# Builds the gem, installs it (compiling the extension) into an empty GEM_HOME and renders
# from outside the checkout: what a user's `gem install image_forge` does.
RSpec.describe "gem build + gem install", :tmpdir do
  let(:root) { File.expand_path("..", __dir__) }

  def run!(env, *cmd, chdir:)
    out, status = Open3.capture2e(env, *cmd, chdir:)
    raise "#{cmd.join(" ")} failed:\n#{out}" unless status.success?

    out
  end

  # Every file of the installed gem, by size: the build must leave only sources and the extension.
  def installed_bytes(gem_home)
    Dir.glob(File.join(gem_home, "{gems,extensions}", "**", "*")).sum { |path| File.file?(path) ? File.size(path) : 0 }
  end

  it "installs, compiles and renders from a clean GEM_HOME, leaving no build tree" do
    skip "set SKIP_GEM_INSTALL=" if ENV["SKIP_GEM_INSTALL"]
    ruby = RbConfig.ruby
    gem_home = File.join(@tmpdir, "gems")
    run!({}, ruby, "-S", "gem", "build", "image_forge.gemspec", "--output", File.join(@tmpdir, "image_forge.gem"),
         chdir: root)
    # gem install's make runs cargo with another environment, which invalidates build scripts'
    # outputs (aws-lc-sys, turbojpeg): its own cache directory keeps both builds warm (bin/trixie
    # names another, as objects built against its glibc must not be linked here).
    # IMAGE_FORGE_GEM_TARGET=own builds as a user's `gem install` does, in a target dir of the
    # build's own (cold: 33 minutes here, PACKAGING.md), which must be gone once it is installed.
    cache = ENV.fetch("IMAGE_FORGE_CACHE", File.join(Dir.home, ".cache", "image_forge"))
    target = ENV.fetch("IMAGE_FORGE_GEM_TARGET", File.join(cache, "gem-target"))
    env = { "GEM_HOME" => gem_home, "GEM_PATH" => gem_home, "CARGO_TARGET_DIR" => (target unless target == "own") }
    # Without the rb_sys gem (RubyGems.org is not reached here), extconf.rb writes its plain Makefile.
    run!(env, ruby, "-S", "gem", "install", "--local", "--no-document", File.join(@tmpdir, "image_forge.gem"),
         chdir: @tmpdir)

    build_files = Dir.glob(File.join(gem_home, "**", "*.{rlib,rmeta,o,d}"))
    expect(build_files.first(5)).to be_empty
    RSpec.configuration.reporter.message(
      format("  gem install (source gem): %.1f MB installed", installed_bytes(gem_home) / 1_048_576.0)
    )

    src = File.join(@tmpdir, "in.png")
    File.binwrite(src, gradient_png(300, 200))
    script = 'require "image_forge"; ' \
             "ImageForge::Image.open(ARGV[0]).resize_to_limit(150, 150).saver(quality: 80).write(ARGV[1]); " \
             'puts $LOADED_FEATURES.grep(/image_forge\.so/).first'
    out = run!(env, ruby, "-e", script, src, File.join(@tmpdir, "out.jpg"), chdir: @tmpdir)
    expect(out).to include(gem_home)
    info = ImageForge::Image.open(File.join(@tmpdir, "out.jpg")).info
    expect([info.format, info.width, info.height]).to eq([:jpeg, 150, 100])
  end
end
