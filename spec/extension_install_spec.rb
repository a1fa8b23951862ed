# frozen_string_literal: true

require "fileutils"
require "open3"
require "rbconfig"

# `make install`, which rake compile and the source gem's install run, replaces image_forge.so
# by renaming a new file over it: a process that has the old one loaded keeps its file. A copy
# in place rewrote the pages a running server had mapped, and it died with SIGBUS.
RSpec.describe "installing the extension over a loaded one", :tmpdir do
  let(:root) { File.expand_path("..", __dir__) }
  # rake compile's target dir, so that make's cargo build finds it up to date.
  let(:target) { ENV.fetch("CARGO_TARGET_DIR", File.join(root, "target")) }

  def run!(env, *cmd, chdir:)
    out, status = Open3.capture2e(env, *cmd, chdir:)
    raise "#{cmd.join(" ")} failed:\n#{out}" unless status.success?

    out
  end

  it "renames the new file into place, and the process that loaded the old one keeps rendering" do
    skip "no release build in #{target} (run rake compile)" unless File.exist?(File.join(target, "release",
                                                                                         "libimage_forge.so"))
    build = File.join(@tmpdir, "build")
    lib = File.join(@tmpdir, "lib")
    FileUtils.mkdir_p(build)
    env = { "IMAGE_FORGE_PLAIN_MAKEFILE" => "1", "CARGO_TARGET_DIR" => target }
    run!(env, RbConfig.ruby, File.join(root, "ext/image_forge/extconf.rb"), chdir: build)
    install = -> { run!(env, "make", "install", "sitearchdir=#{lib}", chdir: build) }
    install.call
    so = File.join(lib, "image_forge", "image_forge.so")

    # The extension from lib (first on the load path), the Ruby code from the checkout; it
    # renders once loaded and again after a line on stdin.
    script = <<~RUBY
      require "image_forge"
      render = -> { ImageForge::Image.open(ARGV[0]).resize_to_limit(40, 40).convert(:webp).to_blob.bytesize }
      puts $LOADED_FEATURES.grep(/image_forge\\.so/).first, render.call
      $stdout.flush
      $stdin.gets
      puts render.call
    RUBY
    src = File.join(@tmpdir, "in.png")
    File.binwrite(src, gradient_png(120, 80))
    Open3.popen2e({ "RUBYOPT" => nil }, RbConfig.ruby, "-I", lib, "-I", File.join(root, "lib"), "-e", script, src,
                  chdir: @tmpdir) do |stdin, out, wait|
      loaded = out.gets.chomp
      first = out.gets.to_i
      expect(loaded).to eq(so)
      inode = File.stat(so).ino

      install.call
      expect(File.stat(so).ino).not_to eq(inode)
      stdin.puts
      stdin.close
      expect(out.read.to_i).to eq(first)
      expect(wait.value).to be_success
    end
  end
end
