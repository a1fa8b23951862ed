# frozen_string_literal: true

module ImageForge
  # Settings shared by every call; see ImageForge.configure.
  class Configuration
    # Largest accepted source width * height (and output, and any step in between).
    # Default: 50_000_000 (as imgproxy).
    attr_reader :max_pixels

    # Largest accepted input in bytes. Default: 100 MiB.
    attr_reader :max_bytes

    # Largest output width or height. Default: 16_383.
    attr_reader :max_dimension

    # Most memory one render may take, in bytes, estimated from the header and the recipe
    # before any pixel is decoded (decoder buffers, every intermediate bitmap, the encoder's).
    # Over it, LimitExceededError with limit :memory. Default: 512 MiB.
    attr_reader :max_memory

    # Where uploads and variants are stored. Default: Storage::Local under ./storage, or
    # Storage::S3.from_env when IMAGE_FORGE_STORAGE=s3.
    attr_writer :storage

    # Named recipes ({thumb: {resize_to_fill: [200, 200], format: :webp}}), as Recipes.
    attr_reader :presets

    # The ActiveJob queue VariantJob runs on. Default: :default.
    attr_accessor :variant_queue

    # Keys for signed URLs: the first signs, every one verifies (rotation). Each at least 32
    # bytes; nils (an unset ENV["OLD_KEY"]) are dropped, so none set means no keys. Default: none.
    attr_reader :signing_keys

    # Accept URLs with "_" for a signature (and build them when no key is set). Default:
    # false; only for development.
    attr_reader :allow_unsigned_urls

    # Where the Endpoint is mounted ("/images"): ImageForge.url puts it in front of its paths.
    # Default: "" (mounted at the root).
    attr_accessor :endpoint_path

    # Where ImageForge reports what it does not raise (failed presets). Default: none; the
    # Railtie sets Rails.logger.
    attr_accessor :logger

    def initialize
      @max_pixels = 50_000_000
      @max_bytes = 100 * 1024 * 1024
      @max_dimension = 16_383
      @max_memory = 512 * 1024 * 1024
      @storage = nil
      @presets = {}.freeze
      @variant_queue = :default
      @signing_keys = [].freeze
      @allow_unsigned_urls = false
      @endpoint_path = ""
    end

    def signing_keys=(keys)
      # [ENV["KEY"], ENV["OLD_KEY"]] is how rotation is configured, with the old one mostly unset.
      keys = Array(keys).compact
      weak = keys.reject { |key| key.is_a?(String) && key.bytesize >= 32 }
      unless weak.empty?
        raise InvalidArgumentError,
              "signing keys must be Strings of at least 32 bytes (#{weak.size} are not)"
      end

      @signing_keys = keys.map { |key| key.dup.freeze }.freeze
    end

    # Sets the presets from a Hash of name => recipe (any form Recipe.from takes); every recipe
    # is checked now, so a typo fails at boot rather than on the first request.
    def presets=(presets)
      @presets = presets.to_h do |name, recipe|
        recipe = Recipe.from(recipe)
        recipe.to_s
        [name.to_sym, recipe]
      rescue InvalidRecipeError => e
        raise InvalidRecipeError, "preset #{name.inspect}: #{e.message}"
      end.freeze
    end

    # The Recipe of preset +name+; InvalidArgumentError naming the known ones otherwise.
    def preset(name)
      presets.fetch(name.to_sym) do
        raise InvalidArgumentError, "unknown preset #{name.inspect} (#{configured_presets})"
      end
    end

    # The Recipes of presets +names+ (Symbols or Strings); one InvalidArgumentError naming every
    # unknown one and the configured ones otherwise. For callers that must check all of them
    # before doing anything (an upload stores nothing when one name is wrong).
    def presets_named(names)
      unknown = names.reject { |name| presets.key?(name.to_sym) }
      unless unknown.empty?
        raise InvalidArgumentError, "unknown preset(s) #{unknown.map(&:to_s).join(", ")} (#{configured_presets})"
      end

      names.map { |name| presets[name.to_sym] }
    end

    # true or false only: a String such as "false" from an environment variable is truthy in
    # Ruby and would turn signatures off.
    def allow_unsigned_urls=(value)
      unless [true, false].include?(value)
        raise InvalidArgumentError, "allow_unsigned_urls must be true or false, got #{value.inspect}"
      end

      @allow_unsigned_urls = value
    end

    def max_pixels=(value)
      @max_pixels = positive!(:max_pixels, value, 2**63)
    end

    def max_bytes=(value)
      @max_bytes = positive!(:max_bytes, value, 2**63)
    end

    def max_dimension=(value)
      @max_dimension = positive!(:max_dimension, value, 2**31)
    end

    def max_memory=(value)
      @max_memory = positive!(:max_memory, value, 2**63)
    end

    # The limits as the native extension takes them.
    def limits = [max_pixels, max_bytes, max_dimension, max_memory]

    def storage
      @storage ||= self.class.default_storage
    end

    # S3 from the environment when IMAGE_FORGE_STORAGE=s3, else Local storage at +root+.
    def self.default_storage(root: "storage")
      ENV["IMAGE_FORGE_STORAGE"].to_s.casecmp?("s3") ? Storage::S3.from_env : Storage::Local.new(root:)
    end

    # The settings without the signing keys' bytes (a count only): consoles, `pp`, error
    # messages, logs and `rails routes` (which prints a mounted Endpoint) show this.
    def inspect
      "#<#{self.class.name} storage=#{@storage.inspect} max_pixels=#{max_pixels} max_bytes=#{max_bytes} " \
        "max_dimension=#{max_dimension} max_memory=#{max_memory} presets=#{presets.keys.inspect} " \
        "signing_keys=[#{signing_keys.size} redacted] " \
        "allow_unsigned_urls=#{allow_unsigned_urls} endpoint_path=#{endpoint_path.inspect}>"
    end
    alias to_s inspect

    # "configured: thumb, large" or "no presets configured", for messages about preset names.
    def configured_presets = presets.empty? ? "no presets configured" : "configured: #{presets.keys.join(", ")}"

    private

    def positive!(name, value, max)
      return value if value.is_a?(Integer) && value.positive? && value < max

      raise InvalidArgumentError, "#{name} must be a positive Integer below #{max}, got #{value.inspect}"
    end
  end
end
