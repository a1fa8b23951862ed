# frozen_string_literal: true

require "rake"
require "image_forge"

# ImageForge's rake tasks: loaded by the Railtie, or by `require "image_forge/tasks"` in any
# Rakefile. In a Rails app they run after the environment is loaded.
namespace :image_forge do
  task :environment do
    Rake::Task["environment"].invoke if Rake::Task.task_defined?("environment")
  end

  desc "Print ImageForge's configuration: storage, presets, limits"
  task config: :environment do
    c = ImageForge.config
    puts "storage:        #{c.storage.inspect}"
    puts "limits:         max_pixels=#{c.max_pixels} max_bytes=#{c.max_bytes} max_dimension=#{c.max_dimension}"
    puts "signing keys:   #{c.signing_keys.size}"
    puts "presets:        #{c.presets.empty? ? "(none)" : ""}"
    c.presets.each { |name, recipe| puts "  #{name}: #{recipe}" }
  end

  desc "Delete every stored variant of KEY"
  task :purge_variants, [:key] => :environment do |_, args|
    key = args[:key] or abort "usage: rake image_forge:purge_variants[photos/1.jpg]"
    puts "#{ImageForge.purge_variants(key)} variant(s) of #{key} deleted"
  end
end
