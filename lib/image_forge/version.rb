# frozen_string_literal: true

module ImageForge
  VERSION = "0.1.0"
end
