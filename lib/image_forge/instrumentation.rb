# frozen_string_literal: true

module ImageForge
  # ActiveSupport::Notifications events when ActiveSupport is loaded, nothing otherwise:
  #   render.image_forge   recipes: [canonical recipe Strings]
  #   variant.image_forge  key:, source_key:, recipe:, hit: true/false
  #   upload.image_forge   key:, byte_size:, content_type:
  module Instrumentation
    module_function

    # Runs the block inside event +name+; the block gets the payload and may add to it.
    def instrument(name, payload = {}, &)
      return yield(payload) unless defined?(ActiveSupport::Notifications)

      ActiveSupport::Notifications.instrument(name, payload, &)
    end
  end
end
