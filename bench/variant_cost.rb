# frozen_string_literal: true

# What a variant cache hit costs next to rendering: for Local storage and for the S3 test
# server (s3s-fs on loopback, started through bin/s3-server), the median time of
#   hit:    ImageForge.variant(key, :thumb).processed.url   (source head + variant lookup + URL)
#   miss:   the same after deleting the variant               (+ download, render, upload)
#   render: Image.from_blob(bytes).apply(thumb).to_blob       (in memory, no storage)
# Prints a Markdown section. Usage: ruby -Ilib bench/variant_cost.rb SOURCE.jpg [RUNS]
require "image_forge"
require "securerandom"
require "tmpdir"
require_relative "../spec/support/s3_server"

module Bench
  # Times variant hits and misses on one storage.
  class VariantCost
    THUMB = { resize_to_fill: [400, 400], format: :webp }.freeze

    def initialize(source, runs)
      @bytes = File.binread(source)
      @runs = runs
      ImageForge.config.presets = { thumb: THUMB }
    end

    # Median wall time of the block in ms, after one untimed warm-up; +setup+ runs untimed
    # before each run.
    def median_ms(setup = nil)
      setup&.call
      yield
      times = Array.new(@runs) do
        setup&.call
        started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
        yield
        Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
      end
      times.sort[times.size / 2] * 1000
    end

    def row(name, storage)
      storage.upload("bench/source.jpg", @bytes)
      lookup = -> { ImageForge.variant("bench/source.jpg", :thumb, storage:).processed.url(expires_in: 3600) }
      hit = median_ms(&lookup)
      miss = median_ms(-> { ImageForge.purge_variants("bench/source.jpg", storage:) }, &lookup)
      [name, hit, miss]
    end

    def render_ms
      median_ms { ImageForge::Image.from_blob(@bytes).apply(THUMB).to_blob }
    end

    def lines(rows)
      render = render_ms
      table = rows.map do |name, hit, miss|
        format("| %<name>s | %<hit>.2f ms | %<miss>.1f ms | %<render>.1f ms | %<ratio>.3f |",
               name:, hit:, miss:, render:, ratio: hit / render)
      end
      ["## Variant cache: a hit against a render", "",
       "Source: #{@bytes.bytesize / 1024} KB JPEG; variant: `#{ImageForge::Recipe.from(THUMB)}`; " \
       "median of #{@runs} runs each. S3 is s3s-fs on loopback, so network latency is near zero: " \
       "against real S3 a hit costs two round trips (HEAD source, HEAD variant) more.", "",
       "| storage | hit (lookup + URL) | miss (render + store) | render alone | hit / render |",
       "|---|---|---|---|---|", *table, ""]
    end
  end
end

if $PROGRAM_NAME == __FILE__
  source, runs = ARGV
  bench = Bench::VariantCost.new(source, Integer(runs || 15))
  rows = Dir.mktmpdir("image_forge-variant-bench") do |dir|
    [bench.row("Local", ImageForge::Storage::Local.new(root: dir)),
     bench.row("S3 (s3s-fs, loopback)", S3Server.storage)]
  end
  puts bench.lines(rows)
end
