# frozen_string_literal: true

module ImageForge
  # What a bulk job (Backfill, BulkUpload) did, counted from many threads: done, skipped
  # (already stored), failed, with each failure's [key, preset or nil, message], and the
  # symbolic links left alone.
  class BulkSummary
    attr_reader :done, :skipped, :failures, :bytes, :links
    attr_accessor :seconds

    # +verb+ says what done means ("rendered", "uploaded", "to render" in a dry run).
    def initialize(verb:, dry_run: false)
      @verb = verb
      @dry_run = dry_run
      @done = @skipped = @bytes = 0
      @seconds = 0.0
      @failures = []
      @links = []
      @lock = Mutex.new
    end

    def record(done: 0, skipped: 0, bytes: 0, failure: nil, link: nil)
      @lock.synchronize do
        @done += done
        @skipped += skipped
        @bytes += bytes
        @failures << failure if failure
        @links << link if link
      end
    end

    def failed = failures.size

    def ok? = failures.empty?

    def to_s
      format("%<prefix>s%<done>d %<verb>s, %<skipped>d already stored, %<failed>d failed, %<mb>.1f MB, %<s>.1f s",
             prefix: @dry_run ? "dry run: " : "", verb: @verb,
             done:, skipped:, failed:, mb: bytes / 1e6, s: seconds) +
        (links.empty? ? "" : ", #{links.size} symlink(s) skipped")
    end
  end
end
