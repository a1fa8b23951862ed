# frozen_string_literal: true

# Rails 7.1+: attaches ARGV[0] to a Member (app/models/member.rb), whose avatar has four
# preprocessed named variants and one that is not, then its badge (a variant from an ImageForge
# preset) and its cover (one variant of which cannot render); prints as JSON what
# spec/rails/named_variants_spec.rb checks. TRACK_VARIANTS=1 turns ActiveStorage.track_variants
# on. Writes each stored variant, and what ActiveStorage's own transformer path renders for it,
# into RAILS_APP_TMP.
require "json"
require_relative "vips_block_untrusted"
require_relative "config/environment"
require_relative "db/schema"
ActiveStorage.track_variants = ENV["TRACK_VARIANTS"] == "1"

# What happened between two snapshots: jobs performed, downloads by key and by the job that
# made them, ImageForge renders (each one decode) with their recipes.
log = { jobs: [], downloads: [], renders: [] }
running = []
ActiveSupport::Notifications.subscribe("perform_start.active_job") { |*, p| running.push(p[:job].class.name) }
ActiveSupport::Notifications.subscribe("perform.active_job") { log[:jobs] << running.pop }
ActiveSupport::Notifications.subscribe(/\Aservice_(streaming_)?download\.active_storage\z/) do |*, p|
  log[:downloads] << { key: p[:key], job: running.last }
end
ActiveSupport::Notifications.subscribe("render.image_forge") { |*, p| log[:renders] << p[:recipes] }
record = lambda do |&block|
  log.each_value(&:clear)
  block.call
  { jobs: log[:jobs].tally, renders: log[:renders].dup, downloads: log[:downloads].dup }
end
# The downloads of +key+ in +phase+, by the job that made them.
downloads_of = ->(key, phase) { phase.delete(:downloads).select { |d| d[:key] == key }.map { |d| d[:job] }.tally }

def stored(attachment, name)
  variant = attachment.variant(name)
  bytes = variant.download
  path = File.join(ENV.fetch("RAILS_APP_TMP"), "preprocessed-#{attachment.name}-#{name}")
  File.binwrite(path, bytes)
  info = ImageForge::Image.from_blob(bytes).info
  { key: variant.key, content_type: variant.content_type, format: info.format, width: info.width,
    height: info.height, path: }
end

# What ActiveStorage's own path (Variation#transform, its ImageProcessingTransformer) writes.
def transformed(attachment, name)
  path = File.join(ENV.fetch("RAILS_APP_TMP"), "transformer-#{name}")
  attachment.blob.open do |file|
    attachment.variant(name).variation.transform(file) { |output| File.binwrite(path, output.read) }
  end
  path
end

member = Member.create!(name: "photo")
io = File.open(ARGV.fetch(0), "rb")
attach = record.call { member.avatar.attach(io:, filename: "photo.jpg", content_type: "image/jpeg") }
blob = member.avatar.blob
attach[:original_downloads] = downloads_of.call(blob.key, attach)
names = %i[thumb square medium large]

member = Member.find(member.id) # nothing memoized from the attach
processed = record.call { names.each { |name| member.avatar.variant(name).processed } }
processed[:original_downloads] = downloads_of.call(blob.key, processed)
variants = names.to_h { |name| [name, stored(member.avatar, name)] }
transformer = {}
transformer_recipes = record.call { names.each { |name| transformer[name] = transformed(member.avatar, name) } }
tiny = member.avatar.variant(:tiny)

io.rewind
badge = record.call { member.badge.attach(io:, filename: "badge.jpg", content_type: "image/jpeg") }
io.rewind
cover_error = begin
  member.cover.attach(io:, filename: "cover.jpg", content_type: "image/jpeg")
  nil
rescue ImageForge::Error => e # the inline adapter raises what the job raised
  e.message
end

puts JSON.generate(
  track_variants: ActiveStorage.track_variants, service: blob.service.class.name, attach:, processed:,
  variants:, transformer:, transformer_recipes: transformer_recipes[:renders].flatten,
  variant_records: ActiveStorage::VariantRecord.where(blob_id: blob.id).count,
  tiny_stored: ActiveStorage.track_variants ? tiny.image.present? : blob.service.exist?(tiny.key),
  badge: { jobs: badge[:jobs], renders: badge[:renders], thumb: stored(member.badge, :thumb) },
  cover: { error: cover_error, banner: stored(member.cover, :banner) }
)
