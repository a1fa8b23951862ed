# frozen_string_literal: true

module ImageForge
  # Runs a block once per key at a time in this process: callers that arrive while it runs
  # wait and share its result (or its error) instead of doing the same work again.
  class SingleFlight
    Flight = Struct.new(:done, :finished, :succeeded, :value, :error)

    def initialize
      @lock = Mutex.new
      @flights = {}
    end

    def run(key, &)
      flight, leader = join(key)
      return lead(key, flight, &) if leader

      @lock.synchronize { flight.done.wait(@lock) until flight.finished }
      raise flight.error if flight.error
      # The leader was killed before it finished: try again, possibly as the new leader.
      return run(key, &) unless flight.succeeded

      flight.value
    end

    private

    def join(key)
      @lock.synchronize do
        existing = @flights[key]
        next [existing, false] if existing

        [@flights[key] = Flight.new(ConditionVariable.new, false, false), true]
      end
    end

    def lead(key, flight)
      flight.value = yield
      flight.succeeded = true
      flight.value
    rescue StandardError => e
      flight.error = e
      raise
    ensure
      @lock.synchronize do
        flight.finished = true
        @flights.delete(key)
        flight.done.broadcast
      end
    end
  end
end
