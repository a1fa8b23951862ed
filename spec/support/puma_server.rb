# frozen_string_literal: true

require "net/http"
require "socket"

# The endpoint under Debian's puma, in its own process on a free loopback port.
class PumaServer
  CONFIG = File.expand_path("../endpoint/config.ru", __dir__)

  attr_reader :port, :pid

  # A port nothing listens on right now.
  def self.free_port = TCPServer.new("127.0.0.1", 0).then { |s| s.addr[1].tap { s.close } }

  # +env+: IMAGE_FORGE_* settings read by spec/endpoint/config.ru (or another +config+).
  def initialize(env, threads: 8, config: CONFIG)
    @port = self.class.free_port
    @log = Tempfile.new("puma-log")
    @pid = Process.spawn(env, "puma", "-b", "tcp://127.0.0.1:#{@port}", "-t", "#{threads}:#{threads}",
                         "-e", "test", config, out: @log.path, err: @log.path)
    wait_until_up
  end

  def url(path) = URI("http://127.0.0.1:#{@port}#{path}")

  def get(path, headers: {}, method: Net::HTTP::Get, timeout: 30)
    uri = url(path)
    Net::HTTP.start(uri.host, uri.port, read_timeout: timeout) { |http| http.request(method.new(uri, headers)) }
  end

  # What puma wrote (startup lines, and the backtrace of anything it answered 500 for).
  def log = File.read(@log.path)

  # Peak resident memory of the server process, in MB.
  def peak_rss_mb = File.read("/proc/#{@pid}/status")[/VmHWM:\s+(\d+)/, 1].to_i / 1024.0

  def stop
    Process.kill(:TERM, @pid)
    Process.wait(@pid)
  rescue Errno::ESRCH, Errno::ECHILD
    nil
  end

  private

  def wait_until_up
    200.times do
      return TCPSocket.new("127.0.0.1", @port).close
    rescue Errno::ECONNREFUSED
      raise "puma exited:\n#{File.read(@log.path)}" if Process.wait(@pid, Process::WNOHANG)

      sleep 0.05
    end
    raise "puma did not start:\n#{File.read(@log.path)}"
  end
end
