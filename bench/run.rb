# frozen_string_literal: true

# `rake bench`: times ImageForge against libvips, ImageMagick and sharp on the tasks in
# bench/tasks.rb, each engine in its own single-threaded process (bench/engine.rb,
# bench/sharp_engine.js), scores every output's PSNR against a float Lanczos3 reference
# (bench/quality.rb) and prints Markdown tables; then the per-operation table (bench/ops.rb).
#
#   WRITE=1             also (over)write BENCHMARKS.md
#   BENCH_RUNS=N        timed runs per engine and task (default 15, MiniMagick 5; over 3 turns)
#                       or per turn of an op (default 3)
#   BENCH_TASKS=a,b     only these tasks (none: the op table alone); BENCH_ENGINES=a,b only these
#                       engines
#   BENCH_OPS=a,b       only the ops whose names contain these (all, none; default: all, or
#                       none when BENCH_TASKS is set)
#   BENCH_IMAGEFORGE_VARIANTS="f1;f2"   more ImageForge rows, each with this canonical recipe
#                       fragment after the task's steps (as IMAGEFORGE_VARIANTS below)
#   IMAGE_FORGE_FIXTURES=dir   where the fixtures are (default ../shared/fixtures)
require "json"
require "open3"
require "rbconfig"
require "time"
require "tmpdir"
require_relative "engine"
require_relative "tasks"
require_relative "quality"
require_relative "fixtures"
require_relative "notes"
require_relative "table"
require_relative "sharp"
require_relative "op_table"

module Bench
  ROOT = File.expand_path("..", __dir__)
  ENGINE_SCRIPT = File.join(__dir__, "engine.rb")
  VARIANT_SCRIPT = File.join(__dir__, "variant_cost.rb")
  VARIANT_RUNS = 31
  ENDPOINT_SCRIPT = File.join(__dir__, "endpoint_load.rb")
  SINGLE_THREAD_VIPS = { "VIPS_CONCURRENCY" => "1" }.freeze
  # More ImageForge rows, one line each: a canonical recipe fragment applied after the task's
  # steps, shown as "ImageForge + fragment". The speed setting is always measured beside the
  # default (issue 19 wants both rows).
  IMAGEFORGE_VARIANTS = ["fast_shrink:true"].freeze

  # Engine (see bench/engine.rb) => table label, environment, default number of timed runs.
  ENGINES = {
    "imageforge" => { label: "ImageForge", env: {}, runs: 15 },
    "vips_thumbnail" => { label: "vips thumbnail", env: SINGLE_THREAD_VIPS, runs: 15 },
    "image_processing_vips" => { label: "image_processing (vips)", env: SINGLE_THREAD_VIPS, runs: 15 },
    "image_processing_mini_magick" => { label: "image_processing (MiniMagick)", runs: 5,
                                        env: { "MAGICK_THREAD_LIMIT" => "1", "OMP_NUM_THREADS" => "1" } },
    # A Node process (bench/sharp_engine.js); libvips' threads and libuv's pool at one.
    "sharp" => { label: "sharp #{Sharp::VERSION}", env: { "UV_THREADPOOL_SIZE" => "1" }, runs: 15, node: true },
    # ImageForge alone, for the targets that are not a comparison (see Bench::Notes).
    "imageforge_floor" => { label: "ImageForge: decode only (floor)", env: {}, runs: 15, extra: true,
                            only: ->(task) { task.fixture.end_with?(".jpg") } },
    "imageforge_2threads" => { label: "ImageForge: 2 renders on 2 threads", env: {}, runs: 15, extra: true,
                               only: ->(task) { %w[sharp 29mp-400].include?(task.name) } },
    "imageforge_4recipes" => { label: "ImageForge: 4 sizes from one decode", env: {}, runs: 15, extra: true,
                               only: ->(task) { task.name == "29mp-400" } }
  }.freeze

  class Runner
    def initialize(env = ENV)
      @env = env
      @fixtures = env.fetch("IMAGE_FORGE_FIXTURES", File.expand_path("../shared/fixtures", ROOT))
      @quality = Quality.new
      @tasks = selected(TASKS, "BENCH_TASKS", &:name)
      variants = imageforge_variants
      @engines_config = ENGINES.merge(variants)
      # Variant rows follow ImageForge's row wherever it is selected.
      @engines = selected(ENGINES.keys, "BENCH_ENGINES") { |engine| engine }
                 .flat_map { |engine| engine == "imageforge" ? [engine, *variants.keys] : [engine] }
      @ops = Ops.named(env.fetch("BENCH_OPS") { env["BENCH_TASKS"] ? "none" : "all" })
    end

    def run
      load = File.read("/proc/loadavg").split.first
      warn "warning: load average #{load}; other processes will skew the timings" if load.to_f >= 0.5
      header = ["# ImageForge benchmarks", "", "Command: `#{command}`  ", "Date: #{Time.now.utc.iso8601}  ",
                "Machine: #{machine}; load average #{load} at start"]
      puts header, ""
      sections = Dir.mktmpdir("image_forge-bench") do |dir|
        [*@tasks.map { |task| section(task, dir) }, *op_section(dir), *scripts(dir)]
      end
      return unless @env["WRITE"] == "1"

      # How it is measured, and sections measured elsewhere (in bin/trixie's Rails 7.2, under
      # callgrind), kept as recorded.
      recorded = %w[HOW_MEASURED.md PREPROCESSED_VARIANTS.md PROFILE.md].map do |file|
        File.read(File.join(__dir__, file))
      end
      File.write(File.join(ROOT, "BENCHMARKS.md"), [*header, "", *sections, *recorded].join("\n"))
      warn "wrote BENCHMARKS.md"
    end

    private

    def section(task, dir)
      src = Fixtures.path(task.fixture, @fixtures, dir)
      unless File.file?(src)
        warn "skipping #{task.name}: fixture #{src} is missing (set IMAGE_FORGE_FIXTURES)"
        text = "## #{task.name}\n\nSkipped: fixture #{task.fixture} not found in #{@fixtures}.\n"
        puts text, ""
        return text
      end

      engines = @engines.select { |engine| @engines_config.fetch(engine).fetch(:only, ->(_) { true }).call(task) }
      turns = Engine.turns(engines) { |engine| timed(engine, task, src, dir) }
      rows = engines.to_h { |engine| [engine, scored(engine, task, src, dir, turns.fetch(engine))] }
      text = [heading(task, src), "", *Table.lines(rows.values), "", *Notes.lines(rows, task), ""].join("\n")
      puts text, ""
      text
    end

    def op_section(dir)
      return [] if @ops.empty?

      runs = @env["BENCH_RUNS"]&.then { |n| Integer(n) }
      text = OpTable.new(@ops, runs:, fixtures: @fixtures, quality: @quality).section(dir)
      puts text, ""
      [text]
    end

    # The sections measured by their own scripts (variant cache, endpoint load), on the first
    # task's source.
    def scripts(dir)
      src = Fixtures.path(TASKS.first.fixture, @fixtures, dir)
      return [] unless File.file?(src)

      [[VARIANT_SCRIPT, @env.fetch("BENCH_RUNS", VARIANT_RUNS).to_s], [ENDPOINT_SCRIPT]].map do |script, *args|
        warn "#{File.basename(script)}..."
        stdout, stderr, status = Open3.capture3(RbConfig.ruby, "-I", File.join(ROOT, "lib"), script, src, *args)
        text = status.success? ? stdout : "## #{File.basename(script)}\n\nFailed: #{stderr.lines.last}\n"
        puts text, ""
        text
      end
    end

    def heading(task, src)
      source = Vips::Image.new_from_file(src)
      "## #{task.name}: #{task.fixture} (#{source.width}x#{source.height}) to fit " \
        "#{task.width}x#{task.height}, #{task.format.upcase} q#{task.quality}"
    end

    # One turn of +engine+ on +task+: its JSON, a skip or an error.
    def timed(engine, task, src, dir)
      config = @engines_config.fetch(engine)
      missing = Sharp.missing(@env) if config[:node]
      return { skipped: missing } if missing

      spawn_engine(engine, task, src, output(engine, task, dir))
    rescue StandardError => e
      { error: e.message.tr("|", "/") }
    end

    # The table row of +engine+ from its turns: their times merged, its output scored.
    def scored(engine, task, src, dir, turns)
      config = @engines_config.fetch(engine)
      label = config[:label]
      failed = turns.find { |turn| turn[:skipped] || turn[:error] }
      return failed.merge(label:) if failed

      result = Engine.merge_turns(turns)
      return result.merge(label:, extra: true) if result[:bytes].nil?

      width, height, psnr = @quality.measure(src, output(engine, task, dir))
      result.merge(label:, width:, height:, psnr:, extra: config[:extra], variant: config[:recipe])
    rescue StandardError => e
      { label:, error: e.message.tr("|", "/") }
    end

    def output(engine, task, dir)
      File.join(dir, "#{task.name}-#{engine.tr("^a-z0-9_", "_")}.#{task.format == :jpeg ? "jpg" : task.format}")
    end

    # Runs the engine (bench/engine.rb in a fresh Ruby process, or bench/sharp_engine.js in
    # Node) for one turn and returns its parsed JSON.
    def spawn_engine(engine, task, src, out)
      runs = (Integer(@env.fetch("BENCH_RUNS", @engines_config.fetch(engine)[:runs])) / Engine::TURNS.to_f).ceil
      warn "#{task.name}: #{engine} (#{runs} runs)..."
      args = [src, out, task.width, task.height, task.format, task.quality, runs].map(&:to_s)
      stdout, stderr, status = Open3.capture3(*engine_command(engine, args))
      raise stderr.lines.first.to_s.strip unless status.success?

      JSON.parse(stdout, symbolize_names: true)
    end

    def engine_command(engine, args)
      config = @engines_config.fetch(engine)
      return [config[:env].merge("NODE_PATH" => Sharp.node_path(@env)), "node", Sharp::SCRIPT, *args] if config[:node]

      [config[:env], RbConfig.ruby, "-I", File.join(ROOT, "lib"), ENGINE_SCRIPT, config.fetch(:engine, engine), *args,
       *config[:recipe]]
    end

    # IMAGEFORGE_VARIANTS and BENCH_IMAGEFORGE_VARIANTS as engines: "imageforge+FRAGMENT".
    def imageforge_variants
      fragments = IMAGEFORGE_VARIANTS + @env.fetch("BENCH_IMAGEFORGE_VARIANTS", "").split(";").map(&:strip)
      fragments.reject(&:empty?).uniq.to_h do |fragment|
        ["imageforge+#{fragment}", { label: "ImageForge + #{fragment}", env: {}, runs: 15, engine: "imageforge",
                                     recipe: fragment }]
      end
    end

    def selected(all, variable, &)
      wanted = @env[variable].to_s.split(",").map(&:strip)
      return all if wanted.empty?
      return [] if wanted == ["none"]

      unknown = wanted - all.map(&)
      abort "#{variable}: unknown #{unknown.join(", ")}" if unknown.any?
      all.select { |item| wanted.include?(yield item) }
    end

    def command
      settings = %w[WRITE BENCH_RUNS BENCH_TASKS BENCH_ENGINES BENCH_OPS BENCH_IMAGEFORGE_VARIANTS
                    IMAGE_FORGE_FIXTURES].filter_map do |name|
        "#{name}=#{@env[name]}" if @env[name]
      end
      [*settings, "rake bench"].join(" ")
    end

    def machine
      cpu = File.read("/proc/cpuinfo")[/^model name\s*:\s*(.+)$/, 1] || "unknown CPU"
      magick = `convert -version 2>/dev/null`[/ImageMagick \S+ \S+/] || "ImageMagick not found"
      bare_rss = `#{RbConfig.ruby} -e 'print File.read("/proc/self/status")[/VmHWM:\\s+(\\d+)/, 1]'`.to_i / 1024.0
      "#{`nproc`.strip} CPUs (nproc), #{cpu}; #{RUBY_DESCRIPTION}; libvips #{Vips.version_string}; " \
        "#{magick}; #{sharp}; image_forge #{revision}; bare ruby peak RSS #{format("%.0f", bare_rss)} MB"
    end

    def sharp
      missing = Sharp.missing(@env)
      return "sharp skipped: #{missing}" if missing

      script = 'const v = require("sharp").versions; console.log(`libvips ${v.vips}, mozjpeg ${v.mozjpeg}`)'
      libs, = Open3.capture2({ "NODE_PATH" => Sharp.node_path(@env) }, "node", "-e", script)
      "sharp #{Sharp::VERSION} (#{libs.strip}), Node #{`node --version`.strip}"
    end

    def revision
      Dir.chdir(ROOT) do
        sha = `git rev-parse --short HEAD 2>/dev/null`.strip
        changed = !`git status --porcelain -- ext lib Cargo.toml Cargo.lock 2>/dev/null`.strip.empty?
        sha.empty? ? "(no git)" : "#{sha}#{" + uncommitted changes" if changed}"
      end
    end
  end
end

Bench::Runner.new.run if $PROGRAM_NAME == __FILE__
