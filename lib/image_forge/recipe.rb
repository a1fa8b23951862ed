# frozen_string_literal: true

module ImageForge
  # An ordered list of operations plus saver options: what to do to an image, as a value.
  # Its canonical string (#to_s) is parsed and normalised by the Rust core, so equal recipes
  # always give equal strings. Build one with the Image chain, or from a Hash, an
  # ImageProcessing-style Array of [name, args] pairs, or a canonical String (Recipe.from).
  class Recipe
    OPERATIONS = Operations::TABLE
    SAVER_OPTIONS = Operations::SAVER

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

    attr_reader :steps, :saver_options, :overlays

    def initialize(steps: [], saver_options: {}, overlays: {})
      @steps = steps.freeze
      @saver_options = saver_options.freeze
      @overlays = overlays.freeze
      freeze
    end

    # A new Recipe with operation +name+ added, +args+ as the Image method would take them:
    # an Array of positional arguments, a Hash of keywords, both, or one value.
    def apply(name, args)
      name = name.to_sym
      return saver(**args.transform_keys(&:to_sym)) if name == :saver && args.is_a?(Hash)
      return self if %i[loader strip].include?(name) # decoding options with nothing to change yet
      # ActiveStorage and Hash recipes say format: where the chain says convert; nil keeps it.
      return args.nil? ? self : add(:convert, args) if name == :format

      positional, keywords = split_args(args)
      add(name, *positional, **keywords)
    end

    # A new Recipe with operation +name+ added (see OPERATIONS, and #composite).
    def add(name, *args, **keywords)
      return composite(*args, **keywords) if name.to_sym == :composite

      operation = OPERATIONS[name.to_sym] or raise InvalidRecipeError, "unknown operation #{name.inspect}"
      with(steps: steps + [operation.call(*args, **keywords).join(":")])
    rescue ArgumentError => e
      raise InvalidRecipeError, "#{name}: #{e.message}"
    end

    # A new Recipe that draws +overlay+ (a Pathname, File, IO or image bytes) over the image: at
    # +gravity+, moved by +offset+ [x, y] pixels, with +opacity+ 0..1. The recipe names the
    # overlay by a digest of its bytes, so a changed watermark changes the recipe.
    def composite(overlay, gravity: "north-west", offset: [0, 0], opacity: 1)
      bytes = Source.read(overlay, max_bytes: ImageForge.config.max_bytes)
      id = Digest::SHA256.hexdigest(bytes)[0, 16]
      dx, dy = offset
      tokens = ["composite", id, Args.gravity(gravity), Args.int(dx), Args.int(dy), Args.decimal(opacity)]
      with(steps: steps + [tokens.join(":")], overlays: overlays.merge(id => bytes))
    end

    # A new Recipe with encoder options merged in (see SAVER_OPTIONS). Metadata is stripped
    # unless asked: strip: false (as in image_processing) keeps EXIF and the ICC profile.
    def saver(**options)
      strip = options.delete(:strip)
      options = { keep_metadata: true, keep_icc: true }.merge(options) if strip == false
      unknown = options.keys - SAVER_OPTIONS.keys
      raise InvalidArgumentError, "unknown saver option(s): #{unknown.join(", ")}" if unknown.any?

      with(saver_options: saver_options.merge(options))
    end

    # A Recipe with the steps of +other+ after these.
    def +(other)
      with(steps: steps + other.steps, saver_options: saver_options.merge(other.saver_options),
           overlays: overlays.merge(other.overlays))
    end

    # What this recipe writes for a source of +content_type+: [format Symbol, extension,
    # content type]. UnsupportedFormatError when neither names an image format.
    def output_for(content_type)
      name, extension, type = Native.output_format(raw, content_type.to_s)
      [name.to_sym, extension, type]
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

    def with(steps: self.steps, saver_options: self.saver_options, overlays: self.overlays)
      self.class.new(steps:, saver_options:, overlays:)
    end

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
