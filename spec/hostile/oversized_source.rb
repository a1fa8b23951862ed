# frozen_string_literal: true

# Run by oversized_sources_spec.rb in a fresh Ruby process, so the peak RSS it prints last is
# this one operation's: MODE on a source over MAX_BYTES, printing the outcome's class first.
# Usage: ruby -I lib spec/hostile/oversized_source.rb MODE TARGET MAX_BYTES [S3 PREFIX]
#   upload_path   ImageForge.upload(Pathname(TARGET)) to Local storage next to it
#   upload_pipe   ImageForge.upload of a pipe (an IO with no size) reading TARGET
#   image_info    ImageForge::Image.open(TARGET).info (what the ActiveStorage analyzer calls)
#   local_get     Storage::Local#download of the file TARGET
#   s3_get        Storage::S3#download of the key TARGET (the test server from the environment)
require "image_forge"
require_relative "../support/test_storage"

mode, target, max_bytes, prefix = ARGV
ImageForge.config.max_bytes = Integer(max_bytes)
local = ImageForge::Storage::Local.new(root: File.join(File.dirname(target), "store"))

outcome = begin
  case mode
  when "upload_path" then ImageForge.upload(Pathname(target), key: "big.jpg", storage: local)
  when "upload_pipe" then IO.popen(["cat", target], "rb") { |io| ImageForge.upload(io, key: "big.jpg", storage: local) }
  when "image_info" then ImageForge::Image.open(target).info
  when "local_get"
    ImageForge::Storage::Local.new(root: File.dirname(target))
                              .download(File.basename(target), max_bytes: ImageForge.config.max_bytes)
  when "s3_get"
    s3 = TestStorage.from_env(ENV.to_h.merge("IMAGE_FORGE_STORAGE" => "s3", "IMAGE_FORGE_S3_PREFIX" => prefix))
    s3.download(target, max_bytes: ImageForge.config.max_bytes)
  else abort "unknown mode #{mode}"
  end
rescue ImageForge::Error => e
  e
end
puts [outcome.class.name, outcome.is_a?(ImageForge::LimitExceededError) && outcome.limit].join(" ")
puts File.read("/proc/self/status")[/VmHWM:\s+(\d+)/, 1]
