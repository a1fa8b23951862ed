# frozen_string_literal: true

require "etc"
require "image_forge/samples"

module ImageForge
  # "Can this box handle all those requests?": renders per second of a typical job (a 3 MP JPEG
  # to a 400 px WebP thumbnail, drawn here) on one thread and on every core, for a few seconds
  # each. Used by `image_forge bench` and `rake image_forge:bench`.
  module Capacity
    JOB = "3 MP JPEG -> 400 px WebP"

    module_function

    # [[threads, renders per second], ...]
    def measure(seconds: 2.0)
      thumb = sample.resize_to_limit(400, 400).convert(:webp)
      thumb.to_blob # warm-up
      [1, Etc.nprocessors].uniq.map { |threads| [threads, rate(thumb, threads, seconds)] }
    end

    def lines(seconds: 2.0)
      measure(seconds:).map do |threads, renders|
        format("%<t>d thread(s): %<r>.1f renders/s (%<job>s)", t: threads, r: renders, job: JOB)
      end
    end

    def sample
      png = Samples.draw_png(2000, 1500, 3) { |x, y| [x % 256, y % 256, (x + y) % 256] }
      Image.from_blob(Image.from_blob(png).convert(:jpeg).saver(quality: 80).to_blob)
    end

    def rate(image, threads, seconds)
      deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + seconds
      Array.new(threads) do
        Thread.new do
          count = 0
          count += 1 while image.to_blob && Process.clock_gettime(Process::CLOCK_MONOTONIC) < deadline
          count
        end
      end.sum(&:value) / seconds
    end
  end
end
