# frozen_string_literal: true

require "etc"

module ImageForge
  # Bounds the renders in flight: at most +max_concurrency+ run, at most +max_queue+ wait, for
  # at most +queue_timeout+ seconds; beyond that BusyError (the endpoint's 503), so a burst
  # costs callers a retry instead of piling up memory and latency.
  class RenderGate
    attr_reader :max_concurrency, :max_queue, :queue_timeout

    def initialize(max_concurrency: Etc.nprocessors, max_queue: 2 * Etc.nprocessors, queue_timeout: 2.0)
      @max_concurrency = Integer(max_concurrency)
      @max_queue = Integer(max_queue)
      @queue_timeout = Float(queue_timeout)
      raise InvalidArgumentError, "max_concurrency must be at least 1" unless @max_concurrency.positive?

      @running = 0
      @waiting = 0
      @lock = Mutex.new
      @free = ConditionVariable.new
    end

    # Runs the block once a slot is free; BusyError when none frees up in time. An interrupt
    # (Thread#kill, Timeout) can land while waiting or inside the block, never between taking
    # a slot and the ensure that gives it back.
    def enter(&)
      Thread.handle_interrupt(Object => :on_blocking) do
        acquire
        begin
          Thread.handle_interrupt(Object => :immediate, &)
        ensure
          release
        end
      end
    end

    private

    def acquire
      @lock.synchronize do
        return @running += 1 if @running < @max_concurrency
        raise busy if @waiting >= @max_queue

        wait_for_slot
      end
    end

    def wait_for_slot
      @waiting += 1
      deadline = now + @queue_timeout
      while @running >= @max_concurrency
        remaining = deadline - now
        raise busy unless remaining.positive?

        @free.wait(@lock, remaining)
      end
      @running += 1
    ensure
      @waiting -= 1
      # Leaving without the slot (timed out, interrupted) must not swallow a wakeup meant for a
      # slot that is free now: pass it on.
      @free.signal if @running < @max_concurrency
    end

    def release
      @lock.synchronize do
        @running -= 1
        @free.signal
      end
    end

    def busy = BusyError.new(retry_after: [@queue_timeout.ceil, 1].max)

    def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end
end
