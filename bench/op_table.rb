# frozen_string_literal: true

require "json"
require "open3"
require "rbconfig"
require_relative "engine"
require_relative "ops"
require_relative "fixtures"
require_relative "quality"
require_relative "table"

module Bench
  # The per-operation section of `rake bench`: each op of bench/ops.rb timed in ImageForge and
  # libvips (each in its own process, bench/op_engine.rb), their outputs scored against the
  # op's reference and against each other.
  class OpTable
    SCRIPT = File.join(__dir__, "op_engine.rb")
    # Timed renders per turn (Engine.turns).
    RUNS = 3
    # Engine => its environment (Bench::SINGLE_THREAD_VIPS, from bench/run.rb).
    def self.engines = { "imageforge" => {}, "vips" => SINGLE_THREAD_VIPS }
    # Issue 19's bar: at most libvips' time, PSNR within 0.3 dB of libvips' against the reference.
    PSNR_SLACK_DB = 0.3

    def initialize(ops, runs:, fixtures:, quality:)
      @ops = ops
      @runs = runs || RUNS
      @fixtures = fixtures
      @quality = quality
    end

    def section(dir)
      rows = @ops.map { |op| row(op, dir) }
      ["## Per operation: a 6 MP photo (3000x2000 JPEG), one operation, file to file", "",
       "| op | ImageForge ms | libvips ms | ImageForge/libvips | PSNR vs reference, ImageForge / libvips dB " \
       "| reference | ImageForge's reference saved by libvips, dB | PSNR ImageForge vs libvips dB " \
       "| bytes, ImageForge / libvips | peak RSS MB, ImageForge / libvips | at target |",
       "|---|--:|--:|--:|--:|---|--:|--:|--:|--:|---|", *rows, "",
       format("Target (issue 19): ImageForge/libvips <= 1.00, and ImageForge's PSNR against the reference at " \
              "most %<s>.1f dB below libvips'. Where the two libraries define the operation differently " \
              "(two references), the bar is instead ImageForge's reference itself saved by libvips with the " \
              "same settings: what a perfect implementation of ImageForge's definition would score through " \
              "that encoder.", s: PSNR_SLACK_DB), ""].join("\n")
    end

    private

    def row(operation, dir)
      sources = Ops::Sources.new(*[operation.fixture, Ops::OVERLAY].map { |f| Fixtures.path(f, @fixtures, dir) })
      stem = File.join(dir, "op-#{operation.name.tr("^a-zA-Z0-9", "_")}")
      engines = OpTable.engines
      outs = engines.keys.to_h { |engine| [engine, "#{stem}-#{engine}.#{operation.format}"] }
      turns = Engine.turns(engines.keys) do |engine|
        spawn(engine, engines.fetch(engine), operation, sources, outs.fetch(engine))
      end
      results = turns.transform_values { |mine| Engine.merge_turns(mine) }
      line(operation, results, scores(operation, sources, outs))
    rescue StandardError => e
      "| #{operation.name} | failed: #{e.message.lines.first.to_s.strip.tr("|", "/")} | | | | | | | | | |"
    end

    def spawn(engine, env, operation, sources, out)
      warn "op #{operation.name}: #{engine} (#{@runs} runs)..."
      stdout, stderr, status = Open3.capture3(env, RbConfig.ruby, "-I", File.join(__dir__, "..", "lib"), SCRIPT,
                                              engine, operation.name, sources.src, sources.overlay, out, @runs.to_s)
      raise "#{engine}: #{stderr.lines.last.to_s.strip}" unless status.success?

      JSON.parse(stdout, symbolize_names: true)
    end

    # Scores of the two outputs: against the reference (nil where sizes differ) and each other;
    # +perfect+, where the definitions differ: ImageForge's reference saved by libvips.
    Scores = Struct.new(:forge, :vips, :between, :sizes, :perfect, keyword_init: true)

    def scores(operation, sources, outs)
      forge, vips = outs.values_at("imageforge", "vips").map { |out| Vips::Image.new_from_file(out) }
      sizes = [forge, vips].map { |image| "#{image.width}x#{image.height}" }
      return Scores.new(sizes: sizes.join(" / ")) unless sizes.uniq.size == 1

      between = Quality.psnr(vips, forge)
      return lanczos3(sources, outs, between) if operation.reference.equal?(Ops::LANCZOS3)

      references = references(operation, sources, forge, vips)
      Scores.new(forge: against(references[:forge], forge), vips: against(references[:vips], vips), between:,
                 perfect: (perfect(operation, references[:forge]) if operation.reference.two_definitions?))
    end

    def lanczos3(sources, outs, between)
      forge, vips = outs.values_at("imageforge", "vips").map { |out| @quality.measure(sources.src, out).last }
      Scores.new(forge:, vips:, between:)
    end

    # PSNR of +image+ against +reference+, nil where their sizes differ.
    def against(reference, image) = same_size?(image, reference) ? Quality.psnr(reference, image) : nil

    # Each engine's reference, built once where they share it.
    def references(operation, sources, forge, vips)
      built = operation.reference_image(:forge, sources, forge)
      { forge: built, vips: operation.reference.shared? ? built : operation.reference_image(:vips, sources, vips) }
    end

    # ImageForge's +reference+ saved by libvips with the op's settings, scored against itself.
    def perfect(operation, reference)
      saved = reference.cast(:uchar).write_to_buffer(".#{operation.format}", **Ops::SAVERS.fetch(operation.format).last)
      Quality.psnr(reference, Vips::Image.new_from_buffer(saved, ""))
    end

    def same_size?(a, b) = [a.width, a.height] == [b.width, b.height]

    def line(operation, results, scores)
      forge, vips = results.values_at("imageforge", "vips")
      ratio = forge[:median_ms] / vips[:median_ms]
      cells = [operation.name, ms(forge), ms(vips), format("%.2f", ratio), psnr(scores), operation.reference.label,
               scores.perfect ? db(scores.perfect) : "",
               scores.between ? db(scores.between) : "", pair(forge[:bytes], vips[:bytes]) { |b| Table.thousands(b) },
               pair(forge[:rss_mb], vips[:rss_mb]) { |mb| format("%.0f", mb) },
               at_target?(ratio, scores) ? "yes" : "no"]
      "| #{cells.join(" | ")} |"
    end

    def psnr(scores)
      return "sizes differ: #{scores.sizes}" if scores.sizes

      pair(scores.forge, scores.vips) { |value| db(value) }
    end

    def at_target?(ratio, scores)
      return false unless ratio <= 1.0 && scores.forge && scores.vips

      scores.forge >= (scores.perfect || scores.vips) - PSNR_SLACK_DB
    end

    def pair(a, b, &) = [a, b].map { |v| v.nil? ? "n/a" : yield(v) }.join(" / ")
    def ms(result) = format("%.1f", result[:median_ms])
    def db(value) = value.infinite? ? "∞" : format("%.2f", value)
  end
end
