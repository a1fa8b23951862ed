# frozen_string_literal: true

require "optparse"
require "image_forge"
require "image_forge/capacity"
require "image_forge/cli/recipe_options"
require "image_forge/cli/serve"

module ImageForge
  # `image_forge`, the command line: works on the local default storage (./storage) with no
  # configuration. Exit status: 0 done, 1 an ImageForge or file error (one line on stderr),
  # 2 bad usage.
  class CLI
    include RecipeOptions
    include Serve

    USAGE = <<~TEXT
      usage: image_forge COMMAND [options]

        render IN OUT [--recipe R | --resize-to-limit W,H ... --resize-to-fill W,H[,GRAVITY] --format F --quality Q]
        info FILE...                       format, displayed size, orientation, alpha
        upload FILE KEY [--variants a,b]   store FILE under KEY (and render presets)
        variant KEY RECIPE|PRESET          render and store a variant of a stored image
        serve [--port 9292]                the endpoint and a gallery page on 127.0.0.1
        bench [--seconds N]                renders per second on this machine, per thread count

      Storage: ./storage, or --root DIR. Presets: --preset NAME=RECIPE (repeatable).
      `image_forge COMMAND --help` for a command's options; `image_forge --version`.
    TEXT

    # Raised by --help: the command's help was printed.
    class Help < StandardError; end

    def self.start(argv, out: $stdout, err: $stderr) = new(out:, err:).run(argv)

    def initialize(out:, err:)
      @out = out
      @err = err
      @root = "storage"
    end

    def run(argv)
      command, *args = argv
      return usage(command.nil? ? 2 : 0) if command.nil? || %w[help --help -h].include?(command)
      return version if %w[version --version].include?(command)
      return usage(2, "unknown command #{command.inspect}") unless respond_to?("cmd_#{command}", true)

      send("cmd_#{command}", args)
      0
    rescue Help
      0
    rescue OptionParser::ParseError, ArgumentError => e
      usage(2, e.message)
    rescue Error => e
      @err.puts "image_forge: #{e.class.name.split("::").last}: #{e.message}"
      1
    rescue SystemCallError => e # what the OS refused (a port in use, a file), not a bug to trace
      @err.puts "image_forge: #{e.message}"
      1
    end

    private

    def version
      @out.puts "image_forge #{VERSION}"
      0
    end

    def usage(status, problem = nil)
      @err.puts "image_forge: #{problem}" if problem
      (status.zero? ? @out : @err).puts USAGE
      status
    end

    def parser(banner)
      OptionParser.new do |o|
        o.banner = "usage: image_forge #{banner}"
        o.on("--root DIR", "local storage root (default ./storage)") { |dir| @root = dir }
        preset_option(o)
        yield o if block_given?
        o.on_tail("-h", "--help", "this help") do
          @out.puts o
          raise Help
        end
      end
    end

    def storage = Storage::Local.new(root: @root)

    def positional(args, count, parser)
      rest = parser.parse(args)
      raise ArgumentError, "expected #{count} argument(s)\n#{parser.banner}" unless rest.size == count

      rest
    end

    def cmd_render(args)
      @recipe = Recipe.new
      input, output = positional(args, 2, parser("render IN OUT [options]") { |o| recipe_options(o) })
      Image.open(input).apply(@recipe).write(output)
      info = Image.open(output).info
      @out.puts "#{output}: #{info.format} #{info.width}x#{info.height}, #{File.size(output)} bytes"
    end

    def cmd_info(args)
      files = parser("info FILE...").parse(args)
      raise ArgumentError, "expected at least one file" if files.empty?

      files.each do |file|
        i = Image.open(file).info
        @out.puts "#{file}: #{i.format} #{i.width}x#{i.height} orientation=#{i.orientation} alpha=#{i.alpha}"
      end
    end

    def cmd_upload(args)
      variants = []
      opts = parser("upload FILE KEY [--variants thumb,large]") do |o|
        o.on("--variants LIST", Array, "presets to render after the upload") { |v| variants = v.map(&:to_sym) }
      end
      file, key = positional(args, 2, opts)
      blob = ImageForge.upload(Pathname(file), key:, storage:, variants:)
      @out.puts "#{blob.key}: #{blob.format} #{blob.width}x#{blob.height}, #{blob.byte_size} bytes"
      blob.variants.each { |name, v| @out.puts "  #{name}: #{v.is_a?(Exception) ? "failed: #{v.message}" : v.key}" }
    end

    def cmd_variant(args)
      key, recipe = positional(args, 2, parser("variant KEY RECIPE"))
      variant = ImageForge.variant(key, recipe.start_with?(":") ? recipe[1..].to_sym : recipe, storage:).processed
      @out.puts variant.key, variant.url
    end

    def cmd_bench(args)
      seconds = 2.0
      positional(args, 0, parser("bench [--seconds N]") { |o| o.on("--seconds N", Float) { |v| seconds = v } })
      @out.puts Capacity.lines(seconds:)
    end
  end
end
