# frozen_string_literal: true

module ImageForge
  # ActiveSupport::Notifications events when ActiveSupport is loaded, nothing otherwise. A
  # block that raised adds exception: [class name, message] and exception_object: (ActiveSupport
  # does). ImageForge::LogSubscriber turns them into Rails log lines.
  #   render.image_forge   one native render: recipes: [canonical Strings], source_key: (when the
  #                        source came from storage), source_byte_size:, outputs: one Hash per
  #                        recipe, { format:, width:, height:, byte_size: } (no size for AVIF)
  #                        or { error: the ImageForge::Error that recipe ran into }
  #   variant.image_forge  key:, source_key:, recipe:, hit: true/false. Variant#processed times
  #                        the lookup, render and store; in a batch (process_variants, upload
  #                        with variants:) the render is shared and timed by its render event,
  #                        so a rendered variant's event times its store and a hit's is empty
  #   upload.image_forge   key:, byte_size:, content_type:
  #   request.image_forge  ImageForge::Endpoint: method:, path:, status:, key: and recipe: once
  #                        the signature is verified, hit: once the variant was looked up
  #                        (the body is streamed after the event)
  module Instrumentation
    module_function

    # Runs the block inside event +name+; the block gets the payload and may add to it.
    def instrument(name, payload = {}, &)
      return yield(payload) unless defined?(ActiveSupport::Notifications)

      ActiveSupport::Notifications.instrument(name, payload, &)
    end

    # Whether anything subscribed to +name+: payload details that cost work (a header probe per
    # render output) are left out otherwise.
    def listening?(name)
      defined?(ActiveSupport::Notifications) && ActiveSupport::Notifications.notifier.listening?(name)
    end

    # Runs the block inside +variant+'s variant.image_forge event.
    def variant(variant, **payload, &)
      instrument("variant.image_forge",
                 { key: variant.key, source_key: variant.source_key, recipe: variant.recipe.to_s, **payload }, &)
    end

    # What render.image_forge says of one render result (encoded bytes or an Error).
    def output(result)
      return { error: result } if result.is_a?(Exception)

      info = begin
        Info.probe(result)
      rescue Error # AVIF headers are not probed yet
        nil
      end
      format = info&.format || Native.sniff_content_type(result)&.delete_prefix("image/")&.to_sym
      { format:, width: info&.width, height: info&.height, byte_size: result.bytesize }
    end
  end
end
