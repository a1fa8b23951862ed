# frozen_string_literal: true

module ImageForge
  # Base of every error ImageForge raises; rescue this to catch them all.
  class Error < StandardError; end

  # The bytes are not a readable image (unknown, truncated or corrupt).
  class InvalidImageError < Error; end

  # A known image format (or variant of one) that ImageForge cannot read or write.
  class UnsupportedFormatError < Error; end

  # The image is larger than a configured limit; +limit+ says which (:pixels, :bytes,
  # :dimension, :scans for a JPEG of more than 100 scans, or :memory for a render whose
  # estimated memory is over max_memory) when the engine raised it.
  class LimitExceededError < Error
    attr_reader :limit

    def initialize(message = nil, limit: nil)
      super(message)
      @limit = limit
    end
  end

  # A method was called with arguments it cannot accept.
  class InvalidArgumentError < Error; end

  # A recipe (operations and saver options) that does not parse or is out of range.
  class InvalidRecipeError < InvalidArgumentError; end

  # A storage key that could escape the storage root or is otherwise malformed.
  class InvalidKeyError < InvalidArgumentError; end

  # Reading or writing storage failed. When S3 answered, +code+ is its error code
  # ("SlowDown", "InternalError", ...), +request_id+ the id of its answer (quote it to AWS
  # support) and +status+ the HTTP status.
  class StorageError < Error
    attr_reader :code, :request_id, :status

    def initialize(message = nil, code: nil, request_id: nil, status: nil)
      super(message)
      @code = code
      @request_id = request_id
      @status = status
    end
  end

  # The file or stored object does not exist.
  class NotFoundError < StorageError; end

  # The credentials were refused (wrong key or secret, expired token) or lack permission.
  class AccessDeniedError < StorageError; end

  # The store did not answer in time (connect, read or whole-operation timeout).
  class TimeoutError < StorageError; end

  # The store cannot do this at all (e.g. presigned uploads to Local storage).
  class UnsupportedOperationError < Error; end

  # A signed URL whose signature does not match, or that has expired.
  class SignatureError < Error; end

  # The endpoint's render queue is full: try again after +retry_after+ seconds.
  class BusyError < Error
    attr_reader :retry_after

    def initialize(message = "too many renders in progress", retry_after: 1)
      super(message)
      @retry_after = retry_after
    end
  end

  # A render was interrupted (Thread#kill, Timeout) before it finished.
  class CancelledError < Error; end
end
