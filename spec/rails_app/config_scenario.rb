# frozen_string_literal: true

# Boots the app and prints ImageForge's store as the Railtie configured it.
require "json"
require_relative "config/environment"

puts JSON.generate(storage_root: ImageForge.config.storage.root)
