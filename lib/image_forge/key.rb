# frozen_string_literal: true

module ImageForge
  # Storage keys: relative, slash-separated paths that can never leave the storage root.
  module Key
    MAX_BYTES = 1024

    module_function

    # Returns +key+ when it is safe to use; raises InvalidKeyError otherwise.
    def validate!(key)
      raise InvalidKeyError, "key must be a String, got #{key.class}" unless key.is_a?(String)

      problem = problem_with(key)
      raise InvalidKeyError, "invalid key #{key.inspect}: #{problem}" if problem

      key
    end

    def problem_with(key)
      return "is empty" if key.empty?
      return "is longer than #{MAX_BYTES} bytes" if key.bytesize > MAX_BYTES
      return "is not valid UTF-8" unless key.dup.force_encoding(Encoding::UTF_8).valid_encoding?
      return "contains a NUL byte" if key.include?("\0")
      return "contains a backslash" if key.include?("\\")
      return "is absolute" if key.start_with?("/")

      segments = key.split("/", -1)
      return "has an empty path segment" if segments.any?(&:empty?)

      "has a '.' or '..' segment" if segments.any? { |s| s == "." || s == ".." }
    end
  end
end
