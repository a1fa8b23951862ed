# frozen_string_literal: true

require "pathname"
require "tempfile"

module ImageForge
  # What callers pass as content (to render, upload or store), told apart the same way
  # everywhere: a String is always the data itself; a Pathname or a File is a path; anything
  # else with #read is an IO. A String is never taken as a path, so a String that came from a
  # user (a form field, a request body) cannot make ImageForge read a file of the server's.
  module Source
    module_function

    # [:bytes, String], [:path, String] or [:io, IO].
    def classify(source)
      case source
      when Pathname then [:path, source.to_s]
      when File then [:path, source.path]
      when String then [:bytes, source.b]
      else
        return [:io, source] if source.respond_to?(:read)

        raise InvalidArgumentError, "expected a Pathname, a File, an IO or image bytes (a String), got #{source.class}"
      end
    end

    # The whole content as a binary String. With +max_bytes+, a source known to be larger (its
    # String, file or IO#size says so) is refused before anything is read, and reading stops
    # one byte past the limit: LimitExceededError either way, nothing large held.
    def read(source, max_bytes: nil)
      kind, value = classify(source)
      case kind
      when :bytes then within!(value.bytesize, max_bytes) && value
      when :path then read_file(value, max_bytes)
      else
        rewind(value)
        within!(value.size, max_bytes) if value.respond_to?(:size) && value.size.is_a?(Integer)
        read_io(value, max_bytes)
      end
    end

    # Yields the path of a temporary copy of the IO +input+, streamed (bounded memory) and
    # removed afterwards.
    def spool(input)
      rewind(input)
      Tempfile.create("image_forge", binmode: true) do |file|
        IO.copy_stream(input, file)
        file.flush
        yield file.path
      end
    end

    # Back to the start of a seekable IO; a pipe or a socket reads on from where it is.
    def rewind(io)
      io.rewind if io.respond_to?(:rewind)
    rescue Errno::ESPIPE
      nil
    end

    def read_file(path, max_bytes = nil)
      File.open(path, "rb") do |file|
        within!(file.size, max_bytes)
        read_io(file, max_bytes)
      end
    rescue Errno::ENOENT, Errno::EISDIR
      raise NotFoundError, "no such file: #{path}"
    rescue SystemCallError => e
      raise StorageError, "cannot read #{path}: #{e.message}"
    end

    # Reads to the end, or to one byte past +max_bytes+ (a file that grew, an IO of unknown size).
    def read_io(io, max_bytes)
      bytes = (max_bytes ? io.read(max_bytes + 1) : io.read).to_s.b
      return bytes if max_bytes.nil? || bytes.bytesize <= max_bytes

      raise LimitExceededError.new("the source has more than max_bytes (#{max_bytes}) bytes", limit: :bytes)
    end

    # true when +size+ is within +max_bytes+ (or there is no limit); LimitExceededError otherwise.
    def within!(size, max_bytes)
      return true if max_bytes.nil? || size <= max_bytes

      raise LimitExceededError.new("the source is #{size} bytes, over max_bytes (#{max_bytes})", limit: :bytes)
    end
  end
end
