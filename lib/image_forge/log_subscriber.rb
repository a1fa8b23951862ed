# frozen_string_literal: true

require "active_support" # ActiveSupport 6.1 needs its base (Concurrent.monotonic_time) loaded first
require "active_support/log_subscriber"

module ImageForge
  # Log lines for ImageForge's events (see Instrumentation), in ActiveStorage's style:
  #
  #   ImageForge (41.2ms) Rendered "photos/1.jpg" (48213 bytes) to webp 64x64 (1204 bytes)
  #   ImageForge (43.0ms) Variant processed "variants/photos/1.jpg/<digest>.webp" of "photos/1.jpg"
  #                       resize_to_fill:64:64,format:webp (miss)
  #   ImageForge (9.5ms) GET "/<signature>/resize_to_limit:30:30/photos/1.jpg" 200 (miss)
  #
  # The Railtie attaches it; without Rails, `ImageForge::LogSubscriber.attach_to :image_forge`.
  # Writes to ImageForge.config.logger. Keys, paths and messages are quoted with #inspect, so a
  # key with a newline cannot forge a log line.
  class LogSubscriber < ActiveSupport::LogSubscriber
    def render(event)
      payload = event.payload
      # What came out, or what was asked when the source itself failed.
      results = payload[:outputs]&.map { |output| describe_output(output) } || payload[:recipes].reject(&:empty?)
      source = "#{payload[:source_key]&.inspect} (#{payload[:source_byte_size]} bytes)".lstrip
      log(event, "Rendered #{source}#{" to #{results.join(", ")}" unless results.empty?}")
    end

    def variant(event)
      payload = event.payload
      log(event, "Variant processed #{payload[:key].inspect} of #{payload[:source_key].inspect} " \
                 "#{payload[:recipe]} (#{payload[:hit] ? "hit" : "miss"})")
    end

    def upload(event)
      payload = event.payload
      log(event, "Uploaded #{payload[:key].inspect} (#{payload[:content_type]}, #{payload[:byte_size]} bytes)")
    end

    def request(event)
      payload = event.payload
      hit = { true => " (hit)", false => " (miss)" }[payload[:hit]]
      log(event, "#{payload[:method]} #{payload[:path].inspect} #{payload[:status]}#{hit}")
    end

    def logger = ImageForge.config.logger

    private

    # A failed event (the block raised) says so, with the error quoted.
    def log(event, message)
      class_name, error = event.payload[:exception]
      message += " failed: #{class_name}: #{error.inspect}" if class_name
      prefix = color("  ImageForge (#{event.duration.round(1)}ms) ", CYAN)
      class_name ? warn(prefix + color(message, RED)) : info(prefix + color(message, BLUE))
    end

    def describe_output(output)
      return "#{output[:error].class}: #{output[:error].message.inspect}" if output[:error]

      size = "#{output[:width]}x#{output[:height]} " if output[:width]
      "#{output[:format]} #{size}(#{output[:byte_size]} bytes)"
    end
  end
end
