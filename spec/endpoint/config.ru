# frozen_string_literal: true

# The endpoint as a real server runs it (puma -b tcp://127.0.0.1:PORT spec/endpoint/config.ru),
# configured from the environment by spec/support/puma_server.rb.
$LOAD_PATH.unshift(File.expand_path("../../lib", __dir__))
require "image_forge"

ImageForge.configure do |c|
  c.signing_keys = ENV.fetch("IMAGE_FORGE_KEYS").split(",")
  c.allow_unsigned_urls = ENV["IMAGE_FORGE_UNSIGNED"] == "1"
  c.storage =
    if ENV["IMAGE_FORGE_STORAGE"] == "s3" # the S3 test server, as bin/s3-server describes it
      ImageForge::Storage::S3.new(bucket: ENV.fetch("IMAGE_FORGE_TEST_S3_BUCKET"),
                                  endpoint: ENV.fetch("IMAGE_FORGE_TEST_S3_ENDPOINT"), force_path_style: true,
                                  access_key_id: ENV.fetch("IMAGE_FORGE_TEST_S3_ACCESS_KEY"),
                                  secret_access_key: ENV.fetch("IMAGE_FORGE_TEST_S3_SECRET_KEY"),
                                  prefix: ENV.fetch("IMAGE_FORGE_S3_PREFIX"))
    else
      ImageForge::Storage::Local.new(root: ENV.fetch("IMAGE_FORGE_ROOT"))
    end
  c.max_bytes = Integer(ENV.fetch("IMAGE_FORGE_MAX_BYTES", 100 * 1024 * 1024))
  c.presets = { thumb: { resize_to_fill: [64, 64], format: :webp } }
end

run ImageForge::Endpoint.new(
  max_concurrency: Integer(ENV.fetch("IMAGE_FORGE_MAX_CONCURRENCY", "2")),
  max_queue: Integer(ENV.fetch("IMAGE_FORGE_MAX_QUEUE", "4")),
  queue_timeout: Float(ENV.fetch("IMAGE_FORGE_QUEUE_TIMEOUT", "2")),
  redirect: ENV["IMAGE_FORGE_REDIRECT"] == "1"
)
