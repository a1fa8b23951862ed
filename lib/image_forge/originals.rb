# frozen_string_literal: true

module ImageForge
  # Where the original behind a key is read. A key is read from the store its variants go to,
  # except a key naming an ActiveStorage blob (+active_storage/<service>/<blob key>+, made by
  # ImageForge.url and friends from an attachment or a blob inside Rails), which is read
  # through the blob's own service: ImageForge never copies the blob.
  module Originals
    # The first segment of the keys that name ActiveStorage blobs; ImageForge.upload refuses it.
    BLOB_PREFIX = "active_storage/"

    # A stored original: the store and the key it has there.
    Original = Struct.new(:storage, :key) do
      def head = storage.head(key)

      def download(max_bytes: ImageForge.config.max_bytes) = storage.download(key, max_bytes:)
    end

    module_function

    # The key of +source+: a String key itself, or the key of an ActiveStorage attachment or
    # blob (Rails only). InvalidKeyError for anything else.
    def key_for(source)
      return source if source.is_a?(String)
      return ActiveStorageOriginals.key_for(source) if active_storage? && ActiveStorageOriginals.record?(source)

      raise InvalidKeyError, "key must be a String#{", an ActiveStorage attachment or a blob" if active_storage?}, " \
                             "got #{source.class}"
    end

    # The Original that +key+ names when its variants go to +storage+.
    def locate(key, storage)
      return Original.new(storage, Key.validate!(key)) unless blob_key?(key)

      raise NotFoundError, "#{key.inspect} names an ActiveStorage blob, and ActiveStorage is not loaded" \
        unless active_storage?

      Original.new(*ActiveStorageOriginals.locate(key))
    end

    # Whether +key+ may be used for a file ImageForge stores itself (not under BLOB_PREFIX).
    def own_key!(key)
      return key unless blob_key?(key)

      raise InvalidKeyError, "invalid key #{key.inspect}: keys under #{BLOB_PREFIX} name ActiveStorage blobs"
    end

    def blob_key?(key) = key.is_a?(String) && key.start_with?(BLOB_PREFIX)

    # Loaded by the Railtie when the app has ActiveStorage.
    def active_storage? = defined?(ActiveStorageOriginals) ? true : false
  end
end
