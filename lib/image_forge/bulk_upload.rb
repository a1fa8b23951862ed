# frozen_string_literal: true

require "digest/md5"
require "fileutils"
require "pathname"
require "image_forge/rejected_files"

module ImageForge
  # Uploads every file under a directory to prefix + relative path, +concurrency+ at a time,
  # skipping objects already stored with the same content (so a rerun resumes), optionally
  # rendering presets after each upload. Counts files (as its progress does). Files that are not
  # images are reported, not stored, and remembered (RejectedFiles), so a rerun skips them
  # without failing again; symbolic links are skipped and reported (a link could point at any
  # file of the server).
  class BulkUpload
    # A Progress (its total is #files.size), set before #run.
    attr_writer :progress

    def initialize(dir:, prefix: "", storage: ImageForge.config.storage, concurrency: 4, presets: [], progress: nil)
      @dir = File.expand_path(dir)
      raise NotFoundError, "no such directory: #{dir}" unless File.directory?(@dir)

      @prefix = prefix.to_s
      @storage = storage
      @concurrency = Integer(concurrency)
      @presets = presets.map(&:to_sym).tap { |names| ImageForge.config.presets_named(names) }
      @progress = progress
      @summary = BulkSummary.new(verb: "uploaded")
      @rejected = RejectedFiles.new(@dir)
    end

    # Regular files under the directory, relative to it (links are not followed).
    def files = paths.select { |path| File.lstat(File.join(@dir, path)).file? }

    # Symbolic links under the directory (to files or directories), relative to it.
    def links = paths.select { |path| File.symlink?(File.join(@dir, path)) }

    def run
      links.each { |path| @summary.record(link: path) }
      @summary.seconds = WorkerPool.each(files, @concurrency) { |relative| upload(relative) }
      note = @rejected.save
      @summary.record(note:) if note
      @summary
    end

    private

    # Dir.glob does not descend into linked directories, nor take hidden files.
    def paths = Dir.glob("**/*", base: @dir).sort

    def upload(relative)
      key = "#{@prefix}#{relative}"
      path = File.join(@dir, relative)
      return @summary.record(link: relative) if File.symlink?(path) # became a link since #files
      return @summary.record(known_non_image: relative) if @rejected.known?(relative, path)
      return @summary.record(skipped: 1) if same?(key, path)

      blob = ImageForge.upload(Pathname(path), key:, storage: @storage, variants: @presets)
      @summary.record(done: 1, bytes: blob.byte_size)
      blob.variants.each do |name, result|
        next unless result.is_a?(Exception)

        @summary.record(variant_failure: [key, name, "#{result.class.name}: #{result.message}"])
      end
    rescue InvalidImageError, UnsupportedFormatError => e
      @rejected.add(relative, path)
      @summary.record(failure: [key, nil, "#{e.class.name}: #{e.message}"])
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
