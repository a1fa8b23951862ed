# frozen_string_literal: true

# Boots the app with its log in RAILS_LOG, records every ImageForge event, and does what
# shows in Rails' log: analyzes blobs (a photo, one over max_pixels, one that is no image),
# makes an ActiveStorage variant, uploads with a batch of variants (and under a key holding a
# newline), serves endpoint requests, runs image_forge:doctor. Prints what
# spec/rails/log_subscriber_spec.rb checks as JSON. ARGV[0]: a directory with photo.jpg,
# huge.png and not_an_image.png; ARGV[1]: the key to upload the photo under (new on every run:
# the S3 test server keeps objects between runs).
require "json"
require "stringio"
require "rack/mock"
require_relative "config/environment"

events = []
ActiveSupport::Notifications.subscribe(/\.image_forge\z/) do |*args|
  event = ActiveSupport::Notifications::Event.new(*args)
  payload = event.payload.except(:exception_object).transform_values do |value|
    next value unless value.is_a?(Array) && value.first.is_a?(Hash) # render outputs

    value.map { |output| output[:error] ? { error: output[:error].class.name } : output }
  end
  events << { name: event.name, duration: event.duration, payload: }
end

require_relative "db/schema"

files = ARGV.fetch(0)
metadata = %w[photo.jpg huge.png not_an_image.png].to_h do |name|
  user = User.create!(name:)
  user.photo.attach(io: File.open(File.join(files, name), "rb"), filename: name,
                    content_type: name.end_with?(".jpg") ? "image/jpeg" : "image/png")
  [name, user.photo.blob.reload.metadata.except("identified", "analyzed")]
end
User.first.photo.variant(resize_to_limit: [40, 40], format: :webp).processed

photo = File.binread(File.join(files, "photo.jpg"))
key = ARGV.fetch(1)
ImageForge.upload(photo, key:, variants: [:thumb])
ImageForge.process_variants(key, :thumb, small: { resize_to_limit: [20, 20] })
ImageForge.upload(photo, key: "#{File.dirname(key)}/forged\nE, [2026-01-01] ERROR -- : forged.jpg", variants: [:thumb])
begin
  ImageForge::Image.from_blob(File.binread(File.join(files, "not_an_image.png"))).resize_to_limit(10, 10).to_blob
rescue ImageForge::InvalidImageError
  nil
end

endpoint = ImageForge::Endpoint.new
path = ImageForge.url(key, resize_to_limit: [30, 30]).delete_prefix("/images")
forged = "/#{"A" * 43}#{path[44..]}" # a signature of the right length, but wrong
statuses = [path, path, forged].map { |p| endpoint.call(Rack::MockRequest.env_for(p)).first }

Rails.application.load_tasks
doctor = StringIO.new
begin
  $stdout = doctor
  Rake::Task["image_forge:doctor"].invoke
ensure
  $stdout = STDOUT
end
ActiveStorage.variant_processor = :vips
ActiveStorage.analyzers = []
miswired = ImageForge::Doctor.new.run.select { |_, name, _| name.start_with?("active_storage") }

puts JSON.generate(metadata:, statuses:, events:, doctor: doctor.string.lines(chomp: true), miswired:)
