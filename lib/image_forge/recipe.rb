# frozen_string_literal: true

module ImageForge
  # An ordered list of operations plus saver options: what to do to an image, as a value.
  # Its canonical string (#to_s) is parsed and normalised by the Rust core, so equal recipes
  # always give equal strings. Build one with the Image chain, or from a Hash, an
  # ImageProcessing-style Array of [name, args] pairs, or a canonical String (Recipe.from).
  class Recipe
    # Each operation, as a lambda from Ruby arguments to the tokens of its recipe step. Only
    # these names are accepted, from any source.
    OPERATIONS = {
      resize_to_limit: ->(width, height) { ["resize_to_limit", Args.dim(width), Args.dim(height)] },
      resize_to_fit: ->(width, height) { ["resize_to_fit", Args.dim(width), Args.dim(height)] },
      resize_to_fill: lambda { |width, height, gravity: "centre", crop: nil|
        ["resize_to_fill", Args.dim!(width), Args.dim!(height), Args.gravity(crop || gravity)]
      },
      resize_to_cover: ->(width, height) { ["resize_to_cover", Args.dim!(width), Args.dim!(height)] },
      resize_and_pad: lambda { |width, height, background: nil, gravity: "centre", alpha: false|
        background ||= alpha ? :transparent : :black
        ["resize_and_pad", Args.dim!(width), Args.dim!(height), Args.colour(background), Args.gravity(gravity)]
      },
      crop: lambda { |left, top, width, height|
              ["crop", Args.int(left), Args.int(top), Args.dim!(width), Args.dim!(height)]
            },
      rotate: ->(degrees, background: :black) { ["rotate", Args.int(degrees), Args.colour(background)] },
      flip: -> { ["flip"] },
      flop: -> { ["flop"] },
      grayscale: -> { ["grayscale"] },
      blur: ->(sigma) { ["blur", Args.decimal(sigma)] },
      sharpen: ->(sigma = 1) { ["sharpen", Args.decimal(sigma)] },
      modulate: lambda { |brightness: 1, saturation: 1, hue: 0|
        ["modulate", Args.decimal(brightness), Args.decimal(saturation), Args.int(hue)]
      },
      trim: ->(threshold: 10) { ["trim", Args.int(threshold)] },
      auto_orient: ->(enabled: true) { ["auto_orient", enabled ? "true" : "false"] },
      convert: ->(format) { ["format", format.to_s.downcase] },
      dpr: ->(ratio) { ["dpr", Args.decimal(ratio)] }
    }.freeze

    # Encoder options accepted by #saver, with their converters.
    SAVER_OPTIONS = {
      quality: ->(v) { Args.int(v) },
      progressive: ->(v) { v ? "true" : "false" },
      optimize: ->(v) { v ? "true" : "false" },
      optimize_coding: ->(v) { v ? "true" : "false" },
      lossless: ->(v) { v ? "true" : "false" },
      compression: ->(v) { Args.int(v) },
      effort: ->(v) { Args.int(v) },
      chroma: ->(v) { v.to_s.delete(":") },
      background: ->(v) { Args.colour(v) }
    }.freeze

    # A Recipe from a Recipe, a canonical String, a Hash ({resize_to_limit: [800, 800],
    # convert: :webp, saver: {quality: 80}}) or an Array of [name, args] pairs.
    def self.from(source)
      case source
      when Recipe then source
      when String then new(steps: [source].reject(&:empty?))
      when Hash, Array then source.to_a.reduce(new) { |recipe, (name, args)| recipe.apply(name, args) }
      else raise InvalidRecipeError, "a recipe is a String, Hash or Array, got #{source.class}"
      end
    end

    attr_reader :steps, :saver_options

    def initialize(steps: [], saver_options: {})
      @steps = steps.freeze
      @saver_options = saver_options.freeze
      freeze
    end

    # A new Recipe with operation +name+ added, +args+ as the Image method would take them:
    # an Array of positional arguments, a Hash of keywords, both, or one value.
    def apply(name, args)
      name = name.to_sym
      return saver(**args.transform_keys(&:to_sym)) if name == :saver && args.is_a?(Hash)
      return self if %i[loader strip].include?(name) # decoding options with nothing to change yet

      positional, keywords = split_args(args)
      add(name, *positional, **keywords)
    end

    # A new Recipe with operation +name+ added (see OPERATIONS).
    def add(name, *args, **keywords)
      operation = OPERATIONS[name.to_sym] or raise InvalidRecipeError, "unknown operation #{name.inspect}"
      tokens = operation.call(*args, **keywords)
      self.class.new(steps: steps + [tokens.join(":")], saver_options:)
    rescue ArgumentError => e
      raise InvalidRecipeError, "#{name}: #{e.message}"
    end

    # A new Recipe with encoder options merged in (see SAVER_OPTIONS). Metadata is always
    # stripped: strip: false is refused.
    def saver(**options)
      if options.key?(:strip) && options[:strip] != true
        raise InvalidArgumentError, "keeping metadata is not supported yet (strip must be true)"
      end

      options = options.except(:strip)
      unknown = options.keys - SAVER_OPTIONS.keys
      raise InvalidArgumentError, "unknown saver option(s): #{unknown.join(", ")}" if unknown.any?

      self.class.new(steps:, saver_options: saver_options.merge(options))
    end

    # True once an output format has been chosen.
    def format? = steps.any? { |s| s.start_with?("format:") }

    # The steps as given, before normalisation.
    def raw
      saved = saver_options.map do |name, value|
        key = name == :optimize_coding ? :optimize : name
        "#{key}:#{SAVER_OPTIONS.fetch(name).call(value)}"
      end
      (steps + saved).join(",")
    end

    # The canonical string; raises InvalidRecipeError when a step does not parse.
    def to_s = Native.canonical_recipe(raw)

    def ==(other) = other.is_a?(Recipe) && to_s == other.to_s
    alias eql? ==

    def hash = to_s.hash

    private

    def split_args(args)
      case args
      when Hash then [[], args.transform_keys(&:to_sym)]
      when Array
        keywords = args.last.is_a?(Hash) ? args.last.transform_keys(&:to_sym) : {}
        [keywords.empty? ? args : args[0...-1], keywords]
      when nil, true then [[], {}]
      else [[args], {}]
      end
    end
  end
end
