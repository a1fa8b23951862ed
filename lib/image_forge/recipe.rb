# frozen_string_literal: true

require "did_you_mean"

module ImageForge
  # An ordered list of operations plus saver options: what to do to an image, as a value.
  # It wraps the Rust core's parsed recipe (Native::Recipe), parsed once when the Recipe is
  # made: an invalid step raises InvalidRecipeError there, and the canonical string (#to_s),
  # the output format and the endpoint path segment all come from the core. Build one with
  # the Image chain, or from a Hash, an ImageProcessing-style Array of [name, args] pairs, or
  # a canonical String (Recipe.from).
  class Recipe
    OPERATIONS = Operations::TABLE
    SAVER_OPTIONS = Operations::SAVER

    # A Recipe from a Recipe, a canonical String, a Hash ({resize_to_limit: [800, 800],
    # convert: :webp, saver: {quality: 80}}) or an Array of [name, args] pairs.
    def self.from(source)
      case source
      when Recipe then source
      when String then new(Native::Recipe.parse(source))
      when Hash, Array then source.to_a.reduce(new) { |recipe, (name, args)| recipe.apply(name, args) }
      else raise InvalidRecipeError, "a recipe is a String, Hash or Array, got #{source.class}"
      end
    end

    # [Recipe, auto?] named by an endpoint path's recipe segment; auto: the output format is
    # left to the request's Accept header.
    def self.from_segment(segment)
      native, auto = Native::Recipe.from_segment(segment)
      [new(native), auto]
    end

    # The core's parsed recipe (internal: what Image hands to the renderer).
    attr_reader :native
    # Overlay bytes by the id the recipe names them with (see #composite).
    attr_reader :overlays

    def initialize(native = Native::Recipe.parse(""), overlays: {})
      @native = native
      @overlays = overlays.freeze
      @to_s = native.to_s.freeze
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

      operation = OPERATIONS[name.to_sym] or raise InvalidRecipeError, unknown_operation(name)
      self + step(operation.call(*args, **keywords))
    rescue ArgumentError => e
      raise InvalidRecipeError, "#{name}: #{e.message}"
    end

    # A new Recipe that draws +overlay+ (a Pathname, File, IO or image bytes) over the image: at
    # +gravity+, moved by +offset+ [x, y] pixels, with +opacity+ 0..1, blended by +mode+ (over,
    # multiply, screen, overlay, darken, lighten, add, clear, source, dest_in, dest_out: as
    # libvips' composite). The recipe names the overlay by a digest of its bytes, so a changed
    # watermark changes the recipe.
    def composite(overlay, gravity: "north-west", offset: [0, 0], opacity: 1, mode: :over)
      bytes = Source.read(overlay, max_bytes: ImageForge.config.max_bytes)
      id = Digest::SHA256.hexdigest(bytes)[0, 16]
      dx, dy = offset
      tokens = ["composite", id, Args.gravity(gravity), Args.int(dx), Args.int(dy), Args.decimal(opacity),
                mode.to_s.tr("_", "-")]
      self + Recipe.new(Native::Recipe.parse(tokens.join(":")), overlays: { id => bytes })
    end

    # A new Recipe with encoder options merged in (see SAVER_OPTIONS). Metadata is stripped
    # unless asked: strip: false (as in image_processing) keeps EXIF and the ICC profile.
    def saver(**options)
      strip = options.delete(:strip)
      options = { keep_metadata: true, keep_icc: true }.merge(options) if strip == false
      unknown = options.keys - SAVER_OPTIONS.keys
      raise InvalidArgumentError, "unknown saver option(s): #{unknown.join(", ")}" if unknown.any?

      options.reduce(self) do |recipe, (name, value)|
        recipe + step([name == :optimize_coding ? :optimize : name, SAVER_OPTIONS.fetch(name).call(value)])
      end
    end

    # A Recipe with the steps of +other+ after these; +other+'s saver options win.
    def +(other)
      self.class.new(native.join(other.native), overlays: overlays.merge(other.overlays))
    end

    # What this recipe writes for a source of +content_type+: [format Symbol, extension,
    # content type]. UnsupportedFormatError when neither names an image format.
    def output_for(content_type)
      name, extension, type = native.output_for(content_type.to_s)
      [name.to_sym, extension, type]
    end

    # The output format the recipe sets (:jpeg, :png, :webp, :avif ...), or nil when it
    # follows the source.
    def format = native.format

    # True once an output format has been chosen.
    def format? = !format.nil?

    # The recipe segment of an endpoint path; +auto+ leaves the format to the request.
    # InvalidRecipeError for +auto+ with a recipe that sets a format.
    def segment(auto: false) = native.segment(auto)

    # The canonical string: equal recipes give equal strings.
    def to_s = @to_s

    def inspect = "#<#{self.class.name} #{@to_s}>"

    def ==(other) = other.is_a?(Recipe) && to_s == other.to_s
    alias eql? ==

    def hash = to_s.hash

    private

    def unknown_operation(name)
      names = OPERATIONS.keys + %i[composite saver format loader strip]
      guess = DidYouMean::SpellChecker.new(dictionary: names).correct(name.to_sym).first
      "unknown operation #{name}#{" (did you mean #{guess}?)" if guess}"
    end

    # A one-step Recipe from its tokens.
    def step(tokens) = Recipe.new(Native::Recipe.parse(tokens.join(":")))

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
