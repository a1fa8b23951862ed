# frozen_string_literal: true

require_relative "lib/image_forge/version"

Gem::Specification.new do |spec|
  spec.name = "image_forge"
  spec.version = ImageForge::VERSION
  spec.authors = ["ImageForge developers"]
  spec.summary = "Image uploads and fast in-process transformations for Ruby, with a Rust core"
  spec.description = "Resize, crop and convert images in-process (libjpeg-turbo, libwebp, " \
                     "fast_image_resize) without the GVL, and store them locally or on S3."
  spec.license = "MIT"
  spec.homepage = "https://github.com/image-forge/image_forge"
  spec.metadata["source_code_uri"] = spec.homepage
  spec.metadata["changelog_uri"] = "#{spec.homepage}/blob/main/CHANGELOG.md"
  spec.metadata["bug_tracker_uri"] = "#{spec.homepage}/issues"
  spec.required_ruby_version = ">= 3.1"

  # The fuzz crate and the seed generator are development tools (bin/fuzz), not the gem.
  spec.files = Dir[
    "lib/**/*.rb", "exe/*", "ext/**/*.{rs,toml,c}", "ext/image_forge/extconf.rb",
    "Cargo.toml", "Cargo.lock", ".cargo/config.toml", "README.md", "CHANGELOG.md", "LICENSE"
  ].reject { |path| path.start_with?("ext/image_forge_core/fuzz/", "ext/image_forge_core/examples/") }
  spec.require_paths = ["lib"]
  spec.bindir = "exe"
  spec.executables = ["image_forge"]
  spec.extensions = ["ext/image_forge/extconf.rb"]
  # rb_sys is not declared: RubyGems has no build-only dependencies, and a runtime one is
  # activated by `require "image_forge"`, so the gem would not load where rb_sys cannot be
  # installed. extconf.rb uses rb_sys's create_rust_makefile when it is there, else a plain
  # Makefile (PACKAGING.md).
  spec.metadata["rubygems_mfa_required"] = "true"
end
