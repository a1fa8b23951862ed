# frozen_string_literal: true

RSpec.describe "Rendering without the GVL" do
  let(:source) { ImageForge::Image.from_blob(gradient_png(1200, 900)).convert(:png).to_blob }
  let(:image) { ImageForge::Image.from_blob(source).resize_to_fit(4000, 3000).convert(:jpeg) }

  def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)

  it "lets another Ruby thread run while a render is in progress" do
    image.to_blob # warm up
    ticks = 0
    done = false
    counter = Thread.new { ticks += 1 until done }
    image.to_blob
    during = ticks
    done = true
    counter.join
    # With the GVL held, the counter would only run in 100 ms time slices.
    expect(during).to be > 100_000
  end

  # Not a timing threshold (speed-ups are measured by `rake bench`): with the GVL held, the
  # second thread could not even note its start before the first render returned, so the two
  # renders' [start, end] intervals could not overlap.
  it "runs renders of two threads at the same time" do
    image.to_blob
    intervals = Array.new(2) do
      Thread.new do
        started = now
        image.to_blob
        [started, now]
      end
    end.map(&:value)
    (a_start, a_end), (b_start, b_end) = intervals
    expect(a_start < b_end && b_start < a_end).to be(true), intervals.inspect
  end

  it "gives identical output from many threads at once" do
    expected = image.to_blob
    results = Array.new(4) { Thread.new { Array.new(3) { image.to_blob } } }.flat_map(&:value)
    expect(results).to all(eq(expected))
  end
end
