# frozen_string_literal: true

require "net/http"

# A fixed number of GET requests from a number of keep-alive client threads against a
# PumaServer: what statuses came back, how many requests failed on the client side (timeouts,
# resets), the rate, and the server's peak RSS. Used by the endpoint spec and
# bench/endpoint_load.rb.
module LoadDriver
  Result = Struct.new(:statuses, :client_errors, :seconds, :peak_rss_mb, keyword_init: true) do
    def requests = statuses.values.sum + client_errors.size
    def per_second = requests / seconds
  end

  module_function

  def run(server, paths, clients:, count:, timeout: 30)
    queue = Queue.new
    count.times { |i| queue << paths[i % paths.size] }
    clients.times { queue << nil }
    tally = Tally.new
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    Array.new(clients) { Thread.new { drain(server, queue, timeout, tally) } }.each(&:join)
    Result.new(statuses: tally.statuses, client_errors: tally.errors, peak_rss_mb: server.peak_rss_mb,
               seconds: Process.clock_gettime(Process::CLOCK_MONOTONIC) - started)
  end

  def drain(server, queue, timeout, tally)
    Net::HTTP.start("127.0.0.1", server.port, read_timeout: timeout, open_timeout: timeout) do |http|
      while (path = queue.pop)
        begin
          tally.status(http.request(Net::HTTP::Get.new(path)).code)
        rescue StandardError => e
          tally.error(e)
          http.finish if http.started?
          http.start
        end
      end
    end
  end

  # Counts from many client threads.
  class Tally
    attr_reader :statuses, :errors

    def initialize
      @statuses = Hash.new(0)
      @errors = []
      @lock = Mutex.new
    end

    def status(code) = @lock.synchronize { @statuses[code] += 1 }

    def error(exception) = @lock.synchronize { @errors << exception.class.name }
  end
end
