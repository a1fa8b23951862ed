# frozen_string_literal: true

module ImageForge
  # Renders the missing variants of every source under a prefix: lists lazily, skips what is
  # stored (so a rerun resumes), splits the work by Shard, runs +concurrency+ sources at once
  # (each with one decode for all its presets). Counts variants, in its progress and in the
  # BulkSummary it returns.
  class Backfill
    def initialize(prefix:, presets:, storage: ImageForge.config.storage, concurrency: 4, shard: Shard.new(1, 1),
                   dry_run: false, progress: nil)
      raise InvalidArgumentError, "no presets given (#{ImageForge.config.configured_presets})" if presets.empty?

      @prefix = prefix
      @presets = presets.map(&:to_sym).tap { |names| ImageForge.config.presets_named(names) }
      @storage = storage
      @concurrency = Integer(concurrency)
      @shard = shard
      @dry_run = dry_run
      @progress = progress
      @summary = BulkSummary.new(verb: dry_run ? "to render" : "rendered", dry_run:)
    end

    def run
      @summary.seconds = WorkerPool.each(sources, @concurrency) { |key| source(key) }
      @summary
    end

    private

    # The originals under the prefix in this shard (stored variants are not sources).
    def sources
      @storage.list(@prefix).map(&:key)
              .reject { |key| key.start_with?("#{Variant::ROOT}/") }
              .select { |key| @shard.include?(key) }
    end

    def source(key)
      head = @storage.head(key)
      variants = @presets.to_h { |name| [name, Variant.for(key, name, storage: @storage, source: head)] }
      missing = variants.reject { |_, variant| variant.exists? }
      @summary.record(skipped: variants.size - missing.size)
      return @summary.record(done: missing.size) if @dry_run || missing.empty?

      ImageForge.render_variants(key, missing, storage: @storage).each do |name, result|
        next @summary.record(done: 1, bytes: result) unless result.is_a?(Exception)

        @summary.record(failure: [key, name, "#{result.class.name}: #{result.message}"])
      end
    rescue StandardError => e # one bad source never stops a backfill of millions: it is reported
      @presets.each { |name| @summary.record(failure: [key, name, "#{e.class.name}: #{e.message}"]) }
    ensure
      @progress&.increment(@presets.size)
    end
  end
end
