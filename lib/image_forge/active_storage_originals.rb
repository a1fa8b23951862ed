# frozen_string_literal: true

module ImageForge
  # ActiveStorage blobs as originals (see Originals): an attachment or a blob becomes the key
  # +active_storage/<service name>/<blob key>+, read through that service's own store: the
  # Disk service's root, where a blob lies at +ab/cd/<key>+, or the S3 service's bucket at
  # +<key>+. The Railtie loads it.
  module ActiveStorageOriginals
    @stores = {} # service name => the store at the service's root, made once
    @lock = Mutex.new

    module_function

    # Whether +source+ is an attachment (has_one_attached's proxy, an Attachment) or a blob.
    def record?(source)
      source.is_a?(::ActiveStorage::Blob) || source.is_a?(::ActiveStorage::Attachment) ||
        source.is_a?(::ActiveStorage::Attached::One)
    end

    def key_for(source)
      blob = source.is_a?(::ActiveStorage::Blob) ? source : source.blob
      raise InvalidKeyError, "the attachment holds no blob (nothing is attached)" unless blob

      "#{Originals::BLOB_PREFIX}#{blob.service_name}/#{blob.key}"
    end

    # [store, key in it] for a key made by #key_for.
    def locate(key)
      service_name, blob_key = key.delete_prefix(Originals::BLOB_PREFIX).split("/", 2)
      raise InvalidKeyError, "invalid key #{key.inspect}: no blob key after the service name" if blob_key.to_s.empty?

      service = ::ActiveStorage::Blob.services.fetch(service_name) do
        raise NotFoundError, "no ActiveStorage service #{service_name.inspect}"
      end
      # The same storage.yml entry as the service's, at its root (no ImageForge prefix).
      store = @lock.synchronize do
        @stores[service_name] ||= Railtie.service_store(service_name, ::Rails.application, prefix: nil)
      end
      [store, path_in(service, blob_key)]
    end

    # The Disk service nests each blob under two folders named for its key's first characters.
    def path_in(service, blob_key)
      return blob_key unless service.respond_to?(:path_for)

      Key.validate!(blob_key)
      service.path_for(blob_key).delete_prefix("#{File.expand_path(service.root)}/")
    end
  end
end
