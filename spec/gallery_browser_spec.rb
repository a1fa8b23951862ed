# frozen_string_literal: true

require "net/http"
require "open3"
require "socket"

# `image_forge serve` in its own process, its gallery opened in headless Chromium (Debian):
# every image on the page must have loaded (naturalWidth > 0). Saves tmp/gallery.png.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                  "--allow-file-access-from-files", "--virtual-time-budget=15000"].freeze

RSpec.describe "image_forge serve, in a browser", :tmpdir do
  let(:root) { File.join(@tmpdir, "storage") }
  let(:port) { PumaServer.free_port }
  let(:chromium) { %w[chromium chromium-browser].find { |b| system("command -v #{b} >/dev/null 2>&1") } }

  around do |example|
    store = ImageForge::Storage::Local.new(root:)
    ImageForge::Samples.write_set(File.join(@tmpdir, "samples")).each do |path|
      store.upload("photos/#{File.basename(path)}", Pathname(path))
    end
    exe = File.expand_path("../exe/image_forge", __dir__)
    log = File.join(@tmpdir, "serve.log")
    @pid = Process.spawn(RbConfig.ruby, "-I", File.expand_path("../lib", __dir__), exe, "serve", "--root", root,
                         "--port", port.to_s, out: log, err: log)
    wait_for_port(log)
    example.run
  ensure
    Process.kill(:TERM, @pid) && Process.wait(@pid) if @pid
  end

  # [images on the page, images that loaded] after Chromium's load event.
  def loaded_in_browser(url)
    raise "chromium is not installed (bin/install-deps test installs it)" unless chromium

    dom, status = Open3.capture2(chromium, *CHROMIUM_FLAGS, "--dump-dom", url, err: File::NULL)
    expect(status).to be_success
    [dom[/data-images="(\d+)"/, 1], dom[/data-loaded="(\d+)"/, 1]].map(&:to_i)
  end

  def wait_for_port(log)
    100.times do
      return TCPSocket.new("127.0.0.1", port).close
    rescue Errno::ECONNREFUSED
      sleep 0.1
    end
    raise "image_forge serve did not start: #{File.read(log)}"
  end

  it "serves a gallery whose every image loads in headless Chromium" do
    page = Net::HTTP.get(URI("http://127.0.0.1:#{port}/"))
    sources = page.scan(/<img src="([^"]+)"/).flatten
    expect(sources.size).to eq(3 * 3) # 3 photos: preview, thumb, small

    expect(loaded_in_browser("http://127.0.0.1:#{port}/")).to eq([9, 9])

    screenshot = File.expand_path("../tmp/gallery.png", __dir__)
    FileUtils.mkdir_p(File.dirname(screenshot))
    system(chromium, *CHROMIUM_FLAGS, "--window-size=1280,1400", "--screenshot=#{screenshot}", "http://127.0.0.1:#{port}/",
           err: File::NULL, out: File::NULL)
    expect(File.size(screenshot)).to be > 10_000
  end

  it "shows every image of the bin/demo page" do
    root = File.expand_path("..", __dir__)
    out, status = Open3.capture2e({ "IMAGE_FORGE_FIXTURES" => File.join(@tmpdir, "no-fixtures") }, RbConfig.ruby,
                                  "-I", File.join(root, "lib"), File.join(root, "demo/demo.rb"))
    expect(status).to be_success, out
    images, loaded = loaded_in_browser("file://#{File.join(root, "tmp/demo/index.html")}")
    expect(images).to eq(15) # 3 drawn photos: the original and 4 presets each
    expect(loaded).to eq(images)
  end
end
