# frozen_string_literal: true

# The demo job: upload sample photos to the embedded local storage, render presets of each,
# print a table and write tmp/demo/index.html with originals and results side by side.
require "image_forge"
require "image_forge/samples"
require "erb"
require "fileutils"

PRESETS = {
  "thumb" => ->(img) { img.resize_to_fill(200, 200).convert(:webp).saver(quality: 80) },
  "smart" => ->(img) { img.resize_to_fill(200, 200, gravity: :attention).convert(:webp) },
  "medium" => ->(img) { img.resize_to_limit(800, 800).convert(:jpeg).saver(quality: 80) },
  "small_png" => ->(img) { img.resize_to_limit(320, 320).convert(:png) }
}.freeze

root = File.expand_path("..", __dir__)
out_dir = File.join(root, "tmp/demo")
FileUtils.rm_rf(out_dir)
FileUtils.mkdir_p(out_dir)
ImageForge.configure { |c| c.storage = ImageForge::Storage::Local.new(root: File.join(root, "storage")) }

fixtures = ENV.fetch("IMAGE_FORGE_FIXTURES", File.join(root, "../shared/fixtures"))
sources = Dir[File.join(fixtures, "*.{jpg,jpeg,png,webp}")] + ARGV
if sources.empty?
  puts "no ../shared/fixtures here: drawing sample photos"
  sources = ImageForge::Samples.write_set(File.join(out_dir, "samples"))
end

def ms_since(start) = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - start) * 1000).round(1)

rows = []
sources.each do |path|
  key = "originals/#{File.basename(path)}"
  blob = ImageForge.upload(path, key:)
  original = File.join(out_dir, "originals", File.basename(path))
  FileUtils.mkdir_p(File.dirname(original))
  FileUtils.cp(path, original)
  rows << { source: File.basename(path), preset: "original", size: "#{blob.width}x#{blob.height}",
            bytes: blob.byte_size, ms: nil, file: original }
  PRESETS.each do |name, recipe|
    image = recipe.call(ImageForge::Image.open(ImageForge.config.storage.path_for(key)))
    start = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    bytes = image.to_blob
    ms = ms_since(start)
    info = ImageForge::Image.from_blob(bytes).info
    variant_key = "variants/#{File.basename(path, ".*")}/#{name}.#{info.format == :jpeg ? "jpg" : info.format}"
    ImageForge.config.storage.upload(variant_key, bytes, content_type: info.content_type)
    file = File.join(out_dir, variant_key)
    FileUtils.mkdir_p(File.dirname(file))
    File.binwrite(file, bytes)
    rows << { source: File.basename(path), preset: name, size: "#{info.width}x#{info.height}",
              bytes: bytes.bytesize, ms:, file: }
  end
rescue ImageForge::Error => e
  warn "#{File.basename(path)}: #{e.class}: #{e.message}"
end

widths = { source: 24, preset: 10, size: 11, bytes: 10, ms: 8 }
puts widths.map { |k, w| k.to_s.ljust(w) }.join(" ")
rows.each do |r|
  puts [r[:source].ljust(24), r[:preset].ljust(10), r[:size].ljust(11), r[:bytes].to_s.rjust(10),
        (r[:ms] ? format("%.1f", r[:ms]) : "-").rjust(8)].join(" ")
end

page = ERB.new(File.read(File.join(__dir__, "index.html.erb")), trim_mode: "-")
groups = rows.group_by { |r| r[:source] }
File.write(File.join(out_dir, "index.html"), page.result_with_hash(groups:, out_dir:))
puts "\nstorage: #{ImageForge.config.storage.root}"
puts "page:    #{File.join(out_dir, "index.html")}"
