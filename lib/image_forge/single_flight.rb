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
      # Thread#kill or Timeout between registering the flight and the ensure that finishes it
      # would leave followers waiting forever: interrupts are only let in inside the block.
      flight = Thread.handle_interrupt(Object => :never) do
        joined, leader = join(key)
        return lead(key, joined, &) if leader

        joined
      end
      @lock.synchronize { flight.done.wait(@lock) until flight.finished }
      # A leader that was killed or cancelled did not render: try again, maybe as the leader.
      return run(key, &) unless flight.succeeded || (flight.error && !flight.error.is_a?(CancelledError))
      raise flight.error if flight.error

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

    # Called with interrupts deferred; they are allowed while the block runs.
    def lead(key, flight)
      Thread.handle_interrupt(Object => :immediate) do
        flight.value = yield
        flight.succeeded = true
      end
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
