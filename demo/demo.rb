# frozen_string_literal: true

# The demo job: upload sample photos to the embedded local storage with their preset variants
# (one decode per photo, presets rendered in parallel), look the variants up again (served from
# storage), print a table and write tmp/demo/index.html with originals and variants side by side.
require "image_forge"
require "image_forge/samples"
require "erb"
require "fileutils"

PRESETS = {
  thumb: { resize_to_fill: [200, 200], format: :webp, saver: { quality: 80 } },
  smart: { resize_to_fill: [200, 200, { gravity: :attention }], format: :webp },
  medium: { resize_to_limit: [800, 800], format: :jpeg, saver: { quality: 80 } },
  small_png: { resize_to_limit: [320, 320], format: :png }
}.freeze

root = File.expand_path("..", __dir__)
out_dir = File.join(root, "tmp/demo")
FileUtils.rm_rf(out_dir)
FileUtils.mkdir_p(out_dir)
ImageForge.configure do |c|
  c.storage = ImageForge::Storage::Local.new(root: File.join(root, "storage"))
  c.presets = PRESETS
end

fixtures = ENV.fetch("IMAGE_FORGE_FIXTURES", File.join(root, "../shared/fixtures"))
sources = Dir[File.join(fixtures, "*.{jpg,jpeg,png,webp}")] + ARGV
if sources.empty?
  puts "no ../shared/fixtures here: drawing sample photos"
  sources = ImageForge::Samples.write_set(File.join(out_dir, "samples"))
end

def ms_since(start) = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - start) * 1000).round(1)

def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)

def copy_into(out_dir, name, bytes)
  file = File.join(out_dir, name)
  FileUtils.mkdir_p(File.dirname(file))
  File.binwrite(file, bytes)
  file
end

rows = []
timings = []
sources.each do |path|
  key = "originals/#{File.basename(path)}"
  ImageForge.purge_variants(key) # so this run renders them afresh
  start = now
  blob = ImageForge.upload(Pathname(path), key:, variants: PRESETS.keys)
  rendered_ms = ms_since(start)
  start = now
  PRESETS.each_key { |name| ImageForge.variant(key, name).processed }
  timings << [File.basename(path), rendered_ms, ms_since(start)]

  rows << { source: File.basename(path), preset: "original", size: "#{blob.width}x#{blob.height}",
            bytes: blob.byte_size, file: copy_into(out_dir, key, File.binread(path)) }
  blob.variants.each do |name, variant|
    next warn("#{File.basename(path)} #{name}: #{variant.class}: #{variant.message}") if variant.is_a?(Exception)

    bytes = variant.download
    info = ImageForge::Image.from_blob(bytes).info
    rows << { source: File.basename(path), preset: name.to_s, size: "#{info.width}x#{info.height}",
              bytes: bytes.bytesize, file: copy_into(out_dir, variant.key, bytes) }
  end
rescue ImageForge::Error => e
  warn "#{File.basename(path)}: #{e.class}: #{e.message}"
end

puts %w[source preset size bytes].zip([24, 10, 11, 10]).map { |k, w| k.ljust(w) }.join(" ")
rows.each do |r|
  puts [r[:source].ljust(24), r[:preset].ljust(10), r[:size].ljust(11), r[:bytes].to_s.rjust(10)].join(" ")
end
puts "\n#{"source".ljust(24)} upload + #{PRESETS.size} variants   #{PRESETS.size} variants again (stored)"
timings.each do |name, rendered, served|
  puts "#{name.ljust(24)} #{format("%9.1f ms", rendered).ljust(22)} #{format("%.2f ms", served)}"
end

page = ERB.new(File.read(File.join(__dir__, "index.html.erb")), trim_mode: "-")
groups = rows.group_by { |r| r[:source] }
File.write(File.join(out_dir, "index.html"), page.result_with_hash(groups:, out_dir:))
puts "\nstorage: #{ImageForge.config.storage.root}"
puts "page:    #{File.join(out_dir, "index.html")}"
