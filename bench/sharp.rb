# frozen_string_literal: true

require "fileutils"
require "open3"

module Bench
  # sharp (Node, with its own prebuilt libvips) as a benchmark peer: where it is installed and
  # how to install it. `bin/install-deps bench` runs `ruby bench/sharp.rb install`.
  module Sharp
    VERSION = "0.35.5"
    SCRIPT = File.join(__dir__, "sharp_engine.js")

    module_function

    # Installed with npm into the cache outside the clone (bin/env.sh's IMAGE_FORGE_CACHE and
    # its default), so fresh clones share it.
    def dir(env = ENV)
      cache = env.fetch("IMAGE_FORGE_CACHE") do
        File.join(env.fetch("XDG_CACHE_HOME", File.join(Dir.home, ".cache")), "image_forge")
      end
      File.join(cache, "sharp-#{VERSION}")
    end

    def node_path(env = ENV) = File.join(dir(env), "node_modules")

    # Why sharp cannot run here, or nil when it can.
    def missing(env = ENV)
      return "node is not installed" unless tool?("node")
      return "sharp #{VERSION} is not installed (run bin/install-deps bench)" unless installed?(env)

      nil
    end

    def installed?(env = ENV) = File.file?(File.join(node_path(env), "sharp", "package.json"))

    def tool?(name) = system("command -v #{name} >/dev/null 2>&1")

    # npm install into a temporary directory renamed into place: a failed install leaves
    # nothing that looks installed. Does nothing when sharp is there or npm is not.
    def install(env = ENV)
      return if installed?(env)
      return warn("npm not found: the benchmarks will run without sharp") unless tool?("npm")

      warn "installing sharp #{VERSION} into #{dir(env)} (once)"
      tmp = "#{dir(env)}.tmp"
      FileUtils.rm_rf(tmp)
      FileUtils.mkdir_p(tmp)
      _, err, status = Open3.capture3("npm", "install", "--no-audit", "--no-fund", "--prefix", tmp, "sharp@#{VERSION}")
      abort "npm install sharp@#{VERSION} failed: #{err.lines.last(3).join}" unless status.success?
      FileUtils.rm_rf(dir(env))
      File.rename(tmp, dir(env))
    end
  end
end

Bench::Sharp.install if $PROGRAM_NAME == __FILE__ && ARGV == ["install"]
