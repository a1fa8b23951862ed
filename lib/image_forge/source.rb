# frozen_string_literal: true

require "pathname"

module ImageForge
  # Turns what callers pass as an image (path, IO, bytes) into a binary String.
  module Source
    module_function

    # A Pathname or a String without NUL bytes is a path; a String with NUL bytes (every image
    # has some) is image data; anything responding to #read is an IO.
    def read(source)
      case source
      when Pathname then read_file(source.to_s)
      when String then source.include?("\0") ? source.b : read_file(source)
      else
        unless source.respond_to?(:read)
          raise InvalidArgumentError,
                "expected a path, an IO or image bytes, got #{source.class}"
        end

        source.rewind if source.respond_to?(:rewind)
        source.read.to_s.b
      end
    end

    def read_file(path)
      File.binread(path)
    rescue Errno::ENOENT, Errno::EISDIR
      raise NotFoundError, "no such file: #{path}"
    rescue SystemCallError => e
      raise StorageError, "cannot read #{path}: #{e.message}"
    end
  end
end
