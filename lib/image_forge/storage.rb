# frozen_string_literal: true

module ImageForge
  # Where originals and variants live: Storage::Local (the default) and Storage::S3 share one
  # contract (upload, download, exists?, head, delete, list, copy, presigned_url).
  module Storage
    # A frozen value with keyword construction, #to_h and equality; plain Structs would let
    # +size+ and +method+ shadow Struct#size and Object#method.
    class Record
      def self.members(*names)
        attr_reader(*names)

        define_singleton_method(:member_names) { names }
      end

      def initialize(**fields)
        unknown = fields.keys - self.class.member_names
        raise ArgumentError, "unknown field(s): #{unknown.join(", ")}" unless unknown.empty?

        self.class.member_names.each { |name| instance_variable_set(:"@#{name}", fields[name]) }
        freeze
      end

      def to_h = self.class.member_names.to_h { |name| [name, public_send(name)] }

      def ==(other) = other.instance_of?(self.class) && other.to_h == to_h
      alias eql? ==

      def hash = to_h.hash

      def inspect = "#<#{self.class.name} #{to_h.map { |k, v| "#{k}=#{v.inspect}" }.join(" ")}>"
    end

    # An object's headers, as #head returns them. +etag+ is unquoted; +last_modified+ a Time;
    # +metadata+ a Hash of Strings (Local storage keeps no headers or metadata).
    class Head < Record
      members :size, :etag, :content_type, :cache_control, :content_disposition, :last_modified, :metadata
    end

    # One object in a listing (+etag+ is nil on Local storage: it would mean reading every file).
    class Entry < Record
      members :key, :size, :etag, :last_modified
    end

    # A request someone else performs without credentials (a browser's direct upload): the
    # HTTP method, the URL and the headers that must be sent exactly as given.
    class PresignedRequest < Record
      members :http_method, :url, :headers
    end

    # The MIME type the first bytes of an object announce; application/octet-stream for
    # anything that is not a known image format.
    def self.sniff_content_type(first_bytes)
      Native.sniff_content_type(first_bytes) || "application/octet-stream"
    end
  end
end
