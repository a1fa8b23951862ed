# frozen_string_literal: true

require "pathname"
require "tempfile"

module ImageForge
  # What callers pass as content (to render, upload or store), told apart the same way
  # everywhere: a String that is binary (ASCII-8BIT, as File.binread and renders return) or
  # holds a NUL byte is the data itself; a Pathname, a File or any other String is a path;
  # anything else with #read is an IO.
  module Source
    module_function

    # [:bytes, String], [:path, String] or [:io, IO].
    def classify(source)
      case source
      when Pathname then [:path, source.to_s]
      when File then [:path, source.path]
      when String then data?(source) ? [:bytes, source.b] : [:path, source]
      else
        return [:io, source] if source.respond_to?(:read)

        raise InvalidArgumentError, "expected a path, an IO or image bytes, got #{source.class}"
      end
    end

    def data?(string) = string.encoding == Encoding::BINARY || string.include?("\0")

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
