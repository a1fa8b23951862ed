# frozen_string_literal: true

# The S3-compatible test server (s3s-fs). bin/test starts it and exports its settings; a bare
# `rspec` starts one through the same script and stops it at exit.
module S3Server
  module_function

  def settings
    @settings ||= begin
      start unless ENV["IMAGE_FORGE_TEST_S3_ENDPOINT"]
      %w[ENDPOINT BUCKET ACCESS_KEY SECRET_KEY ROOT].to_h do |name|
        [name.downcase.to_sym, ENV.fetch("IMAGE_FORGE_TEST_S3_#{name}")]
      end
    end
  end

  def start
    script = File.expand_path("../../bin/s3-server", __dir__)
    exports = IO.popen([script], &:read)
    raise "bin/s3-server failed" unless Process.last_status.success?

    exports.scan(/^export (\w+)='?([^'\n]*)'?$/) { |name, value| ENV[name] = value }
    pid = Integer(ENV.fetch("IMAGE_FORGE_TEST_S3_PID"))
    root = File.dirname(ENV.fetch("IMAGE_FORGE_TEST_S3_ROOT"))
    at_exit do
      Process.kill(:TERM, pid)
      FileUtils.rm_rf(root)
    end
  end

  # The settings as the environment of a child process (bin/s3-server's names).
  def env = settings.transform_keys { |k| "IMAGE_FORGE_TEST_S3_#{k.upcase}" }

  # A store on the test server, under a prefix of its own so examples never see each other's
  # objects. Options go to Storage::S3.new (endpoint: to route through a FaultProxy).
  def storage(prefix: "spec-#{SecureRandom.hex(6)}", **options)
    s = settings
    ImageForge::Storage::S3.new(
      bucket: s[:bucket], endpoint: s[:endpoint], force_path_style: true, region: "us-east-1",
      access_key_id: s[:access_key], secret_access_key: s[:secret_key], prefix:, **options
    )
  end

  # Files s3s-fs keeps for multipart uploads that were neither completed nor aborted.
  def open_upload_files
    # s3s-fs's own names (".upload-<id>.json", ".upload_id-<id>.part-<n>", the upload's
    # ".bucket-...upload-<id>.metadata.json"), not objects: a key may well contain "upload".
    patterns = %w[.upload-* .upload_id-* .bucket-*.upload-*.metadata.json]
    Dir.glob(patterns.map { |pattern| File.join(settings[:root], "**", pattern) }, File::FNM_DOTMATCH)
  end
end
