# frozen_string_literal: true

require "securerandom"
require_relative "readme/readme"

# README.md is executable: every ruby (and erb) block runs, in README order, each in a process
# of its own (spec/readme/run_block.rb) in one scratch directory, once with Local storage and
# once with the S3 test server as the default store, so that what one block stores the next
# finds. The directory holds what the prose presumes: in.jpg and photo.jpg, a 4032x3024 phone
# photo stored sideways (EXIF orientation 6); the runner adds the presets and the signing key
# the README configures, a controller's +params+ (photo: an uploaded in.jpg), and points the S3
# stores a block makes at the test server.
#
# "# => EXPECTED" comments are asserted (on the statement's line, or alone on the line after a
# statement), after dropping a trailing "(remark)":
# - EXPECTED that reads as a Ruby value ("...", #<...>, {...}, [...], :sym, a number, true,
#   false, nil) must equal the value's #inspect, where "..." stands for any text and
#   <32 hex>, <integer>, <base64 MD5>, <base64url HMAC-SHA256> for what they name. Hashes may be
#   written as Ruby 3.4 prints them ({thumb: 1, "a" => 2}); spaces inside braces do not count.
# - Otherwise EXPECTED names a class and optionally members: "binary String" is an ASCII-8BIT
#   String; "Head size, etag" a Storage::Head that answers #size and #etag.
#
# A block is left out or run in another context by an HTML comment right above its fence:
# <!-- readme-spec: skip (why) --> or <!-- readme-spec: routes (...) --> (the body of
# config/routes.rb, drawn on an ActionDispatch route set, then a signed URL is served through it).
RSpec.describe "README.md" do
  blocks = Readme.blocks.select { |b| %w[ruby erb].include?(b.lang) }
  runner = File.expand_path("readme/run_block.rb", __dir__)

  # A 4032x3024 JPEG that displays as 3024x4032.
  def self.phone_photo
    @phone_photo ||= begin
      helper = Object.new.extend(Fixtures)
      jpeg = ImageForge::Image.from_blob(helper.gradient_png(64, 48)).resize_to_fit(4032, 3024)
                              .convert(:jpeg).saver(quality: 70).to_blob
      ImageForge::Samples.with_exif_orientation(jpeg, 6)
    end
  end

  # [success?, output] of +command+ in +dir+; killed after 120 s, so a hang fails one example.
  def self.run_block(env, command, dir)
    Open3.popen2e(env, *command, chdir: dir) do |stdin, out, wait|
      stdin.close
      reader = Thread.new { out.read }
      next [wait.value.success?, reader.value] if wait.join(120)

      Process.kill(:KILL, wait.pid)
      [false, "#{reader.value}\n(killed after 120 s)"]
    end
  end

  it "has ruby blocks, and few that do not run" do
    expect(blocks.size).to be >= 10
    expect(blocks.count { |b| b.context == "skip" }).to be <= 2
  end

  {
    "with Local storage" => ->(_) { {} },
    "with the S3 test server as the default store" => lambda do |prefix|
      S3Server.env.merge("IMAGE_FORGE_STORAGE" => "s3", "IMAGE_FORGE_S3_BUCKET" => S3Server.settings[:bucket],
                         "IMAGE_FORGE_S3_ENDPOINT" => S3Server.settings[:endpoint],
                         "IMAGE_FORGE_S3_FORCE_PATH_STYLE" => "1", "IMAGE_FORGE_S3_PREFIX" => "#{prefix}-default",
                         "AWS_ACCESS_KEY_ID" => S3Server.settings[:access_key],
                         "AWS_SECRET_ACCESS_KEY" => S3Server.settings[:secret_key])
    end
  }.each do |store, store_env|
    describe store do
      before(:context) do
        @dir = Dir.mktmpdir("image_forge-readme")
        %w[in.jpg photo.jpg].each { |name| File.binwrite(File.join(@dir, name), self.class.phone_photo) }
        prefix = "readme-#{SecureRandom.hex(4)}"
        env = S3Server.env.merge(store_env.call(prefix))
                      .merge("IMAGE_FORGE_KEY" => SecureRandom.hex(32), "README_S3_PREFIX" => prefix)
        @results = blocks.reject { |b| b.context == "skip" }.to_h do |block|
          command = [RbConfig.ruby, "-I", File.expand_path("../lib", __dir__), runner, block.line.to_s]
          [block.line, self.class.run_block(env, command, @dir)]
        end
      end

      after(:context) { FileUtils.rm_rf(@dir) }

      blocks.each do |block|
        it "runs the #{block.name}" do
          skip "marked readme-spec: skip in README.md" if block.context == "skip"
          ok, out = @results.fetch(block.line)
          expect(ok).to be(true), out
          checks = block.lang == "ruby" && block.context.nil? ? Readme.statements(block).count(&:expected) : 1
          expect(out.scan(/^ok README\.md:\d+/).size).to eq(checks), out
        end
      end
    end
  end

  it "shows what `image_forge info` prints", :tmpdir do
    line = Readme.blocks.select { |b| b.lang == "sh" }.flat_map { |b| b.code.lines }
                 .grep(/\Aimage_forge info /).first
    command, shown = line.chomp.split(/\s+# /, 2)
    File.binwrite(File.join(@tmpdir, "photo.jpg"), self.class.phone_photo)
    out, status = Open3.capture2e(RbConfig.ruby, "-I", File.expand_path("../lib", __dir__),
                                  File.expand_path("../exe/image_forge", __dir__), *command.split.drop(1),
                                  chdir: @tmpdir)
    expect([status.success?, out]).to eq([true, "#{shown}\n"])
  end
end
