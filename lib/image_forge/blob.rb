# frozen_string_literal: true

module ImageForge
  # A stored original, as returned by ImageForge.upload. +width+/+height+ are as displayed;
  # +checksum+ is the base64 MD5 of the bytes (what ActiveStorage and S3's Content-MD5 use);
  # +variants+ maps each preset rendered with the upload to its Variant or Error.
  Blob = Struct.new(:key, :byte_size, :content_type, :width, :height, :format, :checksum, :variants,
                    keyword_init: true) do
    def initialize(**)
      super
      self.variants ||= {}
      freeze
    end
  end
end
