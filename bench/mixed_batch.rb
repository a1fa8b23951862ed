# frozen_string_literal: true

# What a batch mixing JPEG resizes (rendered from the JPEG's planes) with WebP ones (from RGB)
# costs for its second decode: the ActiveStorage preset set (thumb and medium JPEG, square and
# large WebP) against the same set with the JPEGs at 4:4:4, which takes the RGB path and so
# one decode. Median of 15, after 3 warm-ups; the JPEGs' bytes differ between the two rows
# (4:4:4 costs a little more to encode), so the gap is a floor of the second decode's cost.
#   ruby -Ilib bench/mixed_batch.rb ../shared/fixtures/bench-2725x2225.jpg
require "image_forge"

image = ImageForge::Image.from_blob(File.binread(ARGV.fetch(0)))
webp = ["resize_to_fill:400:400,format:webp", "resize_to_limit:1600:1600,format:webp"]
jpeg = ["resize_to_limit:100:100", "resize_to_limit:1024:1024"]
batches = {
  "mixed: planes, then RGB (two decodes)" => jpeg + webp,
  "JPEGs at 4:4:4: RGB only (one decode)" => jpeg.map { |r| "#{r},chroma:444" } + webp,
  "the JPEGs alone (planes)" => jpeg,
  "the WebPs alone (RGB)" => webp
}
median = lambda do |recipes|
  3.times { image.to_blobs(recipes) }
  times = Array.new(15) do
    start = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    image.to_blobs(recipes)
    Process.clock_gettime(Process::CLOCK_MONOTONIC) - start
  end
  times.sort[7] * 1000
end
batches.each { |label, recipes| puts format("%-40<label>s %<ms>8.1f ms", label:, ms: median.call(recipes)) }
