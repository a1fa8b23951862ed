# frozen_string_literal: true

module ImageForge
  # Bulk jobs' concurrency: items taken lazily from an Enumerator (a listing of millions of
  # keys never sits in memory), handed to a fixed number of threads. The work releases the GVL
  # (renders, S3 I/O), so the threads run in parallel.
  module WorkerPool
    module_function

    # Calls the block with each item on +concurrency+ threads; returns the elapsed seconds.
    def each(items, concurrency)
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      queue = SizedQueue.new(concurrency * 4)
      workers = Array.new(concurrency) do
        Thread.new do
          while (item = queue.pop)
            yield item
          end
        end
      end
      begin
        items.each { |item| queue << item }
      ensure
        concurrency.times { queue << nil }
        workers.each(&:join)
      end
      Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    end
  end
end
