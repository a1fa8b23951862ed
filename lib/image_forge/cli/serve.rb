# frozen_string_literal: true

module ImageForge
  class CLI
    # `image_forge serve`: the endpoint and the gallery on loopback.
    module Serve
      private

      # The endpoint under /images and the gallery at / on loopback, with a per-run signing key
      # and the default presets unless configured. Stops on Ctrl-C.
      def cmd_serve(args)
        port = 9292
        positional(args, 0, parser("serve [--port N]") { |o| o.on("--port N", Integer) { |v| port = v } })
        app = serve_app(storage)
        require "rack/handler/puma"
        @out.puts "ImageForge gallery on http://127.0.0.1:#{port}/ (storage #{storage.root})"
        @out.flush # a pipe (a supervisor, a test) would otherwise see the URL only at exit
        Rack::Handler::Puma.run(app, Host: "127.0.0.1", Port: port, Threads: "0:8", Silent: true)
      end

      def serve_app(store)
        require "securerandom"
        require "image_forge/gallery"
        ImageForge.configure do |c|
          c.storage = store
          c.signing_keys = [SecureRandom.hex(32)] if c.signing_keys.empty?
          c.endpoint_path = "/images"
          c.presets = SERVE_PRESETS if c.presets.empty?
        end
        endpoint = Endpoint.new
        gallery = Gallery.new(storage: store, presets: ImageForge.config.presets)
        lambda do |env|
          path = env["PATH_INFO"].to_s
          next gallery.call(env) unless path.start_with?("/images/")

          endpoint.call(env.merge("SCRIPT_NAME" => "/images", "PATH_INFO" => path.delete_prefix("/images")))
        end
      end

      SERVE_PRESETS = { thumb: { resize_to_fill: [160, 160], format: :webp },
                        small: { resize_to_limit: [320, 320], format: :jpeg } }.freeze
    end
  end
end
