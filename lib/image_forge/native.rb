# frozen_string_literal: true

require "rbconfig"

# The x86_64-linux platform gem holds one extension per Ruby minor (image_forge/3.3/image_forge.so),
# as nokogiri's and tokenizers' do; the source gem (gem install) and a checkout (rake compile)
# build the one image_forge/image_forge.so.
minor = RUBY_VERSION[/\A\d+\.\d+/]
if File.exist?(File.join(__dir__, minor, "image_forge.#{RbConfig::CONFIG["DLEXT"]}"))
  # Not rescued: a platform gem's load error (say, a glibc older than 2.36) is the one to see.
  require_relative "#{minor}/image_forge"
else
  begin
    require "image_forge/image_forge"
  rescue LoadError => e
    built = Dir[File.join(__dir__, "[0-9]*.[0-9]*")].map { |dir| File.basename(dir) }.sort
    raise LoadError, "ImageForge's native extension is not built (#{e.message}); run `rake compile`" if built.empty?

    raise LoadError, "this image_forge gem holds extensions for Ruby #{built.join(", ")}, not #{RUBY_VERSION}; " \
                     "install the source gem instead: gem install image_forge --platform ruby"
  end
end
