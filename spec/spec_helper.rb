# frozen_string_literal: true

$LOAD_PATH.unshift(File.expand_path("../lib", __dir__))
require "image_forge"
require "tmpdir"
Dir[File.join(__dir__, "support/**/*.rb")].each { |f| require f }

RSpec.configure do |config|
  config.disable_monkey_patching!
  config.order = :random
  config.include Fixtures
  config.around(:each, :tmpdir) do |example|
    Dir.mktmpdir("image_forge") do |dir|
      @tmpdir = dir
      example.run
    end
  end
  # GC.stress shakes out binding bugs (values freed while Rust holds them): STRESS=1 rspec.
  config.around(:each) do |example|
    GC.stress = true if ENV["STRESS"]
    example.run
  ensure
    GC.stress = false
  end
end
