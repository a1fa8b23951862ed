# frozen_string_literal: true

require "digest/md5"
require "pathname"

module ImageForge
  # Uploads every file under a directory to prefix + relative path, +concurrency+ at a time,
  # skipping objects already stored with the same content (so a rerun resumes), optionally
  # rendering presets after each upload. Files that are not images are reported, not stored.
  class BulkUpload
    # A Progress (its total is #files.size), set before #run.
    attr_writer :progress

    def initialize(dir:, prefix: "", storage: ImageForge.config.storage, concurrency: 4, presets: [], progress: nil)
      @dir = File.expand_path(dir)
      raise NotFoundError, "no such directory: #{dir}" unless File.directory?(@dir)

      @prefix = prefix.to_s
      @storage = storage
      @concurrency = Integer(concurrency)
      @presets = presets.map(&:to_sym).each { |name| ImageForge.config.preset(name) }
      @progress = progress
      @summary = BulkSummary.new(verb: "uploaded")
    end

    def files = Dir.glob("**/*", base: @dir).sort.select { |path| File.file?(File.join(@dir, path)) }

    def run
      @summary.seconds = WorkerPool.each(files, @concurrency) { |relative| upload(relative) }
      @summary
    end

    private

    def upload(relative)
      key = "#{@prefix}#{relative}"
      path = File.join(@dir, relative)
      return @summary.record(skipped: 1) if same?(key, path)

      blob = ImageForge.upload(Pathname(path), key:, storage: @storage, variants: @presets)
      @summary.record(done: 1, bytes: blob.byte_size)
      blob.variants.each do |name, result|
        @summary.record(failure: [key, name, "#{result.class.name}: #{result.message}"]) if result.is_a?(Exception)
      end
    rescue StandardError => e # reported, and the other files go on
      @summary.record(failure: [key, nil, "#{e.class.name}: #{e.message}"])
    ensure
      @progress&.increment
    end

    # Stored already with this content (ETag = MD5 on Local and single-part S3 uploads).
    def same?(key, path)
      @storage.head(key).etag == Digest::MD5.file(path).hexdigest
    rescue NotFoundError
      false
    end
  end
end
