# frozen_string_literal: true

module ImageForge
  # Base of every error ImageForge raises; rescue this to catch them all.
  class Error < StandardError; end

  # The bytes are not a readable image (unknown, truncated or corrupt).
  class InvalidImageError < Error; end

  # A known image format (or variant of one) that ImageForge cannot read or write.
  class UnsupportedFormatError < Error; end

  # The image is larger than a configured limit (pixels, bytes, output dimension).
  class LimitExceededError < Error; end

  # A method was called with arguments it cannot accept.
  class InvalidArgumentError < Error; end

  # A recipe (operations and saver options) that does not parse or is out of range.
  class InvalidRecipeError < InvalidArgumentError; end

  # A storage key that could escape the storage root or is otherwise malformed.
  class InvalidKeyError < InvalidArgumentError; end

  # Reading or writing storage failed.
  class StorageError < Error; end

  # The file or stored object does not exist.
  class NotFoundError < StorageError; end

  # A render was interrupted (Thread#kill, Timeout) before it finished.
  class CancelledError < Error; end
end
