# frozen_string_literal: true

require "json"
require "open3"

# The Rails app of spec/rails_app, run in its own process with mini_magick and ruby-vips made
# unloadable: scenario scripts, and the app itself under puma.
module RailsScenario
  APP = File.expand_path("../rails_app", __dir__)
  LOAD_PATH = [File.expand_path("../../lib", __dir__), File.join(APP, "without_image_libraries")].freeze

  module_function

  # The environment of the app: its tmp dir (database, Disk service) and service name.
  def env(tmpdir, service, extra = {})
    { "RAILS_ENV" => "test", "RAILS_APP_TMP" => tmpdir, "ACTIVE_STORAGE_SERVICE" => service }.merge(extra)
  end

  # Runs spec/rails_app/<name>.rb with +args+; the JSON of its last line.
  def run(name, env, *args)
    includes = LOAD_PATH.flat_map { |dir| ["-I", dir] }
    out, err, status = Open3.capture3(env, RbConfig.ruby, *includes, File.join(APP, "#{name}.rb"), *args)
    raise "scenario failed:\n#{err}" unless status.success?

    JSON.parse(out.lines.last, symbolize_names: true)
  end

  # The app under puma (spec/rails_app/config.ru), sharing the scenario's database and storage.
  def serve(env) = PumaServer.new(env.merge("RUBYLIB" => LOAD_PATH.join(":")), config: File.join(APP, "config.ru"))

  # A 120x80 JPEG stored sideways: EXIF orientation 6 displays it as 80x120.
  def portrait(dir, png)
    File.join(dir, "portrait.jpg").tap do |path|
      jpeg = ImageForge::Image.from_blob(png).convert(:jpeg).to_blob
      File.binwrite(path, ImageForge::Samples.with_exif_orientation(jpeg, 6))
    end
  end
end
