# frozen_string_literal: true

# `rake bench`: times ImageForge against libvips and ImageMagick on the tasks in bench/tasks.rb,
# each engine in its own single-threaded Ruby process (bench/engine.rb), scores every output's
# PSNR against a float Lanczos3 reference (bench/quality.rb) and prints Markdown tables.
#
#   WRITE=1             also (over)write BENCHMARKS.md
#   BENCH_RUNS=N        timed runs per engine and task (default 15, MiniMagick 5)
#   BENCH_TASKS=a,b     only these tasks; BENCH_ENGINES=a,b only these engines
#   IMAGE_FORGE_FIXTURES=dir   where the fixtures are (default ../shared/fixtures)
require "json"
require "open3"
require "rbconfig"
require "time"
require "tmpdir"
require_relative "tasks"
require_relative "quality"
require_relative "fixtures"
require_relative "notes"
require_relative "table"

module Bench
  ROOT = File.expand_path("..", __dir__)
  ENGINE_SCRIPT = File.join(__dir__, "engine.rb")
  VARIANT_SCRIPT = File.join(__dir__, "variant_cost.rb")
  VARIANT_RUNS = 31
  ENDPOINT_SCRIPT = File.join(__dir__, "endpoint_load.rb")
  SINGLE_THREAD_VIPS = { "VIPS_CONCURRENCY" => "1" }.freeze

  # Engine (see bench/engine.rb) => table label, environment, default number of timed runs.
  ENGINES = {
    "imageforge" => { label: "ImageForge", env: {}, runs: 15 },
    "vips_thumbnail" => { label: "vips thumbnail", env: SINGLE_THREAD_VIPS, runs: 15 },
    "image_processing_vips" => { label: "image_processing (vips)", env: SINGLE_THREAD_VIPS, runs: 15 },
    "image_processing_mini_magick" => { label: "image_processing (MiniMagick)", runs: 5,
                                        env: { "MAGICK_THREAD_LIMIT" => "1", "OMP_NUM_THREADS" => "1" } },
    # ImageForge alone, for the targets that are not a comparison (see Bench::Notes).
    "imageforge_floor" => { label: "ImageForge: decode only (floor)", env: {}, runs: 15, extra: true,
                            only: ->(task) { task.fixture.end_with?(".jpg") } },
    "imageforge_2threads" => { label: "ImageForge: 2 renders on 2 threads", env: {}, runs: 15, extra: true,
                               only: ->(task) { %w[sharp 29mp-400].include?(task.name) } },
    "imageforge_4recipes" => { label: "ImageForge: 4 sizes from one decode", env: {}, runs: 15, extra: true,
                               only: ->(task) { task.name == "29mp-400" } }
  }.freeze

  HOW_MEASURED = <<~TEXT
    ## How measured

    Each engine runs each task in its own Ruby process (`bench/engine.rb`), single-threaded:
    ImageForge renders one recipe on the calling thread, the vips engines get `VIPS_CONCURRENCY=1` and
    MiniMagick gets `MAGICK_THREAD_LIMIT=1 OMP_NUM_THREADS=1`. Per task and engine there are
    2 untimed warm-up renders, then 15 timed ones (MiniMagick: 5; `BENCH_RUNS` overrides), file
    to file. The table shows the median. The calls, with each library's defaults otherwise
    (image_processing sharpens after resizing and keeps metadata):

    ```ruby
    ImageForge::Image.open(src).resize_to_limit(w, h).convert(fmt).saver(quality: 80).write(out)
    Vips::Image.thumbnail(src, w, height: h, size: :down).write_to_file(out, Q: 80, strip: true)
    ImageProcessing::Vips.source(src).resize_to_limit(w, h).convert(fmt).saver(quality: 80).call(destination: out)
    ImageProcessing::MiniMagick.source(src).resize_to_limit(w, h).convert(fmt).saver(quality: 80).call(destination: out)
    ```

    The libvips operation cache is off (`Vips.cache_set_max(0)`), so every run decodes afresh.
    "ImageForge/peer" is ImageForge's median time divided by the peer's: below 1 means
    ImageForge is faster. Peak RSS is the engine process's VmHWM: the whole Ruby process with
    its libraries (a bare `ruby` is in the machine line). For MiniMagick, "+ N convert" is the
    peak RSS of the largest `convert` child process. PSNR compares each output, decoded by
    libvips, with a reference libvips makes from the autorotated source in float: a Lanczos3
    `resize` (with `gap: 0`, so no box pre-shrink) to exactly the output's dimensions, rounded
    to 8 bits; the MSE is over all bands. Higher is closer to the reference; it includes the
    encoder's loss at quality 80. Run `WRITE=1 rake bench` to regenerate this file.

    ImageForge's own rows: "decode only (floor)" decodes as the render would (same
    shrink-on-load) and stops; "2 renders on 2 threads" runs two renders at once on two Ruby
    threads (one row = both); "4 sizes from one decode" renders the task's size and its 1/2,
    1/3 and 1/4 with `Image#to_blobs`, which renders them in parallel on the machine's cores
    after the one decode. The lines under each table compare them with one render.
  TEXT

  class Runner
    def initialize(env = ENV)
      @env = env
      @fixtures = env.fetch("IMAGE_FORGE_FIXTURES", File.expand_path("../shared/fixtures", ROOT))
      @quality = Quality.new
      @tasks = selected(TASKS, "BENCH_TASKS", &:name)
      @engines = selected(ENGINES.keys, "BENCH_ENGINES") { |engine| engine }
    end

    def run
      load = File.read("/proc/loadavg").split.first
      warn "warning: load average #{load}; other processes will skew the timings" if load.to_f >= 0.5
      header = ["# ImageForge benchmarks", "", "Command: `#{command}`  ", "Date: #{Time.now.utc.iso8601}  ",
                "Machine: #{machine}; load average #{load} at start"]
      puts header, ""
      sections = Dir.mktmpdir("image_forge-bench") do |dir|
        [*@tasks.map { |task| section(task, dir) }, *scripts(dir)]
      end
      return unless @env["WRITE"] == "1"

      # Sections measured elsewhere (in bin/trixie's Rails 7.2, under callgrind), kept as recorded.
      recorded = %w[PREPROCESSED_VARIANTS.md PROFILE.md].map { |name| File.read(File.join(__dir__, name)) }
      File.write(File.join(ROOT, "BENCHMARKS.md"), [*header, "", *sections, HOW_MEASURED, *recorded].join("\n"))
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

      engines = @engines.select { |engine| ENGINES.fetch(engine).fetch(:only, ->(_) { true }).call(task) }
      rows = engines.to_h { |engine| [engine, measure(engine, task, src, dir)] }
      text = [heading(task, src), "", *Table.lines(rows.values), "", *Notes.lines(rows, task), ""].join("\n")
      puts text, ""
      text
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

    def measure(engine, task, src, dir)
      label = ENGINES.fetch(engine)[:label]
      out = File.join(dir, "#{task.name}-#{engine}.#{task.format == :jpeg ? "jpg" : task.format}")
      result = spawn_engine(engine, task, src, out)
      return result.merge(label:, extra: true) if result[:bytes].nil?

      width, height, psnr = @quality.measure(src, out)
      result.merge(label:, width:, height:, psnr:, extra: ENGINES.fetch(engine)[:extra])
    rescue StandardError => e
      { label:, error: e.message.tr("|", "/") }
    end

    # Runs bench/engine.rb in a fresh Ruby process and returns its parsed JSON.
    def spawn_engine(engine, task, src, out)
      config = ENGINES.fetch(engine)
      runs = Integer(@env.fetch("BENCH_RUNS", config[:runs]))
      warn "#{task.name}: #{engine} (#{runs} runs)..."
      args = [engine, src, out, task.width, task.height, task.format, task.quality, runs].map(&:to_s)
      stdout, stderr, status = Open3.capture3(config[:env], RbConfig.ruby, "-I", File.join(ROOT, "lib"),
                                              ENGINE_SCRIPT, *args)
      raise stderr.lines.first.to_s.strip unless status.success?

      JSON.parse(stdout, symbolize_names: true)
    end

    def selected(all, variable, &)
      wanted = @env[variable].to_s.split(",").map(&:strip)
      return all if wanted.empty?

      unknown = wanted - all.map(&)
      abort "#{variable}: unknown #{unknown.join(", ")}" if unknown.any?
      all.select { |item| wanted.include?(yield item) }
    end

    def command
      settings = %w[WRITE BENCH_RUNS BENCH_TASKS BENCH_ENGINES IMAGE_FORGE_FIXTURES].filter_map do |name|
        "#{name}=#{@env[name]}" if @env[name]
      end
      [*settings, "rake bench"].join(" ")
    end

    def machine
      cpu = File.read("/proc/cpuinfo")[/^model name\s*:\s*(.+)$/, 1] || "unknown CPU"
      magick = `convert -version 2>/dev/null`[/ImageMagick \S+ \S+/] || "ImageMagick not found"
      bare_rss = `#{RbConfig.ruby} -e 'print File.read("/proc/self/status")[/VmHWM:\\s+(\\d+)/, 1]'`.to_i / 1024.0
      "#{`nproc`.strip} CPUs (nproc), #{cpu}; #{RUBY_DESCRIPTION}; libvips #{Vips.version_string}; " \
        "#{magick}; image_forge #{revision}; bare ruby peak RSS #{format("%.0f", bare_rss)} MB"
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
