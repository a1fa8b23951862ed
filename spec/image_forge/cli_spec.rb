# frozen_string_literal: true

require "image_forge/cli"
require "open3"
require "socket"
require "stringio"

RSpec.describe ImageForge::CLI, :tmpdir do
  def cli(*argv)
    out = StringIO.new
    err = StringIO.new
    status = described_class.start(argv, out:, err:)
    [status, out.string, err.string]
  end

  let(:jpeg) { File.join(@tmpdir, "in.jpg").tap { |p| File.binwrite(p, quadrants_jpeg(320, 240)) } }
  let(:root) { File.join(@tmpdir, "storage") }

  it "renders with options or a recipe string, and describes files" do
    out_path = File.join(@tmpdir, "out.webp")
    status, out, = cli("render", jpeg, out_path, "--resize-to-limit", "100,100", "--format", "webp", "--quality", "70")
    expect([status, out]).to eq([0, "#{out_path}: webp 100x75, #{File.size(out_path)} bytes\n"])
    status, out, = cli("render", jpeg, File.join(@tmpdir, "o.png"), "--recipe", "resize_to_fill:32:32,format:png")
    expect([status, out]).to match([0, /o\.png: png 32x32/])
    expect(cli("info", jpeg)[1]).to eq("#{jpeg}: jpeg 320x240 orientation=1 alpha=false\n")
  end

  it "uploads and makes variants on local storage" do
    status, out, = cli("upload", jpeg, "photos/1.jpg", "--root", root)
    expect([status, out]).to eq([0, "photos/1.jpg: jpeg 320x240, #{File.size(jpeg)} bytes\n"])
    status, out, = cli("variant", "photos/1.jpg", "resize_to_limit:50:50,format:png", "--root", root)
    key, url = out.lines.map(&:chomp)
    expect(status).to eq(0)
    expect(key).to match(%r{\Avariants/photos/1\.jpg/\h{32}\.png\z})
    expect(url).to start_with("file://").and end_with(key)
  end

  it "exits 1 with the error for bad input, 2 for bad usage, 0 for help" do
    expect(cli("info", File.join(@tmpdir, "none.jpg"))).to match([1, "", /NotFoundError: no such file/])
    expect(cli("render", jpeg)).to match([2, "", /expected 2 argument/])
    expect(cli("render", jpeg, "x.jpg", "--recipe", "explode:1")).to match([1, "", /InvalidRecipeError/])
    expect(cli("frobnicate")).to match([2, "", /unknown command/])
    expect(cli("render", "--help")).to match([0, /--resize-to-limit/, ""])
    expect(cli).to match([2, "", /usage: image_forge COMMAND/])
  end

  # [exit status, stdout, stderr] of the real executable.
  def exe(*argv, **options)
    path = File.expand_path("../../exe/image_forge", __dir__)
    out, err, status = Open3.capture3(RbConfig.ruby, "-I", File.expand_path("../../lib", __dir__), path, *argv,
                                      **options)
    [status.exitstatus, out, err]
  end

  it "runs as the exe/image_forge executable" do
    expect(exe("info", jpeg)).to eq([0, "#{jpeg}: jpeg 320x240 orientation=1 alpha=false\n", ""])
  end

  it "prints its version" do
    expect(exe("--version")).to eq([0, "image_forge #{ImageForge::VERSION}\n", ""])
  end

  it "takes a gravity after --resize-to-fill's numbers" do
    out_path = File.join(@tmpdir, "north.png")
    expect(exe("render", jpeg, out_path, "--resize-to-fill", "40,20,north", "--format", "png"))
      .to match([0, /north\.png: png 40x20/, ""])
    north = ImageForge::Image.open(jpeg).resize_to_fill(40, 20, gravity: :north).convert(:png).to_blob
    centre = ImageForge::Image.open(jpeg).resize_to_fill(40, 20).convert(:png).to_blob
    expect(north).not_to eq(centre)
    expect(File.binread(out_path)).to eq(north)
  end

  it "defines presets with --preset NAME=RECIPE, repeatable" do
    status, out, err = exe("upload", jpeg, "photos/1.jpg", "--root", root, "--variants", "thumb,small",
                           "--preset", "thumb=resize_to_fill:20:20,format:png", "--preset", "small=resize_to_limit:8:8")
    expect([status, err]).to eq([0, ""])
    expect(out).to match(%r{thumb: variants/photos/1\.jpg/\h{32}\.png\n  small: variants/photos/1\.jpg/\h{32}\.jpg})
    expect(exe("info", jpeg, "--preset", "thumb")).to match([2, "", /--preset thumb \(expected NAME=RECIPE\)/])
  end

  it "reports file and system errors in one line on stderr, exit 1" do
    missing = File.join(@tmpdir, "no-folder", "out.png")
    expect(exe("render", jpeg, missing))
      .to eq([1, "", "image_forge: StorageError: cannot write #{missing}: No such file or directory\n"])
    busy = TCPServer.new("127.0.0.1", 0)
    status, out, err = exe("serve", "--root", root, "--port", busy.addr[1].to_s)
    expect([status, err.lines.size, err]).to match([1, 1, /\Aimage_forge: Address already in use/])
    expect(out).to include("http://127.0.0.1:#{busy.addr[1]}/")
  ensure
    busy&.close
  end

  it "serve prints its URL at once when stdout is a pipe" do
    port = TCPServer.new("127.0.0.1", 0).then { |s| s.addr[1].tap { s.close } }
    lib = File.expand_path("../../lib", __dir__)
    IO.popen([RbConfig.ruby, "-I", lib, File.expand_path("../../exe/image_forge", __dir__), "serve",
              "--root", root, "--port", port.to_s], err: File::NULL) do |pipe|
      ready = pipe.wait_readable(15)
      line = ready && pipe.gets
      Process.kill("TERM", pipe.pid)
      expect(line).to eq("ImageForge gallery on http://127.0.0.1:#{port}/ (storage #{root})\n")
    end
  end

  it "refuses --variants naming no configured preset, storing nothing" do
    expect(exe("upload", jpeg, "photos/1.jpg", "--root", root, "--variants", "thumb"))
      .to eq([1, "", "image_forge: InvalidArgumentError: unknown preset(s) thumb (no presets configured)\n"])
    expect(Dir.exist?(root)).to be(false)
  end
end

RSpec.describe "image_forge bench" do
  it "reports renders per second for one thread and for every core" do
    out = StringIO.new
    expect(ImageForge::CLI.start(%w[bench --seconds 0.3], out:, err: StringIO.new)).to eq(0)
    rates = out.string.scan(%r{(\d+) thread\(s\): ([\d.]+) renders/s})
    expect(rates.map(&:first)).to eq([1, Etc.nprocessors].uniq.map(&:to_s))
    expect(rates.map { |_, r| Float(r) }).to all(be_positive)
  end
end
