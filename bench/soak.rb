# frozen_string_literal: true

# Soak: many mixed renders in one Ruby process, checking every output and the memory trend.
#
#   ruby -I lib bench/soak.rb [RENDERS] [THREADS] [WARM_UP]   (`rake soak`: 10000 1 1000)
#   SOAK_ARENAS=2|glibc ruby -I lib bench/soak.rb ...          (malloc arenas; default 1)
#
# Each render is one of RECIPES on one of the sources (JPEG, PNG with alpha, WebP, GIF, and a
# broken file, whose error must come back every time). Every output must equal, byte for
# byte, the first render of the same pair, so corruption under load or threads shows. RSS is
# read after WARM_UP renders (default 1000: the allocator's arenas fill up first) and at the
# end; the run fails when it grew by 10% or more, or on any wrong output. Prints one summary
# line; exit status 0 or 1.
$LOAD_PATH.unshift(File.expand_path("../lib", __dir__))
require "image_forge"
require "image_forge/samples"
require "digest"

module Soak
  RECIPES = [
    { resize_to_limit: [160, 160] },
    { resize_to_fill: [96, 96], convert: :webp },
    { resize_and_pad: [120, 80], convert: :png },
    { crop: [10, 10, 100, 60], rotate: 90 },
    { rotate: 30, convert: :png },
    { resize_to_fill: [64, 64, { gravity: "attention" }], blur: 1.2 },
    { resize_to_limit: [48, 48], convert: :avif },
    { resize_to_limit: [100, 100], convert: :gif },
    { trim: [], resize_to_cover: [50, 50], saver: { quality: 60, progressive: true } }
  ].freeze

  module_function

  def sources
    photo = ImageForge::Samples.draw_png(320, 240, 3) { |x, y| ImageForge::Samples.sunset_pixel(x, y, 320, 240) }
    logo = ImageForge::Samples.draw_png(200, 200, 4) { |x, y| ImageForge::Samples.logo_pixel(x, y, 200) }
    {
      "jpeg" => ImageForge::Image.from_blob(photo).convert(:jpeg).to_blob,
      "png-alpha" => logo,
      "webp" => ImageForge::Image.from_blob(photo).convert(:webp).to_blob,
      "gif" => ImageForge::Image.from_blob(logo).convert(:gif).to_blob,
      "broken" => ImageForge::Image.from_blob(photo).convert(:jpeg).to_blob.byteslice(0, 900)
    }
  end

  def render(bytes, recipe)
    Digest::SHA256.hexdigest(ImageForge::Image.from_blob(bytes).apply(recipe).to_blob)
  rescue ImageForge::Error => e
    e.class.name
  end

  def rss_mb = File.read("/proc/self/status")[/VmRSS:\s+(\d+)/, 1].to_i / 1024.0

  # Runs +count+ renders on +threads+ threads; returns the summary Hash.
  def run(count, threads, warm_up = 1000)
    raise ArgumentError, "WARM_UP must be below RENDERS" unless warm_up < count

    pairs = sources.values.product(RECIPES)
    expected = pairs.map { |pair| render(*pair) }
    result = { renders: count, threads:, wrong: 0 }
    lock = Mutex.new
    check = lambda do |i|
      right = render(*pairs[i % pairs.size]) == expected[i % pairs.size]
      lock.synchronize { result[:wrong] += 1 } unless right
    end
    # Both readings are taken with every thread idle, so no render's buffers are counted.
    result[:seconds] = timed do
      each_index(0...warm_up, threads, &check)
      result[:rss_after_warm_up_mb] = settled_rss_mb
      each_index(warm_up...count, threads, &check)
    end
    with_growth(result, settled_rss_mb)
  end

  def timed
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    yield
    (Process.clock_gettime(Process::CLOCK_MONOTONIC) - started).round(1)
  end

  # Yields each index of +range+, spread over +threads+ threads; returns when all are done.
  def each_index(range, threads, &block)
    queue = Queue.new
    range.each { |i| queue << i }
    queue.close
    Array.new(threads) { Thread.new { while (i = queue.pop) do block.call(i) end } }.each(&:join)
  end

  def with_growth(result, end_mb)
    warm_mb = result.fetch(:rss_after_warm_up_mb)
    result.merge(rss_after_warm_up_mb: warm_mb.round(1), rss_end_mb: end_mb.round(1),
                 growth_percent: (((end_mb / warm_mb) - 1) * 100).round(1))
  end

  # RSS after a full GC and glibc's malloc_trim, so Ruby garbage not yet collected and pages
  # the allocator keeps on its free lists (which vary by a few MB from run to run with the
  # order of allocations) do not count as growth: what is left is live memory.
  def settled_rss_mb
    GC.start
    MALLOC_TRIM&.call(0)
    rss_mb
  end

  MALLOC_TRIM, MALLOPT = begin
    require "fiddle"
    libc = Fiddle.dlopen(nil)
    [Fiddle::Function.new(libc["malloc_trim"], [Fiddle::TYPE_SIZE_T], Fiddle::TYPE_INT),
     Fiddle::Function.new(libc["mallopt"], [Fiddle::TYPE_INT, Fiddle::TYPE_INT], Fiddle::TYPE_INT)]
  rescue LoadError, Fiddle::DLError
    [nil, nil] # not glibc: RSS as it is
  end

  # One malloc arena (as MALLOC_ARENA_MAX=1) unless SOAK_ARENAS says otherwise ("glibc": its
  # default of 8 per core), so that the readings count live memory and not how freed render
  # buffers happen to fragment over several arenas (SECURITY.md, "Soak"). Threads still
  # render at once; they share the arena's lock. Set before any render thread starts, so no
  # later arena is made.
  M_ARENA_MAX = -8
  ARENAS = ENV.fetch("SOAK_ARENAS", "1")
  MALLOPT&.call(M_ARENA_MAX, Integer(ARENAS)) unless ARENAS == "glibc"
end

if $PROGRAM_NAME == __FILE__
  count = Integer(ARGV.fetch(0, 10_000))
  threads = Integer(ARGV.fetch(1, 1))
  result = Soak.run(count, threads, Integer(ARGV.fetch(2, 1000)))
  ok = result[:wrong].zero? && result[:growth_percent] < 10
  puts result.map { |k, v| "#{k}=#{v}" }.join(" ") + (ok ? " PASS" : " FAIL")
  exit(ok ? 0 : 1)
end
