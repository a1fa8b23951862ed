# frozen_string_literal: true

require "zlib"

module ImageForge
  # One of n machines' share of a key space ("SHARD=2/3"): a key belongs to exactly one shard,
  # by a stable hash, so n machines running the same backfill split it without coordination.
  class Shard
    attr_reader :index, :count

    # "i/n" with 1 <= i <= n; nil or "" is the whole key space.
    def self.parse(text)
      return new(1, 1) if text.nil? || text.to_s.empty?

      match = text.to_s.match(%r{\A(\d+)/(\d+)\z})
      raise InvalidArgumentError, "SHARD must look like 1/4, got #{text.inspect}" unless match

      new(Integer(match[1]), Integer(match[2]))
    end

    def initialize(index, count)
      in_range = count.positive? && index.between?(1, count)
      raise InvalidArgumentError, "shard #{index}/#{count} is out of range" unless in_range

      @index = index
      @count = count
    end

    def include?(key) = count == 1 || Zlib.crc32(key) % count == index - 1

    def to_s = "#{index}/#{count}"
  end
end
