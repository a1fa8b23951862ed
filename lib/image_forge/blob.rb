# frozen_string_literal: true

module ImageForge
  # A stored original, as returned by ImageForge.upload. +width+/+height+ are as displayed;
  # +checksum+ is the base64 MD5 of the bytes (what ActiveStorage and S3's Content-MD5 use).
  Blob = Struct.new(:key, :byte_size, :content_type, :width, :height, :format, :checksum,
                    keyword_init: true) do
    def initialize(**)
      super
      freeze
    end
  end
end
