# frozen_string_literal: true

module Bench
  # One benchmark: resize +fixture+ to fit within +width+ x +height+ (never enlarging) and save
  # it as +format+ at +quality+.
  Task = Struct.new(:name, :fixture, :width, :height, :format, :quality)

  # Add a task by adding a line. Fixtures are looked up in $IMAGE_FORGE_FIXTURES, by default
  # ../shared/fixtures next to the repository; a task whose fixture is missing is skipped.
  # "generated:NAME" fixtures are made by Bench.generate (bench/run.rb) for the run.
  TASKS = [
    # [name, fixture, width, height, format, quality]
    ["sharp",          "bench-2725x2225.jpg", 720,  588,  :jpeg, 80],
    ["29mp-400",       "bench-5995x4895.jpg", 400,  400,  :jpeg, 80],
    ["29mp-1600-webp", "bench-5995x4895.jpg", 1600, 1600, :webp, 80],
    ["png-rgba-720",   "generated:rgba-2048x1536.png", 720, 720, :png, 80]
  ].map { |row| Task.new(*row).freeze }.freeze
end
