# frozen_string_literal: true

require "digest/md5"
require "json"
require "securerandom"

module ImageForge
  # The files of an upload folder that image_forge:upload reported as not readable images, by
  # path and content (MD5), kept in a hidden file in the folder (which the upload never takes),
  # so that a rerun skips them instead of failing on them again. A changed file is tried again.
  class RejectedFiles
    NAME = ".image_forge-not-images.json"

    def initialize(dir)
      @path = File.join(dir, NAME)
      @known = read
      @found = {}
      @lock = Mutex.new
    end

    # Whether +relative+ (under the folder, at +path+) was reported before with this content.
    def known?(relative, path)
      digest = @known[relative]
      return false unless digest && digest == Digest::MD5.file(path).hexdigest

      @lock.synchronize { @found[relative] = digest }
      true
    end

    # Remembers +relative+ (at +path+) as not an image.
    def add(relative, path)
      digest = Digest::MD5.file(path).hexdigest
      @lock.synchronize { @found[relative] = digest }
    rescue SystemCallError
      nil # gone or unreadable: nothing to remember it by
    end

    # Writes what this run found (atomically; removes the file when nothing was). Returns nil,
    # or a note saying why the folder could not keep it (a read-only mount).
    def save
      if @found.empty?
        FileUtils.rm_f(@path)
        return
      end

      tmp = "#{@path}.#{SecureRandom.hex(4)}.tmp"
      File.write(tmp, "#{JSON.pretty_generate(@found.sort.to_h)}\n")
      File.rename(tmp, @path)
      nil
    rescue SystemCallError => e
      FileUtils.rm_f(tmp) if tmp
      "cannot record the non-images in #{@path.inspect} (a rerun will report them again): #{e.message}"
    end

    private

    def read
      known = JSON.parse(File.read(@path))
      known.is_a?(Hash) ? known : {}
    rescue Errno::ENOENT, JSON::ParserError
      {}
    end
  end
end
