# frozen_string_literal: true

require "digest/md5"
require "erb"
require "fileutils"
require "securerandom"

module ImageForge
  module Storage
    # Files under a root directory: the embedded default store. Writes are atomic (temp file
    # in the same directory, fsync, rename), so readers see the old object or the new, never
    # part of one. Same contract as Storage::S3; files keep no headers or metadata. No
    # operation touches a path that a symbolic link inside the root leads out of it
    # (InvalidKeyError).
    class Local
      # Names of files still being written: skipped by #list.
      TEMP = /\.[0-9a-f]{16}\.tmp\z/
      private_constant :TEMP

      attr_reader :root, :base_url

      # +base_url+: where the root is served over HTTP ("https://cdn.example.com/uploads"),
      # used by #presigned_url; without it, URLs are file:// URLs.
      # ETags remembered per file version, so serving variants does not hash their sources on
      # every request.
      ETAG_MEMO_SIZE = 10_000
      private_constant :ETAG_MEMO_SIZE

      def initialize(root: "storage", base_url: nil)
        @root = File.expand_path(root.to_s)
        @base_url = base_url&.to_s&.chomp("/")
        @etags = {}
        @etags_lock = Mutex.new
      end

      # Stores +source+ (a Pathname or File, an IO, or a String of bytes; see Source) under
      # +key+ and returns the key.
      # Header options are accepted for the storage contract; files carry none.
      def upload(key, source, content_type: nil, cache_control: nil, content_disposition: nil, metadata: nil) # rubocop:disable Lint/UnusedMethodArgument
        kind, value = Source.classify(source)
        raise NotFoundError, "no such file: #{value}" if kind == :path && !File.file?(value)

        write(key) do |file|
          case kind
          when :bytes then file.write(value)
          when :path then File.open(value, "rb") { |from| IO.copy_stream(from, file) }
          else
            Source.rewind(value)
            IO.copy_stream(value, file)
          end
        end
      end

      # The stored bytes (binary String); with +to:+ (a path or an IO) copies them there and
      # returns +to+. NotFoundError when absent; with +max_bytes+, LimitExceededError for a
      # larger file, found out from its size before it is read.
      def download(key, to: nil, max_bytes: nil)
        File.open(path_for(key), "rb") do |from|
          Source.within!(from.size, max_bytes)
          next Source.read_io(from, max_bytes) if to.nil?

          to.respond_to?(:write) ? IO.copy_stream(from, to) : atomically(to.to_s) { |f| IO.copy_stream(from, f) }
          to
        end
      rescue Errno::ENOENT, Errno::EISDIR
        raise NotFoundError, "no object at #{key}"
      rescue SystemCallError => e
        raise StorageError, "cannot read #{key}: #{e.message}"
      end

      def exists?(key)
        File.file?(path_for(key))
      end

      # Size, ETag (hex MD5 of the content, as S3 gives for single-part uploads), content type
      # (sniffed from the first bytes) and modification time.
      def head(key)
        path = path_for(key)
        stat = File.stat(path)
        raise NotFoundError, "no object at #{key}" unless stat.file?

        Head.new(size: stat.size, etag: etag(path, stat),
                 content_type: Storage.sniff_content_type(File.binread(path, 64).to_s),
                 cache_control: nil, content_disposition: nil, last_modified: stat.mtime.utc, metadata: {})
      rescue Errno::ENOENT, Errno::ENOTDIR, Errno::ENAMETOOLONG
        raise NotFoundError, "no object at #{key}"
      rescue SystemCallError => e
        raise StorageError, "cannot read #{key}: #{e.message}"
      end

      # Removes +key+; a missing key is not an error (as on S3).
      def delete(key)
        File.delete(path_for(key))
        nil
      rescue Errno::ENOENT
        nil
      end

      def copy(from, to)
        source = path_for(from)
        raise NotFoundError, "no object at #{from}" unless File.file?(source)

        write(to) { |file| File.open(source, "rb") { |f| IO.copy_stream(f, file) } }
      end

      # A lazy Enumerator of Entry for every key starting with +prefix+ (sorted within each
      # directory); only the directories that can hold such keys are read.
      def list(prefix = "")
        Key.validate_prefix!(prefix)
        Enumerator.new { |out| walk("", prefix, out) }.lazy
      end

      # GET only: base_url + key when configured, else a file:// URL. Local storage has no
      # presigned uploads (UnsupportedOperationError): upload through the app instead.
      def presigned_url(key, **options)
        presigned_request(key, **options).url
      end

      def presigned_request(key, method: :get, expires_in: nil, **_options) # rubocop:disable Lint/UnusedMethodArgument
        unless method.to_s == "get"
          raise UnsupportedOperationError,
                "Local storage cannot presign #{method.to_s.upcase} requests; use Storage::S3 for direct uploads"
        end

        escaped = Key.validate!(key).split("/").map { |s| ERB::Util.url_encode(s) }.join("/")
        base = @base_url || "file://#{ERB::Util.url_encode(@root).gsub("%2F", "/")}"
        url = "#{base}/#{escaped}"
        PresignedRequest.new(http_method: "GET", url:, headers: {})
      end

      # Absolute path of +key+ under the root. InvalidKeyError for an invalid key, or one whose
      # path resolves outside the root through a symbolic link.
      def path_for(key)
        path = File.join(@root, Key.validate!(key))
        return path if inside?(path)

        raise InvalidKeyError, "key #{key.inspect} resolves outside the storage root (through a symbolic link)"
      end

      def inspect
        "#<#{self.class.name} root=#{@root.inspect}>"
      end

      private

      # Writes the object at +key+ through a block given the open temp file.
      def write(key, &)
        path = path_for(key)
        FileUtils.mkdir_p(File.dirname(path))
        atomically(path, &)
        key
      rescue SystemCallError => e
        raise StorageError, "cannot write #{key}: #{e.message}"
      end

      def atomically(path)
        tmp = "#{path}.#{SecureRandom.hex(8)}.tmp"
        File.open(tmp, File::WRONLY | File::CREAT | File::EXCL, binmode: true) do |file|
          yield file
          file.fsync
        end
        File.rename(tmp, path)
      ensure
        File.delete(tmp) if tmp && File.exist?(tmp)
      end

      # Every write renames a new file into place (a new inode), so inode, size and mtime name
      # one version of the content.
      def etag(path, stat)
        version = [path, stat.ino, stat.size, stat.mtime.to_r]
        memo = @etags_lock.synchronize { @etags[version] }
        return memo if memo

        digest = Digest::MD5.file(path).hexdigest
        @etags_lock.synchronize do
          @etags.clear if @etags.size >= ETAG_MEMO_SIZE
          @etags[version] = digest
        end
      end

      # Whether +path+, every symbolic link in it resolved, is the root or under it.
      def inside?(path)
        root = resolve(@root)
        real = resolve(path)
        real == root || real.start_with?(root.end_with?("/") ? root : "#{root}/")
      end

      # The real path of +path+; the parts that do not exist yet stay as they are. A dangling
      # or looping link resolves nowhere ("").
      def resolve(path)
        File.realpath(path)
      rescue Errno::ENOENT, Errno::ENOTDIR
        return "" if File.symlink?(path)

        parent = File.dirname(path)
        parent == path ? path : File.join(resolve(parent), File.basename(path))
      rescue Errno::ELOOP
        ""
      end

      # Linked directories are not descended into; linked files are listed when they stay
      # under the root.
      def walk(dir, prefix, out)
        children = Dir.children(File.join(@root, dir)).sort
        children.each do |name|
          key = dir.empty? ? name : "#{dir}/#{name}"
          path = File.join(@root, key)
          if File.lstat(path).directory?
            walk(key, prefix, out) if prefix.start_with?("#{key}/") || key.start_with?(prefix)
          elsif key.start_with?(prefix) && listed_file?(name, path)
            stat = File.stat(path)
            out << Entry.new(key:, size: stat.size, etag: nil, last_modified: stat.mtime.utc)
          end
        end
      rescue Errno::ENOENT
        nil
      end

      # A stored object: a file (or a link to one under the root) that is not being written.
      def listed_file?(name, path) = !name.match?(TEMP) && inside?(path) && File.file?(path)
    end
  end
end
