# frozen_string_literal: true

# The endpoint as a real server runs it (puma -b tcp://127.0.0.1:PORT spec/endpoint/config.ru),
# configured from the environment by spec/support/puma_server.rb.
$LOAD_PATH.unshift(File.expand_path("../../lib", __dir__))
require "image_forge"
require_relative "../support/test_storage"

ImageForge.configure do |c|
  c.signing_keys = ENV.fetch("IMAGE_FORGE_KEYS").split(",")
  c.allow_unsigned_urls = ENV["IMAGE_FORGE_UNSIGNED"] == "1"
  c.storage = TestStorage.from_env
  c.max_bytes = Integer(ENV.fetch("IMAGE_FORGE_MAX_BYTES", 100 * 1024 * 1024))
  c.max_memory = Integer(ENV.fetch("IMAGE_FORGE_MAX_MEMORY", 512 * 1024 * 1024))
  c.presets = { thumb: { resize_to_fill: [64, 64], format: :webp } }
end

run ImageForge::Endpoint.new(
  max_concurrency: Integer(ENV.fetch("IMAGE_FORGE_MAX_CONCURRENCY", "2")),
  max_queue: Integer(ENV.fetch("IMAGE_FORGE_MAX_QUEUE", "4")),
  queue_timeout: Float(ENV.fetch("IMAGE_FORGE_QUEUE_TIMEOUT", "2")),
  redirect: ENV["IMAGE_FORGE_REDIRECT"] == "1"
)
