# frozen_string_literal: true

# Preprocessed named variants in the test Rails app (spec/rails_app, Member#avatar: 4
# preprocessed variants), stock ActiveStorage with image_processing (variant_processor :vips,
# one TransformJob per variant) against ImageForge (:image_forge, one job for all), on the Disk
# service and, when bin/s3-server's environment is set, on S3. Per attach: wall and CPU time
# from `attach` until every variant is stored (queue adapter :inline, track_variants on, so the
# analyzer and the jobs run inside it), downloads of the original, jobs. Median of RUNS attaches
# after one untimed warm-up, each attach in a fresh Member; each configuration boots the app in
# a process of its own. Needs Rails 7.1+ (bin/trixie). Prints a Markdown table.
#   bin/trixie ruby bench/preprocessed_variants.rb SOURCE.jpg [RUNS]
require "json"
require "open3"
require "tmpdir"

module Bench
  # Runs the configurations and prints the table.
  module PreprocessedVariants
    module_function

    PROCESSORS = { "vips" => "ActiveStorage + image_processing (vips)", "image_forge" => "ImageForge" }.freeze

    def main(source, runs)
      services = ENV["IMAGE_FORGE_TEST_S3_ENDPOINT"] ? %w[local s3] : %w[local]
      rows = services.flat_map { |service| PROCESSORS.keys.map { |processor| [service, processor] } }
      results = rows.map { |service, processor| measure(service, processor, source, runs) }
      puts table(results)
    end

    def measure(service, processor, source, runs)
      Dir.mktmpdir("image_forge-bench") do |dir|
        env = { "RAILS_ENV" => "test", "RAILS_APP_TMP" => dir, "ACTIVE_STORAGE_SERVICE" => service,
                "VARIANT_PROCESSOR" => processor }
        out, err, status = Open3.capture3(env, RbConfig.ruby, "-I", File.expand_path("../lib", __dir__), __FILE__,
                                          "--child", source, runs.to_s)
        raise "#{processor} on #{service} failed:\n#{err}" unless status.success?

        JSON.parse(out.lines.last, symbolize_names: true).merge(service:, processor:)
      end
    end

    def table(results)
      lines = ["| service | processor | attach, wall ms | attach, CPU ms | variant jobs, wall ms | " \
               "downloads of the original | jobs |",
               "|---|---|---|---|---|---|---|"]
      results.each do |r|
        service = r[:service] == "s3" ? "S3 (s3s-fs, loopback)" : "Disk"
        downloads = "#{r[:original_downloads].values.sum} (#{counts(r[:original_downloads])})"
        cells = [service, PROCESSORS[r[:processor]], r[:wall_ms], r[:cpu_ms], r[:variant_jobs_ms], downloads,
                 counts(r[:jobs])]
        lines << "| #{cells.join(" | ")} |"
      end
      lines.join("\n")
    end

    # "4 TransformJob, 1 AnalyzeJob" from {"ActiveStorage::TransformJob": 4, ...}.
    def counts(by_job) = by_job.map { |name, count| "#{count} #{name.to_s.split("::").last}" }.join(", ")
  end

  # One configuration, in its own process: boots the app and times RUNS attaches.
  module PreprocessedVariantsChild
    module_function

    VARIANTS = %i[thumb square medium large].freeze

    def main(source, runs)
      boot
      log = subscribe
      attach(source, log) # warm-up: loads the code, the libraries and the codecs
      samples = Array.new(runs) { attach(source, log) }
      median = ->(key) { samples.map { |s| s[key] }.sort[runs / 2].round(1) }
      puts JSON.generate(wall_ms: median.call(:wall_ms), cpu_ms: median.call(:cpu_ms),
                         variant_jobs_ms: median.call(:variant_jobs_ms),
                         original_downloads: samples.last[:original_downloads], jobs: samples.last[:jobs])
    end

    def boot
      app = File.expand_path("../spec/rails_app", __dir__)
      require File.join(app, "vips_block_untrusted")
      require File.join(app, "config/environment")
      require File.join(app, "db/schema")
      ActiveStorage.track_variants = true # Rails' default since 6.1's load_defaults
      Vips.cache_set_max(0) if defined?(Vips) # every attach decodes afresh, as a new upload would
    end

    def subscribe
      log = { jobs: [], downloads: [] }
      running = []
      ActiveSupport::Notifications.subscribe("perform_start.active_job") { |*, p| running.push(p[:job].class.name) }
      ActiveSupport::Notifications.subscribe("perform.active_job") do |_, started, finished|
        log[:jobs] << [running.pop, (finished - started) * 1000]
      end
      ActiveSupport::Notifications.subscribe(/\Aservice_(streaming_)?download\.active_storage\z/) do |*, p|
        log[:downloads] << [p[:key], running.last]
      end
      log
    end

    def attach(source, log)
      member = Member.create!(name: "bench")
      log.each_value(&:clear)
      wall = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      cpu = Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
      member.avatar.attach(io: File.open(source, "rb"), filename: "photo.jpg", content_type: "image/jpeg")
      sample = { wall_ms: (Process.clock_gettime(Process::CLOCK_MONOTONIC) - wall) * 1000,
                 cpu_ms: (Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID) - cpu) * 1000 }
      check_stored(member)
      sample.merge(summary(log, member.avatar.blob.key))
    end

    # Jobs by class, the time in the variant jobs (the analyzer's left out), downloads of +key+ by job.
    def summary(log, key)
      variant_jobs_ms = log[:jobs].sum { |name, ms| name == "ActiveStorage::AnalyzeJob" ? 0 : ms }
      { jobs: log[:jobs].map(&:first).tally, variant_jobs_ms:,
        original_downloads: log[:downloads].select { |k, _| k == key }.map(&:last).tally }
    end

    def check_stored(member)
      stored = ActiveStorage::VariantRecord.where(blob_id: member.avatar.blob.id).count
      raise "#{stored} of #{VARIANTS.size} variants stored after attach" unless stored == VARIANTS.size
    end
  end
end

if ARGV.first == "--child"
  Bench::PreprocessedVariantsChild.main(ARGV.fetch(1), Integer(ARGV.fetch(2)))
else
  Bench::PreprocessedVariants.main(File.expand_path(ARGV.fetch(0)), Integer(ARGV.fetch(1, 5)))
end
