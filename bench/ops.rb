# frozen_string_literal: true

require "pathname"
require_relative "fixtures"
require_relative "references"

module Bench
  # The per-operation table (issue 19): a 6 MP photo in, one operation, file to file, single
  # thread, ImageForge against the libvips call a Ruby user would write.
  #
  # Each op: the ImageForge recipe (what Image#apply takes, or a lambda of the Sources giving
  # it) and the libvips lambda (Sources -> Vips::Image; bench/op_engine.rb saves it). Optional:
  # format (default :jpeg; the savers are in SAVERS), fixture (default PHOTO), and reference,
  # what both outputs are scored against (a Reference; default UNENCODED, libvips' own result
  # before encoding).
  # libvips reads sequentially where the operation allows it (its fastest), else randomly.
  module Ops
    PHOTO = "generated:photo-3000x2000.jpg"
    FRAMED = "generated:framed-3000x2000.jpg"
    OVERLAY = "generated:rgba-600x400.png"

    # The files an op reads: its source and the overlay (for composite).
    Sources = Struct.new(:src, :overlay)
    # What each engine's output is scored against: +forge+ and +vips+, builders of
    # bench/references.rb ((Sources, output) -> float image); +vips+ nil means libvips' own
    # result, unencoded. LANCZOS3: the float resize of bench/quality.rb to each output's size.
    # +by_output+: the builder looks at the output (smart crop's window), so it runs per engine.
    Reference = Struct.new(:label, :forge, :vips, :by_output) do
      # ImageForge and libvips define the operation differently: each has its own reference.
      def two_definitions? = !forge.nil? && !forge.equal?(vips)

      # One image serves as both engines' reference.
      def shared? = !two_definitions? && !by_output
    end
    LANCZOS3 = Reference.new("float Lanczos3").freeze
    UNENCODED = Reference.new("libvips' result, unencoded").freeze

    def self.float(label, build, by_output: false) = Reference.new(label, build, build, by_output).freeze

    # Format => [ImageForge saver options, libvips save options]. AVIF: heifsave's default Q
    # (50) at aom effort 2, and ImageForge (libaom all-intra) at speed 8 and q46, which give
    # the same bytes and PSNR on this photo (16,937 B and 33.93 dB against 16,957 B and 33.86),
    # so that time compares at equal quality and size. Its default speed 9 is faster again.
    SAVERS = {
      jpeg: [{ quality: 80 }, { Q: 80, strip: true }],
      webp: [{ quality: 80 }, { Q: 80, strip: true }],
      png: [{}, { strip: true }],
      avif: [{ quality: 46, speed: 8 }, { compression: :av1, effort: 2, strip: true }]
    }.freeze

    Op = Struct.new(:name, :imageforge, :vips, :format, :fixture, :reference, keyword_init: true) do
      def initialize(format: :jpeg, fixture: PHOTO, reference: UNENCODED, **rest) = super

      # The recipe ImageForge renders, saver included.
      def recipe(sources)
        steps = imageforge.respond_to?(:call) ? imageforge.call(sources) : imageforge
        ImageForge::Recipe.from(steps).saver(**SAVERS.fetch(format).first)
      end

      # Renders with libvips into +out+.
      def render_vips(sources, out) = vips.call(sources).write_to_file(out, **SAVERS.fetch(format).last)

      # What +engine+'s decoded +output+ is scored against (not for LANCZOS3), rounded to 8 bits.
      def reference_image(engine, sources, output)
        build = engine == :forge ? reference.forge : reference.vips
        image = build ? build.call(sources, output) : vips.call(sources)
        image.cast(:float).rint.then { |i| References.clip(i) }.copy_memory
      end
    end

    def self.sequential(src) = Vips::Image.new_from_file(src, access: :sequential)
    def self.random(src) = Vips::Image.new_from_file(src)

    # Op name => definition. Add an op by adding a line.
    TABLE = [
      Op.new(name: "blur(2)", imageforge: { blur: 2 }, vips: ->(s) { sequential(s.src).gaussblur(2) },
             reference: float("float gaussblur", References.blur(2))),
      Op.new(name: "blur(20)", imageforge: { blur: 20 }, vips: ->(s) { sequential(s.src).gaussblur(20) },
             reference: float("float gaussblur", References.blur(20))),
      # Two definitions: ImageForge's is an unsharp mask, libvips' sharpens L* with a curve.
      Op.new(name: "sharpen(1)", imageforge: { sharpen: 1 }, vips: ->(s) { sequential(s.src).sharpen(sigma: 1) },
             reference: Reference.new("float unsharp mask / libvips' result, unencoded", References.unsharp(1))),
      Op.new(name: "rotate 30°", imageforge: { rotate: 30 }, vips: ->(s) { random(s.src).rotate(30) },
             reference: float("float rotate about the centre, bicubic", References.rotate(30))),
      Op.new(name: "rotate 90°", imageforge: { rotate: 90 }, vips: ->(s) { random(s.src).rot90 }),
      Op.new(name: "flip", imageforge: { flip: nil }, vips: ->(s) { random(s.src).flipver }),
      Op.new(name: "pad to 3000x3000", imageforge: { resize_and_pad: [3000, 3000] },
             vips: ->(s) { sequential(s.src).gravity(:centre, 3000, 3000) }),
      Op.new(name: "smart crop 2000x2000", imageforge: { resize_to_fill: [2000, 2000, { gravity: "attention" }] },
             vips: ->(s) { random(s.src).smartcrop(2000, 2000, interesting: :attention) },
             reference: float("the source at the engine's own window", References.own_window, by_output: true)),
      Op.new(name: "crop", imageforge: { crop: [500, 400, 2000, 1200] },
             vips: ->(s) { sequential(s.src).crop(500, 400, 2000, 1200) }),
      # The source is opaque, so the alpha band composite2 adds is dropped, not flattened.
      Op.new(name: "composite",
             imageforge: ->(s) { { composite: [Pathname(s.overlay), { offset: [100, 100] }] } },
             vips: lambda { |s|
               sequential(s.src).composite2(random(s.overlay), :over, x: 100, y: 100).extract_band(0, n: 3)
             }),
      Op.new(name: "grayscale", imageforge: { grayscale: nil }, vips: ->(s) { sequential(s.src).colourspace(:b_w) },
             reference: float("float Rec. 709 luminance", References.grayscale)),
      # ImageForge modulates in HSL (as ImageMagick), libvips users in LCh: the colours differ.
      Op.new(name: "modulate", imageforge: { modulate: { brightness: 1.1, saturation: 1.3, hue: 20 } },
             vips: lambda { |s|
               ((sequential(s.src).colourspace(:lch) * [1.1, 1.3, 1]) + [0, 0, 20]).colourspace(:srgb)
             },
             reference: Reference.new("float HSL modulate / libvips' result, unencoded",
                                      References.hsl_modulate(1.1, 1.3, 20))),
      Op.new(name: "trim", fixture: FRAMED, imageforge: { trim: { threshold: 10 } },
             vips: lambda { |s|
               image = random(s.src)
               image.crop(*image.find_trim(threshold: 10))
             },
             reference: float("the source inside its border", References.box(*Fixtures.frame(3000, 2000)))),
      Op.new(name: "AVIF 720", format: :avif, reference: LANCZOS3,
             imageforge: { resize_to_limit: [720, 720], convert: :avif },
             vips: ->(s) { Vips::Image.thumbnail(s.src, 720, height: 720, size: :down) }),
      Op.new(name: "WebP full size", format: :webp, imageforge: { convert: :webp },
             vips: ->(s) { sequential(s.src) }),
      Op.new(name: "PNG 720", format: :png, reference: LANCZOS3,
             imageforge: { resize_to_limit: [720, 720], convert: :png },
             vips: ->(s) { Vips::Image.thumbnail(s.src, 720, height: 720, size: :down) })
    ].to_h { |op| [op.name, op.freeze] }.freeze

    # The ops whose names contain any of the comma-separated +words+ ("all": every op, "none":
    # none). Aborts on a word that names no op.
    def self.named(words)
      wanted = words.split(",").map(&:strip)
      return [] if wanted == ["none"]
      return TABLE.values if wanted == ["all"]

      unmatched = wanted.reject { |word| TABLE.keys.any? { |name| name.include?(word) } }
      abort "BENCH_OPS: no op named like #{unmatched.join(", ")} (ops: #{TABLE.keys.join(", ")})" if unmatched.any?
      TABLE.values.select { |op| wanted.any? { |word| op.name.include?(word) } }
    end
  end
end
