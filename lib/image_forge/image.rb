# frozen_string_literal: true

module ImageForge
  # An immutable transformation chain over one source image. Each call returns a new Image;
  # nothing is decoded until #to_blob or #write, which render in one native call with the
  # GVL released.
  #
  #   ImageForge::Image.open("in.jpg").resize_to_limit(720, 588).saver(quality: 80).write("out.jpg")
  class Image
    SAVER_OPTIONS = %i[quality progressive lossless compression strip].freeze
    EXTENSION_FORMATS = { ".jpg" => "jpeg", ".jpeg" => "jpeg", ".png" => "png", ".webp" => "webp" }.freeze

    # An image read from +path+ when rendered.
    def self.open(path)
      path = path.to_s
      raise NotFoundError, "no such file: #{path}" unless File.file?(path)

      new(path:)
    end

    # An image held in +bytes+ (a String of encoded image data).
    def self.from_blob(bytes)
      raise InvalidArgumentError, "from_blob expects a String, got #{bytes.class}" unless bytes.is_a?(String)

      new(bytes: bytes.b.freeze)
    end

    def initialize(path: nil, bytes: nil, steps: [].freeze, saver: {}.freeze)
      @path = path
      @bytes = bytes
      @steps = steps
      @saver = saver
      freeze
    end

    # Downsizes to fit within +width+ x +height+ (either may be nil); never enlarges.
    def resize_to_limit(width, height) = step("resize_to_limit", dimension(width), dimension(height))

    # Resizes, up or down, to fit within +width+ x +height+ (either may be nil).
    def resize_to_fit(width, height) = step("resize_to_fit", dimension(width), dimension(height))

    # Resizes to cover +width+ x +height+ and crops the centre to exactly that size.
    def resize_to_fill(width, height)
      raise InvalidArgumentError, "resize_to_fill needs both a width and a height" if width.nil? || height.nil?

      step("resize_to_fill", dimension(width), dimension(height))
    end

    # Applies the EXIF orientation (the default) or, with +enabled: false+, keeps the stored pixels.
    def auto_orient(enabled: true) = step("auto_orient", enabled ? "true" : "false")

    # Output format: :jpeg, :png or :webp. Default: the source format, or the extension given
    # to #write.
    def convert(format) = step("format", format.to_s.downcase)

    # Encoder options: quality (1..100, default 80), progressive (JPEG), lossless (WebP),
    # compression (PNG zlib level 0..9, default 6). Metadata is always stripped (strip: true).
    def saver(**options)
      unknown = options.keys - SAVER_OPTIONS
      raise InvalidArgumentError, "unknown saver option(s): #{unknown.join(", ")}" if unknown.any?
      if options.key?(:strip) && options[:strip] != true
        raise InvalidArgumentError, "keeping metadata is not supported yet (strip must be true)"
      end

      with(saver: @saver.merge(options.except(:strip)).freeze)
    end

    # The canonical recipe string: equal transformations give equal strings.
    def recipe = Native.canonical_recipe(raw_recipe)

    # Renders and returns the encoded bytes (a binary String).
    def to_blob
      if @path
        Native.render_file(@path, raw_recipe, ImageForge.config.max_pixels)
      else
        Native.render_blob(@bytes, raw_recipe, ImageForge.config.max_pixels)
      end
    end

    # Renders into +path+ atomically (a reader never sees a partial file) and returns +path+.
    # Without #convert, the format follows +path+'s extension when it names one.
    def write(path)
      path = path.to_s
      image = format_given? ? self : with_extension_format(path)
      bytes = image.to_blob
      tmp = "#{path}.#{Process.pid}.#{Thread.current.object_id}.tmp"
      File.binwrite(tmp, bytes)
      File.rename(tmp, path)
      path
    ensure
      File.delete(tmp) if tmp && File.exist?(tmp)
    end

    # Format, displayed size and orientation of the source, from its header alone.
    def info
      Info.probe(@bytes || File.binread(@path))
    end

    protected

    attr_reader :steps

    def format_given? = @steps.any? { |s| s.start_with?("format:") }

    private

    def raw_recipe
      saved = @saver.map { |name, value| "#{name}:#{value}" }
      (@steps + saved).join(",")
    end

    def step(*parts)
      with(steps: (@steps + [parts.join(":")]).freeze)
    end

    def with(steps: @steps, saver: @saver)
      self.class.new(path: @path, bytes: @bytes, steps:, saver:)
    end

    def with_extension_format(path)
      format = EXTENSION_FORMATS[File.extname(path).downcase]
      format ? convert(format) : self
    end

    def dimension(value)
      return "" if value.nil?
      return value.to_s if value.is_a?(Integer) && value.positive?

      raise InvalidArgumentError, "dimensions must be positive Integers or nil, got #{value.inspect}"
    end
  end
end
