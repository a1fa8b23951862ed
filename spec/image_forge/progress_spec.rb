# frozen_string_literal: true

require "image_forge/progress"
require "stringio"

RSpec.describe ImageForge::Progress do
  it "prints plain lines with the count and rate when not on a terminal" do
    io = StringIO.new
    progress = described_class.for("variants", io:)
    expect(progress).to be_a(described_class)
    quick = described_class.new("variants", io, every: 0)
    3.times { quick.increment }
    expect(io.string.lines).to all(match(%r{\Avariants: \d done, [\d.]+/s\n\z}))
    expect(io.string.lines.size).to eq(3)
  end

  it "draws a ruby-progressbar bar with rate and ETA on a terminal" do
    io = StringIO.new
    def io.tty? = true
    bar = described_class.for("upload", total: 4, io:)
    expect(bar).to be_a(described_class::Bar)
    4.times { bar.increment }
    bar.finish
    expect(io.string).to include("upload |", "4/4")
    expect(io.string).to match(%r{[\d.]+/s})
  end
end
