# frozen_string_literal: true

# Requests per second through ImageForge::Endpoint under puma (8 threads) on loopback, with a
# Ruby keep-alive client (spec/support/load_driver.rb): cache hits, cold renders below the
# render gate's capacity, and a burst far above it. Prints a Markdown section.
# Usage: ruby -Ilib bench/endpoint_load.rb SOURCE.jpg
require "etc"
require "fileutils"
require "image_forge"
require "tempfile"
require "tmpdir"
require_relative "../spec/support/puma_server"
require_relative "../spec/support/load_driver"

source = ARGV.fetch(0)
key = "bench-signing-key-#{"k" * 32}"
cores = Etc.nprocessors
Dir.mktmpdir("image_forge-endpoint-bench") do |root|
  ImageForge::Storage::Local.new(root:).upload("bench/source.jpg", Pathname(source))
  server = PumaServer.new({ "IMAGE_FORGE_KEYS" => key, "IMAGE_FORGE_ROOT" => root,
                            "IMAGE_FORGE_MAX_CONCURRENCY" => cores.to_s, "IMAGE_FORGE_MAX_QUEUE" => (2 * cores).to_s,
                            "IMAGE_FORGE_QUEUE_TIMEOUT" => "1" })
  config = ImageForge::Configuration.new.tap { |c| c.signing_keys = [key] }
  url = lambda do |size|
    ImageForge::SignedUrl.build("bench/source.jpg", { resize_to_fill: [size, size], format: :webp }, config:)
  end
  begin
    LoadDriver.run(server, [url.call(200)], clients: 1, count: 2) # render the hit variant first
    phases = {
      "cache hits (one stored variant)" => LoadDriver.run(server, [url.call(200)], clients: 8, count: 3000),
      "cold renders, #{cores} clients (at capacity)" =>
        LoadDriver.run(server, Array.new(40) { |i| url.call(300 + i) }, clients: cores, count: 40),
      "cold renders, 32 clients (far above)" =>
        LoadDriver.run(server, Array.new(200) { |i| url.call(400 + i) }, clients: 32, count: 200)
    }
    puts "## Endpoint under load", "",
         "`ruby -Ilib bench/endpoint_load.rb #{File.basename(source)}`: puma 8 threads, render gate " \
         "max_concurrency #{cores}, max_queue #{2 * cores}, queue_timeout 1 s; variant " \
         "`resize_to_fill:N:N,format:webp` of a #{File.size(source) / 1024} KB JPEG; " \
         "Ruby keep-alive clients on loopback.", "",
         "| phase | requests | statuses | client errors | requests/s | server peak RSS |",
         "|---|---|---|---|---|---|"
    phases.each do |name, r|
      statuses = r.statuses.sort.map { |code, n| "#{n} x #{code}" }.join(", ")
      puts format("| %<name>s | %<n>d | %<s>s | %<e>d | %<rps>.1f | %<rss>.0f MB |",
                  name:, n: r.requests, s: statuses, e: r.client_errors.size, rps: r.per_second, rss: r.peak_rss_mb)
    end
    puts ""
  ensure
    server.stop
  end
end
