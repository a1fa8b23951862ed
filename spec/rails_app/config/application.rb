# frozen_string_literal: true

# A minimal Rails app (Debian's Rails: 6.1, and 7.2 in bin/trixie; sqlite3) using ImageForge as
# ActiveStorage's variant processor and analyzer. Settings come from the environment so one app
# serves every scenario:
#   RAILS_APP_TMP                  where the database and Disk service files go
#   ACTIVE_STORAGE_SERVICE         local (Disk) or s3 (the S3 test server)
#   IMAGE_FORGE_TEST_S3_*          the S3 test server (bin/s3-server)
#   IMAGE_FORGE_STORAGE_UNSET      leaves config.image_forge.storage to the Railtie's default
#   VARIANT_PROCESSOR              image_forge (default), or vips for stock ActiveStorage with
#                                  its own analyzer (bench/preprocessed_variants.rb compares them)
require "logger"
require "rails"
require "active_record/railtie"
require "active_job/railtie"
require "action_view/railtie"
require "active_storage/engine"
require "image_forge"

module RailsApp
  class Application < Rails::Application
    config.root = File.expand_path("..", __dir__)
    config.eager_load = false
    config.logger = Logger.new(ENV["RAILS_LOG"] || File::NULL)
    config.secret_key_base = "image-forge-test-#{"0" * 48}"
    config.active_job.queue_adapter = :inline
    config.active_storage.service = ENV.fetch("ACTIVE_STORAGE_SERVICE", "local").to_sym
    config.active_storage.variant_processor = ENV.fetch("VARIANT_PROCESSOR", "image_forge").to_sym
    config.image_forge.analyzer = false unless config.active_storage.variant_processor == :image_forge
    config.image_forge.presets = { thumb: { resize_to_fill: [64, 64], format: :webp } }
    unless ENV["IMAGE_FORGE_STORAGE_UNSET"]
      config.image_forge.storage = ENV.fetch("ACTIVE_STORAGE_SERVICE", "local").to_sym
    end
    config.image_forge.signing_keys = ["rails-app-signing-key-#{"x" * 16}"]
    config.image_forge.max_pixels = 30_000_000
    config.image_forge.endpoint_path = "/images"
  end
end
