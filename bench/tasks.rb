# frozen_string_literal: true

module Bench
  # One benchmark: resize +fixture+ to fit within +width+ x +height+ (never enlarging) and save
  # it as +format+ at +quality+.
  Task = Struct.new(:name, :fixture, :width, :height, :format, :quality)

  # Add a task by adding a line. Fixtures are looked up in $IMAGE_FORGE_FIXTURES, by default
  # ../shared/fixtures next to the repository; a task whose fixture is missing is skipped.
  TASKS = [
    # [name, fixture, width, height, format, quality]
    ["sharp",          "bench-2725x2225.jpg", 720,  588,  :jpeg, 80],
    ["29mp-400",       "bench-5995x4895.jpg", 400,  400,  :jpeg, 80],
    ["29mp-1600-webp", "bench-5995x4895.jpg", 1600, 1600, :webp, 80]
  ].map { |row| Task.new(*row).freeze }.freeze
end
