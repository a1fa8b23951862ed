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

    # Returns +prefix+ when it is a valid start of a key ("" and "photos/" are).
    def validate_prefix!(prefix)
      return prefix if prefix == ""

      validate!(prefix.to_s.chomp("/"))
      prefix
    end

    RULES = {
      "is empty" => ->(k) { k.empty? },
      "is longer than #{MAX_BYTES} bytes" => ->(k) { k.bytesize > MAX_BYTES },
      "is not valid UTF-8" => ->(k) { !k.dup.force_encoding(Encoding::UTF_8).valid_encoding? },
      "contains a NUL byte" => ->(k) { k.include?("\0") },
      "contains a backslash" => ->(k) { k.include?("\\") },
      "is absolute" => ->(k) { k.start_with?("/") },
      "has an empty path segment" => ->(k) { k.split("/", -1).any?(&:empty?) },
      "has a '.' or '..' segment" => ->(k) { k.split("/").any? { |s| [".", ".."].include?(s) } }
    }.freeze

    # The first rule +key+ breaks, or nil.
    def problem_with(key)
      RULES.find { |_, broken| broken.call(key) }&.first
    end
  end
end
