# frozen_string_literal: true

require "securerandom"

module ImageForge
  # An immutable transformation chain over one source image. Each call returns a new Image;
  # nothing is decoded until #to_blob or #write, which render in one native call with the
  # GVL released.
  #
  #   ImageForge::Image.open("in.jpg").resize_to_limit(720, 588).saver(quality: 80).write("out.jpg")
  #
  # Operations (see Recipe::OPERATIONS): resize_to_limit, resize_to_fit, resize_to_fill,
  # resize_to_cover, resize_and_pad, crop, rotate, flip, flop, grayscale, blur, sharpen,
  # modulate, trim, auto_orient, convert, dpr; encoder options through #saver.
  class Image
    EXTENSION_FORMATS = {
      ".jpg" => "jpeg", ".jpeg" => "jpeg", ".png" => "png", ".webp" => "webp", ".avif" => "avif", ".gif" => "gif"
    }.freeze

    # An image from +source+: a path (String or Pathname) or a File, read when rendered; or any
    # other IO (an upload, a StringIO), read now up to max_bytes. Unlike upload, a String here
    # is a path, as in File.open.
    def self.open(source)
      path = source.is_a?(String) ? source : (source.to_path if source.respond_to?(:to_path))
      if path
        raise NotFoundError, "no such file: #{path}" unless File.file?(path)

        return new(path:)
      end

      unless source.respond_to?(:read)
        raise InvalidArgumentError, "open expects a path, a Pathname, a File or an IO, got #{source.class}"
      end

      from_blob(Source.read(source, max_bytes: ImageForge.config.max_bytes))
    end

    # An image held in +bytes+ (a String of encoded image data); +key+ names the stored
    # original they came from, for render.image_forge events.
    def self.from_blob(bytes, key: nil)
      raise InvalidArgumentError, "from_blob expects a String, got #{bytes.class}" unless bytes.is_a?(String)

      new(bytes: bytes.b.freeze, key:)
    end

    attr_reader :recipe

    def initialize(path: nil, bytes: nil, recipe: Recipe.new, key: nil)
      @path = path
      @bytes = bytes
      @recipe = recipe
      @key = key
      freeze
    end

    (Recipe::OPERATIONS.keys + [:composite]).each do |name|
      define_method(name) { |*args, **keywords| with(recipe.add(name, *args, **keywords)) }
    end

    # Encoder options: quality (1..100; default 80 for JPEG, 79 for WebP, 63 for AVIF),
    # progressive and optimize (JPEG), chroma (420 or 444, JPEG), lossless and effort (0..6,
    # WebP), speed (1..10, AVIF, default 9), compression (PNG 0..9: 0 stored, 1 fdeflate's
    # fast coder, 2..9 zlib levels; default 1), palette (PNG, at most 256 colours), background
    # (what alpha is flattened onto for JPEG; default white), keep_metadata and keep_icc (EXIF
    # and an sRGB ICC tag in JPEG, PNG and WebP; strip: false sets both). Metadata is stripped
    # by default.
    def saver(**options) = with(recipe.saver(**options))

    # Applies a recipe (any form Recipe.from takes, a preset name, or keywords such as
    # resize_to_limit: [100, 100]; see RecipeArgument) after the operations so far.
    def apply(operations = nil, **keywords) = with(recipe + RecipeArgument.resolve(operations, keywords))

    # Renders and returns the encoded bytes (a binary String).
    def to_blob = render([recipe], raise_errors: true).first

    # Renders each of +recipes+ (in any form Recipe.from takes, applied after this chain) from
    # one decode of the source, at the finest shrink-on-load any of them needs (two when JPEG
    # resizes, rendered from the JPEG's planes, are mixed with other recipes). Returns one
    # entry per recipe: the encoded bytes, or the ImageForge::Error that recipe ran into.
    # Errors of the source itself (unreadable, over a limit) are raised.
    def to_blobs(recipes) = render(recipes.map { |r| recipe + Recipe.from(r) })

    # Renders into +path+ atomically (a reader never sees a partial file, a failure leaves
    # none) and returns +path+. Without #convert, the format follows +path+'s extension when it
    # names one. StorageError when the file cannot be written.
    def write(path)
      path = path.to_s
      replace_file(path, for_path(path).to_blob)
      path
    rescue SystemCallError => e
      # The OS's own message names the temporary file, which the caller never asked for.
      raise StorageError, "cannot write #{path}: #{SystemCallError.new(nil, e.errno).message}"
    end

    # The image #write renders into +path+: in the format its extension names, unless #convert
    # chose one. For callers that render it some other way (to_blobs of several).
    def for_path(path) = recipe.format? ? self : with_extension_format(path.to_s)

    # Format, displayed size and orientation of the source, from its header alone. A file over
    # max_bytes is refused from its size (LimitExceededError), before it is read.
    def info
      Info.probe(@bytes || Source.read(Pathname(@path), max_bytes: ImageForge.config.max_bytes))
    end

    private

    # One native call: one read and decode of the source, one result per recipe. With
    # +raise_errors+ a recipe's error is raised inside the event, so its payload has it.
    def render(recipes, raise_errors: false)
      overlays = recipes.map(&:overlays).reduce({}, :merge).to_a
      payload = { recipes: recipes.map(&:to_s), source_key: @key,
                  source_byte_size: @bytes ? @bytes.bytesize : File.size?(@path) }
      Instrumentation.instrument("render.image_forge", payload) do
        results = Native.render(@path, @bytes, recipes.map(&:native), ImageForge.config.limits, overlays)
        if Instrumentation.listening?("render.image_forge")
          payload[:outputs] = results.map { |result| Instrumentation.output(result) }
        end
        error = raise_errors && results.find { |result| result.is_a?(Error) }
        raise error if error

        results
      end
    end

    # A new file under an unguessable name next to +path+ (O_EXCL: never a file or link that
    # another local user planted), renamed over +path+ (which replaces a link there rather
    # than writing through it).
    def replace_file(path, bytes)
      tmp = File.join(File.dirname(path), ".#{File.basename(path)}.#{SecureRandom.hex(8)}.tmp")
      file = File.open(tmp, File::WRONLY | File::CREAT | File::EXCL, 0o600, binmode: true)
      begin
        file.write(bytes)
        file.chmod(0o666 & ~File.umask) # what File.write would have made, now that it is ours
        file.close
        File.rename(tmp, path)
        renamed = true
      ensure
        file.close
        File.delete(tmp) if !renamed && File.exist?(tmp)
      end
    end

    def with(new_recipe)
      self.class.new(path: @path, bytes: @bytes, recipe: new_recipe, key: @key)
    end

    def with_extension_format(path)
      format = EXTENSION_FORMATS[File.extname(path).downcase]
      format ? convert(format) : self
    end
  end
end
