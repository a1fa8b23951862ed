# frozen_string_literal: true

# Times one engine on one task, alone in this process (bench/run.rb spawns one per engine):
#
#   ruby -Ilib bench/engine.rb ENGINE SRC OUT WIDTH HEIGHT FORMAT QUALITY RUNS [RECIPE]
#
# RECIPE (imageforge only) is a canonical recipe fragment applied after the task's steps, such
# as "quality:90" or a speed setting: an ImageForge variant row.
# Renders WARMUP times untimed, then RUNS times timed, and prints JSON on stdout: the run times
# in ms, their median, this process's peak RSS (VmHWM) and the peak RSS of its largest child
# process (ImageMagick's `convert`, for MiniMagick), in MB, and the output's size in bytes.
require "json"

module Bench
  module Engine
    # Each engine's runs of a task or op are split over this many fresh processes (turns).
    TURNS = 3

    WARMUP = 2

    Job = Struct.new(:src, :out, :width, :height, :format, :quality, :recipe)

    # Engine name => lambda(job) that loads the library and returns the operation to time.
    SETUPS = {
      "imageforge" => lambda do |job|
        require "image_forge"
        lambda do
          ImageForge::Image.open(job.src).resize_to_limit(job.width, job.height)
                           .convert(job.format).saver(quality: job.quality).apply(job.recipe).write(job.out)
        end
      end,
      # The decode a render of this task does (same shrink-on-load), and nothing else.
      "imageforge_floor" => lambda do |job|
        require "image_forge"
        recipe = ImageForge::Recipe.from(resize_to_limit: [job.width, job.height], convert: job.format).native
        -> { ImageForge::Native.decode_only_file(job.src, recipe, ImageForge.config.limits) }
      end,
      # Two renders at once on two Ruby threads: the GVL is released while rendering.
      "imageforge_2threads" => lambda do |job|
        require "image_forge"
        image = ImageForge::Image.open(job.src).resize_to_limit(job.width, job.height)
                                 .convert(job.format).saver(quality: job.quality)
        -> { [job.out, "#{job.out}.2"].map { |out| Thread.new { image.write(out) } }.each(&:join) }
      end,
      # Four sizes of the task from one decode (what presets after an upload do).
      "imageforge_4recipes" => lambda do |job|
        require "image_forge"
        sizes = [1, 2, 3, 4].map { |d| [job.width / d, job.height / d] }
        recipes = sizes.map { |w, h| { resize_to_limit: [w, h], convert: job.format, saver: { quality: job.quality } } }
        image = ImageForge::Image.open(job.src)
        -> { File.binwrite(job.out, image.to_blobs(recipes).first) }
      end,
      "vips_thumbnail" => lambda do |job|
        require "vips"
        Vips.cache_set_max(0) # every run decodes and resizes; no operation is reused
        lambda do
          Vips::Image.thumbnail(job.src, job.width, height: job.height, size: :down)
                     .write_to_file(job.out, Q: job.quality, strip: true)
        end
      end,
      "image_processing_vips" => lambda do |job|
        require "image_processing/vips"
        Vips.cache_set_max(0)
        lambda do
          ImageProcessing::Vips.source(job.src).resize_to_limit(job.width, job.height)
                               .convert(job.format).saver(quality: job.quality).call(destination: job.out)
        end
      end,
      "image_processing_mini_magick" => lambda do |job|
        require "image_processing/mini_magick"
        lambda do
          ImageProcessing::MiniMagick.source(job.src).resize_to_limit(job.width, job.height)
                                     .convert(job.format).saver(quality: job.quality).call(destination: job.out)
        end
      end
    }.freeze

    module_function

    def run(argv)
      name, src, out, width, height, format, quality, runs, recipe = argv
      setup = SETUPS.fetch(name) { abort "unknown engine #{name.inspect} (known: #{SETUPS.keys.join(", ")})" }
      job = Job.new(src, out, Integer(width), Integer(height), format.to_sym, Integer(quality), recipe.to_s)
      measure(setup.call(job), runs, out)
    end

    # Times +operation+ (which writes +out+) and prints the JSON this script reports.
    def measure(operation, runs, out)
      WARMUP.times { operation.call }
      times = Array.new(Integer(runs)) { time_ms(&operation) }
      rss_mb = peak_rss_mb # before loading anything else
      puts JSON.generate(times_ms: times, median_ms: median(times), rss_mb:,
                         child_rss_mb: largest_child_rss_mb, bytes: File.exist?(out) ? File.size(out) : nil)
    end

    def time_ms
      start = Process.clock_gettime(Process::CLOCK_MONOTONIC, :float_millisecond)
      yield
      Process.clock_gettime(Process::CLOCK_MONOTONIC, :float_millisecond) - start
    end

    # +keys+ (engines) => the TURNS results the block gives for each, the keys alternating turn
    # by turn, so that the VM's drift over minutes (20-30% here) is shared by every engine
    # instead of read as a difference between them.
    def turns(keys)
      rounds = Array.new(TURNS) { keys.to_h { |key| [key, yield(key)] } }
      keys.to_h { |key| [key, rounds.map { |round| round.fetch(key) }] }
    end

    # One engine's turns (results of separate processes) as one result: the median of every
    # timed render, the highest peak RSS.
    def merge_turns(turns)
      times = turns.flat_map { |turn| turn[:times_ms] }
      turns.last.merge(times_ms: times, median_ms: median(times), rss_mb: turns.map { |turn| turn[:rss_mb] }.max)
    end

    def median(values)
      sorted = values.sort
      mid = sorted.size / 2
      sorted.size.odd? ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0
    end

    def peak_rss_mb
      File.read("/proc/self/status")[/^VmHWM:\s+(\d+) kB/, 1].to_i / 1024.0
    end

    # ru_maxrss of getrusage(RUSAGE_CHILDREN): the peak RSS of the largest waited-for child, or
    # nil when there was none. Ruby has no binding, so Fiddle calls libc (64-bit Linux layout:
    # two struct timevals, then ru_maxrss as a long, in kB).
    def largest_child_rss_mb
      require "fiddle"
      getrusage = Fiddle::Function.new(Fiddle::Handle::DEFAULT["getrusage"],
                                       [Fiddle::TYPE_INT, Fiddle::TYPE_VOIDP], Fiddle::TYPE_INT)
      buffer = "\0".b * 256
      return nil unless getrusage.call(-1, buffer).zero?

      kb = buffer.byteslice(32, 8).unpack1("q")
      kb.positive? ? kb / 1024.0 : nil
    end
  end
end

Bench::Engine.run(ARGV) if $PROGRAM_NAME == __FILE__
