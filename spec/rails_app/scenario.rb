# frozen_string_literal: true

# Boots the app, creates the schema, attaches ARGV[0] to a user and makes a WebP variant;
# prints what the specs check as JSON. Run by spec/rails/active_storage_spec.rb.
require "json"
require_relative "config/environment"
require_relative "db/schema"

user = User.create!(name: "portrait")
user.photo.attach(io: File.open(ARGV.fetch(0), "rb"), filename: "portrait.jpg", content_type: "image/jpeg")
blob = user.photo.blob.reload
variant = user.photo.variant(resize_to_limit: [100, 100], format: :webp, saver: { quality: 70 }).processed
stored = blob.service.download(variant.key)
info = ImageForge::Image.from_blob(stored).info

Rails.application.load_tasks

puts JSON.generate(
  config: { presets: ImageForge.config.presets.transform_values(&:to_s), max_pixels: ImageForge.config.max_pixels,
            signing_keys: ImageForge.config.signing_keys.size, logger: ImageForge.config.logger.equal?(Rails.logger) },
  rake_tasks: Rake::Task.tasks.map(&:name).grep(/\Aimage_forge:/),
  image_tag: ActionView::Base.empty.image_forge_tag("photos/1.jpg", :thumb, alt: "thumb"),
  processor: ActiveStorage.variant_processor,
  # What ActiveStorage's image_processing transformer (6.1 to 8.0) renders variants with.
  transformer_processor: ActiveStorage::Transformers::ImageProcessingTransformer.new({}).send(:processor).name,
  analyzers: ActiveStorage.analyzers.map(&:name),
  service: blob.service.class.name,
  analyzed: blob.analyzed?,
  metadata: blob.metadata.slice("width", "height"),
  variant: { key: variant.key, format: info.format, width: info.width, height: info.height },
  image_forge_storage: ImageForge.config.storage.class.name,
  # ActiveStorage 7.2 loads its own vips and mini_magick adapters at boot; they find no library.
  other_image_libraries: $LOADED_FEATURES.grep(%r{/(vips|mini_magick)[^/]*\.rb\z}).grep_v(%r{/active_storage/})
)
