# frozen_string_literal: true

require "active_job"

module ImageForge
  # Renders presets of a stored original in the background, on any ActiveJob backend
  # (Sidekiq, GoodJob, Solid Queue, ...). Enqueued by ImageForge.upload(..., later: true).
  # Fails (so the backend retries) when any preset failed; stored presets are skipped then.
  class VariantJob < ActiveJob::Base
    queue_as { ImageForge.config.variant_queue }

    def perform(key, presets)
      failed = ImageForge.process_variants(key, *presets).select { |_, result| result.is_a?(Exception) }
      return if failed.empty?

      # Quoted: backends log this message, and a key with a newline must not forge a log line.
      reasons = failed.map { |name, e| "#{name}: #{e.message.inspect}" }.join("; ")
      raise Error, "variants of #{key.inspect} failed: #{reasons}"
    end
  end
end
