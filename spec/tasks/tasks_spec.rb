# frozen_string_literal: true

require "open3"

# Runs a task of spec/tasks/Rakefile in its own process against the example's +storage+.
module RakeRunner
  RAKEFILE = File.expand_path("Rakefile", __dir__)

  def rake(task, env = {})
    out, err, status = Open3.capture3(TestStorage.env_for(storage).merge(env), RbConfig.ruby, "-S", "rake",
                                      "-f", RAKEFILE, task)
    [status.exitstatus, out, err]
  end

  # [exit status, output] of the task run on a terminal, where progress is a ruby-progressbar bar.
  def rake_on_terminal(task, env = {})
    require "pty"
    output = +""
    status = nil
    command = [RbConfig.ruby, "-S", "rake", "-f", RAKEFILE, task]
    PTY.spawn(TestStorage.env_for(storage).merge(env), *command) do |out, _, pid|
      begin
        out.each_line { |line| output << line }
      rescue Errno::EIO # the child closed the terminal
        nil
      end
      status = Process.wait2(pid).last.exitstatus
    end
    [status, output]
  end
end

# The rake tasks in their own process (spec/tasks/Rakefile), against Local and the S3 test
# server: exit status, summary and failures as an operator sees them.
RSpec.shared_examples "rake tasks on a storage" do
  include RakeRunner

  # Tiny distinct PNGs, uploaded from a few threads.
  def upload_sources(prefix, count)
    keys = Array.new(count) { |i| format("#{prefix}%04d.png", i) }
    keys.each_slice((count / 8.0).ceil).map do |slice|
      Thread.new { slice.each { |k| storage.upload(k, ImageForge::Samples.draw_png(4, 4, 3) { [k.sum % 256, 0, 0] }) } }
    end.each(&:join)
    keys
  end

  def stored_variants(prefix) = storage.list("variants/#{prefix}").count

  it "backfills 1,000 sources, and a rerun renders nothing" do
    upload_sources("many/", 1000)
    status, out, err = rake("image_forge:variants[many/,thumb]", "CONCURRENCY" => "8")
    expect([status, err]).to eq([0, ""]), out
    expect(out).to include("1000 rendered, 0 already stored, 0 failed")
    expect(stored_variants("many/")).to eq(1000)
    status, out, = rake("image_forge:variants[many/,thumb]")
    expect(status).to eq(0)
    expect(out).to include("0 rendered, 1000 already stored, 0 failed")
  end

  it "splits a backfill into shards that together cover every source exactly once" do
    upload_sources("sharded/", 200)
    counts = %w[1/2 2/2].map do |shard|
      status, out, err = rake("image_forge:variants[sharded/,thumb,small]", "SHARD" => shard)
      expect(status).to eq(0), err
      Integer(out[/(\d+) rendered/, 1])
    end
    expect(counts.sum).to eq(400) # 200 sources x 2 presets, none rendered twice
    expect(counts).to all(be_between(100, 300))
    expect(stored_variants("sharded/")).to eq(400)
    expect(rake("image_forge:variants[sharded/,thumb]", "SHARD" => "3/2").first).not_to eq(0)
  end

  it "reports failing sources with their reason and exits non-zero; a dry run stores nothing" do
    upload_sources("mixed/", 3)
    storage.upload("mixed/broken.png", "not a png at all")
    _, out, err = rake("image_forge:variants[mixed/,thumb]", "DRY_RUN" => "1")
    expect(out).to include("dry run: 4 to render"), err
    expect(stored_variants("mixed/")).to eq(0)
    status, out, err = rake("image_forge:variants[mixed/,thumb]")
    expect(status).to eq(1)
    expect(out).to include("3 rendered, 0 already stored, 1 failed"), err
    expect(err).to include('failed: "mixed/broken.png" thumb: "ImageForge::InvalidImageError')
  end
end

RSpec.describe "rake image_forge:variants" do
  describe "on Local storage", :tmpdir do
    let(:storage) { ImageForge::Storage::Local.new(root: File.join(@tmpdir, "store")) }

    it_behaves_like "rake tasks on a storage"
  end

  describe "on S3" do
    let(:storage) { S3Server.storage }

    it_behaves_like "rake tasks on a storage"
  end
end

RSpec.describe "rake image_forge:upload and image_forge:purge", :tmpdir do
  let(:storage) { S3Server.storage }
  include RakeRunner

  it "uploads a directory, skips what is stored on a rerun, reports non-images, purges variants" do
    dir = File.join(@tmpdir, "import")
    FileUtils.mkdir_p(File.join(dir, "sub"))
    3.times do |i|
      File.binwrite(File.join(dir, "sub", "#{i}.png"), ImageForge::Samples.draw_png(6, 4, 3) do
                                                         [i, 9, 9]
                                                       end)
    end
    File.write(File.join(dir, "notes.txt"), "not an image")
    status, out, err = rake("image_forge:upload[#{dir},in/]", "PRESETS" => "thumb")
    expect(status).to eq(1)
    expect(out).to include("3 uploaded, 0 already stored, 1 failed"), err
    expect(err).to include('failed: "in/notes.txt": "ImageForge::')
    expect(storage.list("in/").map(&:key).to_a).to eq(%w[in/sub/0.png in/sub/1.png in/sub/2.png])
    expect(storage.list("variants/in/").count).to eq(3)

    File.delete(File.join(dir, "notes.txt"))
    status, out, = rake("image_forge:upload[#{dir},in/]")
    expect([status, out[/\d+ uploaded, \d+ already stored/]]).to eq([0, "0 uploaded, 3 already stored"])

    status, out, = rake("image_forge:purge[in/]")
    expect([status, out.strip]).to eq([0, "3 variant(s) deleted"])
    expect(storage.list("variants/in/").count).to eq(0)
  end
end

RSpec.describe "rake image_forge:upload with links and odd names", :tmpdir do
  let(:storage) { ImageForge::Storage::Local.new(root: File.join(@tmpdir, "store")) }
  include RakeRunner

  it "skips and reports symbolic links, and quotes file names in the report" do
    outside = File.join(@tmpdir, "server")
    FileUtils.mkdir_p(File.join(outside, "dir"))
    png = ImageForge::Samples.draw_png(4, 4, 3) { [1, 2, 3] }
    File.binwrite(File.join(outside, "secret.png"), png)
    File.binwrite(File.join(outside, "dir", "more.png"), png)
    dir = File.join(@tmpdir, "import")
    FileUtils.mkdir_p(dir)
    File.binwrite(File.join(dir, "real.png"), png)
    File.symlink(File.join(outside, "secret.png"), File.join(dir, "link.png"))
    File.symlink(File.join(outside, "dir"), File.join(dir, "linked_dir"))
    File.write(File.join(dir, "forged\nfailed: x.png"), "not an image")

    status, out, err = rake("image_forge:upload[#{dir},in/]")
    expect(status).to eq(1)
    expect(out).to include("1 uploaded, 0 already stored, 1 failed", "2 symlink(s) skipped"), err
    expect(out).to include('skipped symlink: "link.png"', 'skipped symlink: "linked_dir"')
    expect(err.lines.size).to eq(1)
    expect(err).to include('failed: "in/forged\\nfailed: x.png": ')
    expect(storage.list("in/").map(&:key).to_a).to eq(%w[in/real.png])
  end
end

RSpec.describe "rake image_forge:upload reruns and counts", :tmpdir do
  include RakeRunner

  let(:storage) { ImageForge::Storage::Local.new(root: File.join(@tmpdir, "store")) }
  let(:dir) { File.join(@tmpdir, "import") }

  def write_pngs(count)
    FileUtils.mkdir_p(dir)
    count.times { |i| File.binwrite(File.join(dir, "#{i}.png"), ImageForge::Samples.draw_png(6, 4, 3) { [i, 9, 9] }) }
  end

  it "exits 0 on a rerun whose only failures are the non-images it reported before; a changed one fails again" do
    write_pngs(2)
    File.write(File.join(dir, "notes.txt"), "not an image")
    status, out, err = rake("image_forge:upload[#{dir},in/]")
    expect([status, out[/^\d+ uploaded.*failed/]]).to eq([1, "2 uploaded, 0 already stored, 1 failed"]), err
    expect(err).to start_with('failed: "in/notes.txt": "ImageForge::InvalidImageError')

    expect(rake("image_forge:upload[#{dir},in/]"))
      .to match([0, /^0 uploaded, 2 already stored, 0 failed, .*, 1 known non-image\(s\) skipped$/, ""])
    expect(rake("image_forge:upload[#{dir},in/]")[1]).to include('skipped non-image: "notes.txt" (reported before)')

    File.write(File.join(dir, "notes.txt"), "changed, still not an image")
    File.write(File.join(dir, "new.txt"), "another")
    status, out, err = rake("image_forge:upload[#{dir},in/]")
    expect([status, out[/^\d+ uploaded.*failed/]]).to eq([1, "0 uploaded, 2 already stored, 2 failed"])
    expect(err.lines.size).to eq(2)
    expect(rake("image_forge:upload[#{dir},in/]").first).to eq(0)
    expect(storage.list("in/").map(&:key).to_a).to eq(%w[in/0.png in/1.png])
  end

  it "counts files in its progress bar and in its summary, with failed variants apart" do
    write_pngs(3)
    status, output = rake_on_terminal("image_forge:upload[#{dir},in/]",
                                      "PRESETS" => "thumb,outside", "IMAGE_FORGE_SPEC_CROP_PRESET" => "1")
    expect(status).to eq(1)
    done, total = output.scan(%r{upload \|.*?\| (\d+)/(\d+)}).last.map(&:to_i)
    counts = output.match(/^(\d+) uploaded, (\d+) already stored, (\d+) failed/).captures.map(&:to_i)
    expect([done, total, counts]).to eq([3, 3, [3, 0, 0]]), output
    expect(output).to include("3 variant(s) failed")
    expect(output.scan(%r{^failed: "in/\d\.png" outside: "ImageForge::InvalidRecipeError}).size).to eq(3)
  end

  it "counts variants in the progress and the summary of image_forge:variants" do
    3.times { |i| storage.upload("p/#{i}.png", ImageForge::Samples.draw_png(6, 4, 3) { [i, 1, 1] }) }
    status, output = rake_on_terminal("image_forge:variants[p/,thumb,small]")
    expect(status).to eq(0), output
    expect(output.scan(/variants: (\d+) done/).last).to eq(["6"])
    expect(output).to include("6 rendered, 0 already stored, 0 failed")
  end
end

RSpec.describe "rake image_forge:doctor" do
  include RakeRunner

  let(:storage) { S3Server.storage }

  it "checks storage, codecs and presets, and fails on refused credentials" do
    status, out, = rake("image_forge:doctor")
    expect(status).to eq(0), out
    expect(out).to match(/^ok   storage: write, head, read back and delete/)
    expect(out.scan(/^ok   codec (\w+)/).flatten).to eq(%w[jpeg png webp avif gif])
    expect(out).to include("ok   preset thumb", "ok   preset small")

    status, out, = rake("image_forge:doctor", "IMAGE_FORGE_TEST_S3_SECRET_KEY" => "wrong-secret-0123456789")
    expect(status).to eq(1)
    expect(out).to match(/^FAIL storage: ImageForge::AccessDeniedError/)
    expect(out).not_to include("wrong-secret-0123456789")
  end
end

RSpec.describe "rake image_forge usage errors and doctor on Local storage", :tmpdir do
  include RakeRunner

  let(:storage) { ImageForge::Storage::Local.new(root: File.join(@tmpdir, "store")) }

  it "reports a missing or unknown preset in one line on stderr, with a non-zero exit" do
    storage.upload("photos/1.png", ImageForge::Samples.draw_png(4, 4, 3) { [1, 2, 3] })
    expect(rake("image_forge:variants[photos/]"))
      .to match([2, "", "rake image_forge:variants: no presets given (configured: thumb, small)\n"])
    expect(rake("image_forge:variants[photos/,thumb,nope]"))
      .to match([2, "", "rake image_forge:variants: unknown preset(s) nope (configured: thumb, small)\n"])
    expect(rake("image_forge:variants[photos/,thumb]", "SHARD" => "3/2"))
      .to match([2, "", "rake image_forge:variants: shard 3/2 is out of range\n"])
    expect(storage.list("variants/").count).to eq(0)
  end

  it "refuses upload PRESETS when none are configured, before uploading anything" do
    dir = File.join(@tmpdir, "import")
    FileUtils.mkdir_p(dir)
    File.binwrite(File.join(dir, "a.png"), ImageForge::Samples.draw_png(4, 4, 3) { [1, 2, 3] })
    expect(rake("image_forge:upload[#{dir},in/]", "PRESETS" => "thumb", "IMAGE_FORGE_SPEC_NO_PRESETS" => "1"))
      .to match([2, "", "rake image_forge:upload: unknown preset(s) thumb (no presets configured)\n"])
    expect(rake("image_forge:upload[#{File.join(@tmpdir, "none")},in/]"))
      .to match([2, "", "rake image_forge:upload: no such directory: #{File.join(@tmpdir, "none")}\n"])
    expect(Dir.exist?(storage.root)).to be(false)
  end

  it "doctor leaves no folder of its own behind" do
    status, out, = rake("image_forge:doctor")
    expect([status, out]).to match([0, /^ok   storage: write, head, read back and delete/])
    expect(Dir.children(storage.root)).to eq([])
  end
end
