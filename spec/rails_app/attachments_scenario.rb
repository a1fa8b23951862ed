# frozen_string_literal: true

# Attaches ARGV[0] to a user and prints, as JSON, the signed URLs ImageForge makes from the
# attachment and its blob, and where ImageForge's own files land next to ActiveStorage's.
# spec/rails/attachments_spec.rb serves the URLs through the app under puma.
require "json"
require_relative "config/environment"
require_relative "db/schema"

user = User.create!(name: "attachments")
user.photo.attach(io: File.open(ARGV.fetch(0), "rb"), filename: "portrait.jpg", content_type: "image/jpeg")
blob = user.photo.blob
view = ActionView::Base.empty
uploaded = ImageForge.upload(Pathname(ARGV.fetch(0)), key: "uploads/#{blob.key}.jpg")
variant = ImageForge.variant(user.photo, resize_to_limit: [50, 50]).processed
# The service's root, to see where ImageForge's own files went.
root = ImageForge::Railtie.service_store(blob.service_name, Rails.application, prefix: nil)
placed = [uploaded.key, variant.key].to_h do |key|
  [key, { own_prefix: root.exists?("image_forge/#{key}"), service_root: root.exists?(key) }]
end
refused = begin
  ImageForge.upload(Pathname(ARGV.fetch(0)), key: "active_storage/#{blob.service_name}/#{blob.key}")
rescue ImageForge::InvalidKeyError => e
  e.message
end

puts JSON.generate(
  blob_key: blob.key,
  service_name: blob.service_name,
  tag: view.image_forge_tag(user.photo, :thumb, dpr: [1]),
  attachment_url: ImageForge.url(user.photo.attachment, resize_to_limit: [40, 40]),
  blob_url: ImageForge.url(blob, resize_to_fill: [30, 20], format: :png),
  variant_key: variant.key,
  variant_size: ImageForge::Image.from_blob(variant.download).info.then { |i| [i.width, i.height] },
  uploaded_key: uploaded.key,
  refused:,
  placed:,
  purged: ImageForge.purge_variants(blob)
)
