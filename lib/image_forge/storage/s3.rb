# frozen_string_literal: true

module ImageForge
  module Storage
    # A bucket on AWS S3 or an S3-compatible store (MinIO, R2, Ceph, ...), through the Rust
    # aws-sdk-s3 on one shared runtime. Calls release the GVL while they wait, work in forked
    # children (Puma cluster, Unicorn, Resque), and raise StorageError subclasses carrying S3's
    # error code and request id. Credentials never appear in messages or #inspect.
    #
    #   ImageForge::Storage::S3.new(bucket: "photos", region: "eu-west-1")
    #   ImageForge::Storage::S3.new(bucket: "photos", endpoint: "http://127.0.0.1:9000",
    #                               force_path_style: true, access_key_id: "...",
    #                               secret_access_key: "...")
    #
    # Without access_key_id/secret_access_key the standard AWS chain is used: AWS_* environment
    # variables, ~/.aws profiles, web identity (EKS), container and instance metadata.
    class S3
      # Timeouts in seconds, sizes in bytes.
      DEFAULTS = {
        connect_timeout: 5,
        read_timeout: 30,
        operation_timeout: 300,
        max_attempts: 3,
        initial_backoff: 0.1,
        multipart_threshold: 16 * 1024 * 1024,
        part_size: 8 * 1024 * 1024,
        concurrency: 4
      }.freeze

      # Presigned URLs last an hour unless told otherwise.
      DEFAULT_EXPIRY = 3600

      # Keys per listing request (S3's maximum).
      PAGE_SIZE = 1000

      attr_reader :bucket, :region, :endpoint, :prefix

      # Settings from IMAGE_FORGE_S3_* (falling back to the AWS_* names the SDKs use);
      # credentials come from the AWS chain, which reads AWS_ACCESS_KEY_ID & co. itself.
      def self.from_env(env = ENV, **overrides)
        bucket = env["IMAGE_FORGE_S3_BUCKET"] or
          raise InvalidArgumentError, "IMAGE_FORGE_S3_BUCKET is not set"
        new(bucket:,
            region: env["IMAGE_FORGE_S3_REGION"],
            endpoint: env["IMAGE_FORGE_S3_ENDPOINT"] || env["AWS_ENDPOINT_URL_S3"] || env["AWS_ENDPOINT_URL"],
            force_path_style: %w[1 true yes].include?(env["IMAGE_FORGE_S3_FORCE_PATH_STYLE"].to_s.downcase),
            prefix: env["IMAGE_FORGE_S3_PREFIX"],
            **overrides)
      end

      # +region+ defaults to AWS_REGION / AWS_DEFAULT_REGION, else us-east-1. +prefix+ is put
      # before every key ("tenant-1/"). See DEFAULTS for timeouts, retries and multipart.
      def initialize(bucket:, region: nil, endpoint: nil, force_path_style: false, prefix: nil,
                     access_key_id: nil, secret_access_key: nil, session_token: nil, **options)
        unknown = options.keys - DEFAULTS.keys
        raise ArgumentError, "unknown option(s): #{unknown.join(", ")}" unless unknown.empty?
        if access_key_id.nil? ^ secret_access_key.nil?
          raise InvalidArgumentError, "give both access_key_id and secret_access_key, or neither"
        end

        @bucket = bucket.to_s
        @region = (region || ENV["AWS_REGION"] || ENV["AWS_DEFAULT_REGION"] || "us-east-1").to_s
        @endpoint = endpoint&.to_s
        @prefix = normalize_prefix(prefix)
        @native = Native::S3.new(
          bucket: @bucket, region: @region, endpoint: @endpoint, force_path_style: force_path_style ? true : false,
          access_key_id:, secret_access_key:, session_token:, **tuning(DEFAULTS.merge(options))
        )
      end

      # Stores +source+ (a Pathname or File, an IO, or a String of bytes; see Source) under
      # +key+ and returns the key.
      # Files above multipart_threshold go up in parallel parts; a failed multipart upload is
      # aborted, so nothing partial is left. A CRC32 of the content is sent and checked by S3.
      # The content type is sniffed from the first bytes unless given.
      def upload(key, source, content_type: nil, cache_control: nil, content_disposition: nil, metadata: nil)
        object = object_key(key)
        kind, value = Source.classify(source)
        if kind == :io
          return Source.spool(value) do |path|
            upload(key, Pathname(path), content_type:, cache_control:, content_disposition:, metadata:)
          end
        end
        raise NotFoundError, "no such file: #{value}" if kind == :path && !File.file?(value)

        content_type ||= Storage.sniff_content_type(kind == :bytes ? value : File.binread(value, 64).to_s)
        options = [content_type, cache_control, content_disposition, (metadata || {}).map { |k, v| [k.to_s, v.to_s] }]
        kind == :bytes ? @native.put_bytes(object, value, options) : @native.put_file(object, value, options)
        key
      end

      # The object's bytes as a binary String; or, with +to:+ (a path or an IO), streams them
      # there and returns +to+. A file target is written atomically. With +max_bytes+, an object
      # whose Content-Length is larger is refused before its body is read, and reading stops
      # past the limit when the length was not given (LimitExceededError).
      def download(key, to: nil, max_bytes: nil)
        object = object_key(key)
        case to
        when nil then @native.get_bytes(object, max_bytes)
        when String, Pathname then @native.get_file(object, to.to_s, max_bytes) && to
        else
          Tempfile.create("image_forge", binmode: true) do |file|
            @native.get_file(object, file.path, max_bytes)
            File.open(file.path, "rb") { |f| IO.copy_stream(f, to) }
          end
          to
        end
      end

      def exists?(key)
        @native.exists(object_key(key))
      end

      # Size, ETag, content type, cache control, last modified and metadata of +key+.
      def head(key)
        size, etag, content_type, cache_control, disposition, modified, metadata = @native.head(object_key(key))
        Head.new(size:, etag:, content_type:, cache_control:, content_disposition: disposition,
                 last_modified: modified && Time.at(modified).utc, metadata: metadata.to_h)
      end

      # Removes +key+; a missing key is not an error (as on S3).
      def delete(key)
        @native.delete(object_key(key))
        nil
      end

      # Copies +from+ to +to+ inside the bucket, without downloading it.
      def copy(from, to)
        @native.copy(object_key(from), object_key(to))
        to
      end

      # A lazy Enumerator of Entry for every key starting with +prefix+, in key order, fetched a
      # page (1,000 keys) at a time as it is consumed.
      def list(prefix = "")
        full = @prefix + Key.validate_prefix!(prefix)
        Enumerator.new do |out|
          token = nil
          loop do
            entries, token = @native.list_page(full, token, PAGE_SIZE)
            entries.each do |key, size, etag, modified|
              out << Entry.new(key: key.delete_prefix(@prefix), size:, etag:,
                               last_modified: modified && Time.at(modified).utc)
            end
            break unless token
          end
        end.lazy
      end

      # A URL that performs +method+ (:get or :put) on +key+ until +expires_in+ seconds pass.
      # GET: +disposition+ sets the Content-Disposition of the answer. PUT: +content_type+ and
      # +content_length+ are bound into the signature; the uploader must send them as given.
      def presigned_url(key, **options)
        presigned_request(key, **options).url
      end

      # Like #presigned_url, with the method and the headers to send (PresignedRequest).
      def presigned_request(key, method: :get, expires_in: DEFAULT_EXPIRY, content_type: nil,
                            content_length: nil, disposition: nil)
        verb, url, headers = @native.presign(method.to_s, object_key(key), Float(expires_in),
                                             [content_type, content_length, disposition])
        PresignedRequest.new(http_method: verb, url:, headers: headers.to_h)
      end

      def inspect
        "#<#{self.class.name} bucket=#{@bucket.inspect} region=#{@region.inspect} " \
          "endpoint=#{@endpoint.inspect} prefix=#{@prefix.inspect}>"
      end
      alias to_s inspect

      private

      def object_key(key)
        @prefix + Key.validate!(key)
      end

      def normalize_prefix(prefix)
        return "" if prefix.nil? || prefix.empty?

        "#{Key.validate!(prefix.to_s.chomp("/"))}/"
      end

      SECONDS = %i[connect_timeout read_timeout operation_timeout initial_backoff].freeze
      private_constant :SECONDS

      # Durations as Float seconds, counts and sizes as Integers.
      def tuning(options)
        options.to_h { |name, value| [name, SECONDS.include?(name) ? Float(value) : Integer(value)] }
      rescue ArgumentError, TypeError => e
        raise InvalidArgumentError, "invalid S3 option: #{e.message}"
      end
    end
  end
end
