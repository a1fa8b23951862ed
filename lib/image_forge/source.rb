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

    # The whole content as a binary String.
    def read(source)
      kind, value = classify(source)
      case kind
      when :bytes then value
      when :path then read_file(value)
      else
        value.rewind if value.respond_to?(:rewind)
        value.read.to_s.b
      end
    end

    # Yields the path of a temporary copy of the IO +input+, streamed (bounded memory) and
    # removed afterwards.
    def spool(input)
      input.rewind if input.respond_to?(:rewind)
      Tempfile.create("image_forge", binmode: true) do |file|
        IO.copy_stream(input, file)
        file.flush
        yield file.path
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
