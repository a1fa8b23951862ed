# frozen_string_literal: true

require "rake"
require "image_forge"
require "image_forge/shard"
require "image_forge/progress"
require "image_forge/worker_pool"
require "image_forge/bulk_summary"
require "image_forge/backfill"
require "image_forge/bulk_upload"
require "image_forge/doctor"
require "image_forge/capacity"

module ImageForge
  # Shared by the bulk tasks: the summary, each failure, and exit status 1 when any failed
  # (files that an earlier upload reported as non-images are listed, not failed again).
  module TaskReport
    module_function

    def finish(summary, progress = nil)
      progress&.finish
      puts summary
      summary.links.each { |path| puts "skipped symlink: #{path.inspect}" }
      summary.known_non_images.sort.each { |path| puts "skipped non-image: #{path.inspect} (reported before)" }
      summary.notes.each { |note| warn "note: #{note}" }
      # Quoted: a file name or key with a newline must not forge a report line.
      summary.failures.each do |key, preset, message|
        warn "failed: #{key.inspect}#{" #{preset}" if preset}: #{message.inspect}"
      end
      exit(1) unless summary.ok?
    end

    # Runs the block; what the caller got wrong (no or unknown presets, a bad SHARD or key, a
    # missing directory) is one line on stderr and exit status 2, not rake's backtrace.
    def usage(task)
      yield
    rescue ImageForge::InvalidArgumentError, ImageForge::NotFoundError => e
      warn "rake #{task.name}: #{e.message}"
      exit(2)
    end
  end
end

# ImageForge's rake tasks: loaded by the Railtie, or by `require "image_forge/tasks"` in any
# Rakefile. In a Rails app they run after the environment is loaded. Bulk tasks print a
# summary, list what failed and why, and exit non-zero when anything failed.
namespace :image_forge do
  task :environment do
    Rake::Task["environment"].invoke if Rake::Task.task_defined?("environment")
  end

  desc "Print ImageForge's configuration: storage, presets, limits"
  task config: :environment do
    c = ImageForge.config
    puts "storage:        #{c.storage.inspect}"
    puts "limits:         max_pixels=#{c.max_pixels} max_bytes=#{c.max_bytes} max_dimension=#{c.max_dimension} " \
         "max_memory=#{c.max_memory}"
    puts "signing keys:   #{c.signing_keys.size}"
    puts "presets:        #{c.presets.empty? ? "(none)" : ""}"
    c.presets.each { |name, recipe| puts "  #{name}: #{recipe}" }
  end

  desc "Render missing variants of the sources under PREFIX: image_forge:variants[photos/,thumb,large] " \
       "(SHARD=i/n, CONCURRENCY=4, DRY_RUN=1)"
  task :variants, [:prefix] => :environment do |task, args|
    progress = ImageForge::Progress.for("variants")
    backfill = ImageForge::TaskReport.usage(task) do
      ImageForge::Backfill.new(
        prefix: args[:prefix].to_s, presets: args.extras, concurrency: ENV.fetch("CONCURRENCY", "4"),
        shard: ImageForge::Shard.parse(ENV.fetch("SHARD", nil)), dry_run: ENV["DRY_RUN"] == "1", progress:
      )
    end
    ImageForge::TaskReport.finish(backfill.run, progress)
  end

  desc "Upload every file under DIR to PREFIX + its relative path, skipping stored ones: " \
       "image_forge:upload[dir,photos/] (CONCURRENCY=4, PRESETS=thumb,large to render after)"
  task :upload, %i[dir prefix] => :environment do |task, args|
    dir = args[:dir] or abort "usage: rake image_forge:upload[dir,prefix]"
    upload = ImageForge::TaskReport.usage(task) do
      ImageForge::BulkUpload.new(dir:, prefix: args[:prefix].to_s, concurrency: ENV.fetch("CONCURRENCY", "4"),
                                 presets: ENV.fetch("PRESETS", "").split(","))
    end
    upload.progress = progress = ImageForge::Progress.for("upload", total: upload.files.size)
    ImageForge::TaskReport.finish(upload.run, progress)
  end

  desc "Delete every stored variant of the sources under PREFIX: image_forge:purge[photos/]"
  task :purge, [:prefix] => :environment do |_, args|
    storage = ImageForge.config.storage
    deleted = 0
    storage.list("#{ImageForge::Variant::ROOT}/#{args[:prefix]}").each do |entry|
      storage.delete(entry.key)
      deleted += 1
    end
    puts "#{deleted} variant(s) deleted"
  end

  desc "Check the setup: configuration, storage (write, read back, delete), codecs, presets"
  task doctor: :environment do
    results = ImageForge::Doctor.new.run
    results.each { |ok, name, detail| puts "#{ok ? "ok  " : "FAIL"} #{name}: #{detail}" }
    exit(1) unless results.all?(&:first)
  end

  desc "Renders per second on this machine, on one thread and on every core (SECONDS=2)"
  task bench: :environment do
    puts ImageForge::Capacity.lines(seconds: Float(ENV.fetch("SECONDS", "2")))
  end

  desc "Delete every stored variant of KEY"
  task :purge_variants, [:key] => :environment do |task, args|
    key = args[:key] or abort "usage: rake image_forge:purge_variants[photos/1.jpg]"
    purged = ImageForge::TaskReport.usage(task) { ImageForge.purge_variants(key) }
    puts "#{purged} variant(s) of #{key.inspect} deleted"
  end
end
