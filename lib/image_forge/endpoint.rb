# frozen_string_literal: true

require "time"

module ImageForge
  # A Rack app serving signed variant URLs (ImageForge.url), for a CDN to sit in front of:
  #
  #   # config/routes.rb                          # or config.ru
  #   mount ImageForge::Endpoint.new => "/images"  run ImageForge::Endpoint.new
  #
  # Verify the signature, look the variant up, render it when missing (at most
  # +max_concurrency+ renders at once, +max_queue+ waiting up to +queue_timeout+ seconds, then
  # 503 with Retry-After), serve it with a strong ETag and a year of immutable caching. With
  # +redirect: true+ stored variants are answered with a redirect to their presigned URL.
  class Endpoint
    CACHE_FOREVER = "public, max-age=31536000, immutable"
    AUTO_FORMATS = [["image/avif", :avif], ["image/webp", :webp]].freeze
    CHUNK = 64 * 1024
    SERVER_ERROR = "the image could not be served right now"
    # Browsers must not second-guess the type: a polyglot upload stays an image (or text).
    NOSNIFF = { "X-Content-Type-Options" => "nosniff" }.freeze

    # Error class => HTTP status; the first match wins (subclasses first).
    STATUSES = [
      [SignatureError, 403], [InvalidRecipeError, 400], [InvalidArgumentError, 400], [NotFoundError, 404],
      [UnsupportedFormatError, 415], [InvalidImageError, 415], [BusyError, 503], [CancelledError, 503],
      [TimeoutError, 504], [StorageError, 502]
    ].freeze

    # +redirect+ needs a store whose URLs a browser can follow: S3, or Local with +base_url+.
    def initialize(storage: nil, redirect: false, redirect_expires_in: 3600, config: ImageForge.config, **gate)
      @storage = storage
      @redirect = redirect
      @redirect_expires_in = redirect_expires_in
      @config = config
      @gate = RenderGate.new(**gate)
      refuse_file_redirects!
    end

    def call(env)
      payload = { method: env["REQUEST_METHOD"], path: env["PATH_INFO"].to_s }
      Instrumentation.instrument("request.image_forge", payload) do
        respond(env, payload).tap { |response| payload[:status] = response[0] }
      end
    end

    # Without the configuration, whose signing keys `rails routes` would print otherwise.
    def inspect = "#<#{self.class.name} storage=#{storage.inspect} redirect=#{@redirect}>"
    alias to_s inspect

    private

    def storage = @storage || @config.storage

    def respond(env, payload)
      return plain(405, "only GET and HEAD") unless %w[GET HEAD].include?(env["REQUEST_METHOD"])

      serve(env, payload)
    rescue Error => e
      error(e)
    end

    def serve(env, payload)
      expires_at, segment, key = verify(env["PATH_INFO"].to_s)
      recipe, auto = SignedUrl.parse_segment(segment, config: @config)
      payload.merge!(key:, recipe: recipe.to_s)
      format = auto && Accept.pick(env["HTTP_ACCEPT"].to_s, AUTO_FORMATS, :jpeg)
      recipe += Recipe.new.add(:convert, format) if format
      variant = Variant.for(key, recipe, storage:)
      headers = { "Content-Type" => variant.content_type, "ETag" => %("#{variant.digest}"),
                  "Cache-Control" => cache_control(expires_at), **NOSNIFF }
      headers["Vary"] = "Accept" if auto
      return [304, headers, []] if matches?(env, [headers["ETag"], "W/#{headers["ETag"]}"])

      payload[:hit] = variant.process(gate: @gate)
      # "*" asks whether the variant exists: only once it does (a failing render raised above).
      return [304, headers, []] if matches?(env, ["*"])

      stored(variant, headers, env["REQUEST_METHOD"] == "HEAD", expires_at)
    end

    # [expires_at, recipe segment, key] of a correctly signed path.
    def verify(path)
      path = path.dup.force_encoding(Encoding::UTF_8)
      raise InvalidArgumentError, "the path is not UTF-8" unless path.valid_encoding?

      Native.verify_path(path, @config.signing_keys.map(&:b), Time.now.to_i, @config.allow_unsigned_urls)
    end

    # An expiring URL must not outlive its expiry in a cache.
    def cache_control(expires_at)
      return CACHE_FOREVER unless expires_at

      "public, max-age=#{[expires_at - Time.now.to_i, 0].max}"
    end

    def matches?(env, tags)
      env["HTTP_IF_NONE_MATCH"].to_s.split(",").map(&:strip).intersect?(tags)
    end

    def stored(variant, headers, head, expires_at)
      if @redirect
        lifetime = redirect_lifetime(expires_at)
        location = variant.url(expires_in: lifetime)
        # The presigned URL expires: let caches keep the redirect for less than that.
        return [302, headers.merge("Location" => location, "Content-Length" => "0",
                                   "Cache-Control" => "public, max-age=#{lifetime / 2}"), []]
      end

      if storage.respond_to?(:path_for)
        path = storage.path_for(variant.key)
        begin
          size = File.size(path)
          body = head ? [] : FileBody.new(path)
        rescue Errno::ENOENT # purged between the render and now
          raise NotFoundError, "variant #{variant.key} is gone"
        end
      else
        bytes = variant.download
        size = bytes.bytesize
        body = head ? [] : [bytes]
      end
      [200, headers.merge("Content-Length" => size.to_s), body]
    end

    # Seconds the presigned Location lives: redirect_expires_in, but never past the expiry of
    # the signed URL that asked (a redirect must not extend it).
    def redirect_lifetime(expires_at)
      return @redirect_expires_in unless expires_at

      [@redirect_expires_in, [expires_at - Time.now.to_i, 1].max].min
    end

    def refuse_file_redirects!
      return unless @redirect && storage.is_a?(Storage::Local) && storage.base_url.nil?

      raise InvalidArgumentError, "redirect: true needs Storage::Local to have a base_url (where its root is " \
                                  "served over HTTP); without one the Location would be a file:// path on this server"
    end

    def error(exception)
      status = STATUSES.find { |klass, _| exception.is_a?(klass) }&.last
      status ||= exception.is_a?(LimitExceededError) ? limit_status(exception) : 500
      @config.logger&.warn("ImageForge::Endpoint #{status}: #{exception.class}: #{exception.message.inspect}")
      # Server-side failures keep their details (paths, S3 keys and request ids) in the log.
      message = status >= 500 ? SERVER_ERROR : exception.message
      response = plain(status, "#{exception.class.name.split("::").last}: #{message}")
      response[1]["Retry-After"] = exception.retry_after.to_s if exception.is_a?(BusyError)
      response
    end

    # Too many bytes: the request entity (the source) is too large; too many pixels or too
    # large an output: the request cannot be processed.
    def limit_status(exception) = exception.limit == :bytes ? 413 : 422

    def plain(status, message)
      body = "#{message}\n"
      [status, { "Content-Type" => "text/plain; charset=utf-8", "Content-Length" => body.bytesize.to_s, **NOSNIFF },
       [body]]
    end

    # Streams a stored file in chunks; Rack closes it after the response.
    class FileBody
      def initialize(path)
        @file = File.open(path, "rb")
      end

      def each
        while (chunk = @file.read(CHUNK))
          yield chunk
        end
      end

      def close = @file.close
    end
  end
end
