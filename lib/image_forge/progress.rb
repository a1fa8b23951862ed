# frozen_string_literal: true

module ImageForge
  # Progress of a bulk job: a ruby-progressbar bar (rate, and ETA when the total is known) on
  # a terminal, a plain line every few seconds otherwise (CI logs, cron mail).
  class Progress
    # The bar needs the ruby-progressbar gem; without it a terminal gets the plain lines.
    def self.for(title, total: nil, io: $stdout)
      io.tty? ? Bar.new(title, total, io) : new(title, io)
    rescue LoadError
      new(title, io)
    end

    def initialize(title, io, every: 5)
      @title = title
      @io = io
      @every = every
      @count = 0
      @lock = Mutex.new
      @started = @last = now
    end

    # Counts +units+ more done.
    def increment(units = 1)
      @lock.synchronize do
        @count += units
        next unless now - @last >= @every

        @last = now
        @io.puts format("%<title>s: %<count>d done, %<rate>.1f/s", title: @title, count: @count, rate:)
      end
    end

    def finish = nil

    private

    def rate = @count / [now - @started, 1e-9].max

    def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)

    # The terminal form.
    class Bar
      def initialize(title, total, io)
        require "ruby-progressbar"
        format = total ? "%t |%B| %c/%C %R/s %e" : "%t: %c done, %R/s, %a"
        @bar = ProgressBar.create(title:, total:, output: io, format:, rate_scale: ->(rate) { rate.round(1) })
      end

      def increment(units = 1) = @bar.progress += units

      def finish = @bar.finish
    end
  end
end
