# frozen_string_literal: true

# Run by hostile_inputs_spec.rb in a fresh Ruby process, so the peak RSS it prints last is the
# renders' own: renders and uploads each DIR/<i>.bin (i < COUNT), one JSON line per file.
# Usage: ruby -I lib spec/hostile/render_each.rb DIR COUNT [MAX_MEMORY]
require "image_forge"
require "json"

dir = ARGV.fetch(0)
count = Integer(ARGV.fetch(1))
ImageForge.config.max_memory = Integer(ARGV[2]) if ARGV[2]
storage = ImageForge::Storage::Local.new(root: File.join(dir, "storage"))

def upload(bytes, key, storage)
  ImageForge.upload(bytes, key:, storage:).class.name
rescue ImageForge::Error => e
  e.class.name
end

count.times do |i|
  bytes = File.binread(File.join(dir, "#{i}.bin"))
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  outcome = begin
    out = ImageForge::Image.from_blob(bytes).resize_to_limit(100, 100).to_blob
    { class: "ok", payload: out.include?("<script") }
  rescue ImageForge::Error => e
    { class: e.class.name }
  end
  seconds = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
  puts JSON.generate(outcome.merge(i:, seconds:, upload: upload(bytes, "up/#{i}.jpg", storage)))
end
puts File.read("/proc/self/status")[/VmHWM:\s+(\d+)/, 1]
