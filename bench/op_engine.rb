# frozen_string_literal: true

# Times one engine on one operation of bench/ops.rb, alone in this process (bench/op_table.rb
# spawns one per engine and op), and prints bench/engine.rb's JSON:
#
#   ruby -Ilib bench/op_engine.rb imageforge|vips OP SRC OVERLAY OUT RUNS
require_relative "engine"
require_relative "ops"

module Bench
  module OpEngine
    # Engine => lambda(op, sources, out) that loads the library and returns the render to time.
    # Both build their pipeline inside the render, as a request would.
    SETUPS = {
      "imageforge" => lambda do |op, sources, out|
        require "image_forge"
        -> { ImageForge::Image.open(sources.src).apply(op.recipe(sources)).write(out) }
      end,
      "vips" => lambda do |op, sources, out|
        require "vips"
        Vips.cache_set_max(0) # every run decodes afresh
        -> { op.render_vips(sources, out) }
      end
    }.freeze

    module_function

    def run(argv)
      engine, name, src, overlay, out, runs = argv
      op = Ops::TABLE.fetch(name) { abort "unknown op #{name.inspect} (known: #{Ops::TABLE.keys.join(", ")})" }
      setup = SETUPS.fetch(engine) { abort "unknown engine #{engine.inspect} (known: #{SETUPS.keys.join(", ")})" }
      Engine.measure(setup.call(op, Ops::Sources.new(src, overlay), out), runs, out)
    end
  end
end

Bench::OpEngine.run(ARGV) if $PROGRAM_NAME == __FILE__
