# frozen_string_literal: true

module ImageForge
  # What a bulk job (Backfill, BulkUpload) did, counted from many threads in the unit its
  # progress counts (variants for Backfill, files for BulkUpload): done, skipped (already
  # stored), failed. Also each failure's [key, preset or nil, message], the failures of variants
  # rendered after an upload (not counted as failed files), the symbolic links left alone, and
  # the files skipped as non-images reported by an earlier run.
  class BulkSummary
    attr_reader :done, :skipped, :failed, :failures, :variants_failed, :bytes, :links, :known_non_images, :notes
    attr_accessor :seconds

    # +verb+ says what done means ("rendered", "uploaded", "to render" in a dry run).
    def initialize(verb:, dry_run: false)
      @verb = verb
      @dry_run = dry_run
      @done = @skipped = @failed = @variants_failed = @bytes = 0
      @seconds = 0.0
      @failures = []
      @links = []
      @known_non_images = []
      @notes = []
      @lock = Mutex.new
    end

    # +failure+ counts one failed unit; +variant_failure+ a variant of an uploaded file, listed
    # with the failures but not counted as a failed file; +note+ is for the operator, not a failure.
    def record(done: 0, skipped: 0, bytes: 0, failure: nil, variant_failure: nil, link: nil, known_non_image: nil,
               note: nil)
      @lock.synchronize do
        @done += done
        @skipped += skipped
        @bytes += bytes
        @failed += 1 if failure
        @variants_failed += 1 if variant_failure
        @failures.concat([failure, variant_failure].compact)
        @links << link if link
        @known_non_images << known_non_image if known_non_image
        @notes << note if note
      end
    end

    # Nothing failed this run (known non-images were reported by an earlier one).
    def ok? = failures.empty?

    def to_s
      format("%<prefix>s%<done>d %<verb>s, %<skipped>d already stored, %<failed>d failed, %<mb>.1f MB, %<s>.1f s",
             prefix: @dry_run ? "dry run: " : "", verb: @verb,
             done:, skipped:, failed:, mb: bytes / 1e6, s: seconds) + extras
    end

    private

    def extras
      [(", #{variants_failed} variant(s) failed" if variants_failed.positive?),
       (", #{known_non_images.size} known non-image(s) skipped" unless known_non_images.empty?),
       (", #{links.size} symlink(s) skipped" unless links.empty?)].join
    end
  end
end
