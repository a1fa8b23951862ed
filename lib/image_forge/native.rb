# frozen_string_literal: true

begin
  # Built by `rake compile` (checkout) or `gem install` (sitearchdir) as image_forge/image_forge.so.
  require "image_forge/image_forge"
rescue LoadError => e
  raise LoadError, "ImageForge's native extension is not built (#{e.message}); run `rake compile`"
end
