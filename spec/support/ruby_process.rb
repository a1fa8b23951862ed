# frozen_string_literal: true

require "open3"
require "rbconfig"

# Runs a Ruby script in a new process (its memory its own), with lib/ on the load path, and
# kills it when it runs past +timeout+ seconds, so a hang fails the example instead of the suite.
module RubyProcess
  LIB = File.expand_path("../../lib", __dir__)

  module_function

  # [stdout and stderr, Process::Status].
  def run(script, *args, timeout: 300)
    Open3.popen2e(RbConfig.ruby, "-I", LIB, script, *args.map(&:to_s)) do |stdin, out, wait|
      stdin.close
      reader = Thread.new { out.read }
      unless wait.join(timeout)
        Process.kill(:KILL, wait.pid)
        raise "#{File.basename(script)} did not finish within #{timeout} s"
      end
      [reader.value, wait.value]
    end
  end
end
