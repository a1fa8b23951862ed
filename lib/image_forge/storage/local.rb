# frozen_string_literal: true

require "fileutils"
require "securerandom"

module ImageForge
  module Storage
    # Files under a root directory: the embedded default store. Writes are atomic (temp file
    # in the same directory, then rename), so readers see the old object or the new, never part.
    class Local
      attr_reader :root

      # Default root: ./storage.
      def initialize(root: "storage")
        @root = File.expand_path(root.to_s)
      end

      # Stores +bytes+ under +key+. +content_type+ is accepted for the storage contract; files
      # carry none.
      def upload(key, bytes, content_type: nil) # rubocop:disable Lint/UnusedMethodArgument
        path = path_for(key)
        FileUtils.mkdir_p(File.dirname(path))
        tmp = "#{path}.#{SecureRandom.hex(8)}.tmp"
        File.open(tmp, "wb") do |f|
          f.write(bytes)
          f.fsync
        end
        File.rename(tmp, path)
        key
      rescue SystemCallError => e
        raise StorageError, "cannot write #{key}: #{e.message}"
      ensure
        File.delete(tmp) if tmp && File.exist?(tmp)
      end

      # The stored bytes of +key+ (binary String); NotFoundError when absent.
      def download(key)
        File.binread(path_for(key))
      rescue Errno::ENOENT, Errno::EISDIR
        raise NotFoundError, "no object at #{key}"
      rescue SystemCallError => e
        raise StorageError, "cannot read #{key}: #{e.message}"
      end

      def exists?(key)
        File.file?(path_for(key))
      end

      # Removes +key+; returns true if it existed.
      def delete(key)
        File.delete(path_for(key))
        true
      rescue Errno::ENOENT
        false
      end

      # Absolute path of +key+ under the root; the key is validated first.
      def path_for(key)
        File.join(@root, Key.validate!(key))
      end
    end
  end
end
