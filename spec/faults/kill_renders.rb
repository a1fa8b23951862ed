# frozen_string_literal: true

# Run by faults_spec.rb in a fresh Ruby process (so its memory is its own): starts a long
# render COUNT times and stops it each time with Thread#kill and with Timeout, then renders a
# thumbnail. Prints JSON: the slowest stop (s), RSS (MB) after a quarter and after all of the
# rounds, the thumbnail's size and the number of live threads.
# Usage: ruby -I lib spec/faults/kill_renders.rb COUNT
require "image_forge"
require "image_forge/samples"
require "json"
require "timeout"

source = ImageForge::Samples.draw_png(3000, 2000, 3) { |x, y| [x % 256, y % 256, 128] }
# About 5 s here: 40 passes of a blur(20) that takes 0.13 s, so the render is still running
# when each round stops it.
long = 40.times.reduce(ImageForge::Image.from_blob(source)) { |image, _| image.blur(20) }.convert(:png)

def seconds
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  yield
  Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
end

def rss_mb
  GC.start
  File.read("/proc/self/status")[/VmRSS:\s+(\d+)/, 1].to_i / 1024.0
end

count = Integer(ARGV.fetch(0))
stops = []
rss = []
count.times do |i|
  render = Thread.new { long.to_blob }
  sleep 0.5 # past the decode (about 0.05 s): inside the blur
  stops << seconds { render.kill.join }
  # How long after the timeout fired the call returned.
  stops << (seconds do
    Timeout.timeout(0.5) { long.to_blob }
  rescue Timeout::Error
    nil
  end - 0.5)
  rss << rss_mb if [(count / 4) - 1, count - 1].include?(i)
end
thumb = ImageForge::Image.from_blob(ImageForge::Image.from_blob(source).resize_to_limit(30, 30).to_blob).info
# Ruby 3.3's Timeout keeps one watcher thread for the process; it is not a render's.
threads = Thread.list.count { |thread| thread.name != "Timeout stdlib thread" }
puts JSON.generate(slowest_stop: stops.max, rss:, thumb: [thumb.width, thumb.height], threads:)
