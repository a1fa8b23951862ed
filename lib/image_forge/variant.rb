# frozen_string_literal: true

require "digest/sha2"

module ImageForge
  # One transformation of one stored original, rendered once and stored next to it under a
  # deterministic key, then served from storage:
  #
  #   variants/<source key>/<digest>.<ext>
  #
  # The digest covers the source key, the source's ETag (a replaced original gets new
  # variants) and the canonical recipe (equal recipes written differently share a variant).
  class Variant
    ROOT = "variants"
    # Variants never change under their key, so caches may keep them for good.
    CACHE_CONTROL = "public, max-age=31536000, immutable"

    RENDERS = SingleFlight.new
    private_constant :RENDERS

    attr_reader :source_key, :recipe, :key, :format, :content_type, :storage, :digest

    # The variant of +source_key+ for +recipe+ (a Recipe, any form Recipe.from takes, or a
    # preset name; see RecipeArgument), stored in +storage+. The original is read where
    # Originals.locate says (+storage+ itself, or an ActiveStorage blob's service). Reads the
    # source's headers once, unless given as +source+ (NotFoundError when missing).
    def self.for(source_key, recipe, storage: ImageForge.config.storage, source: nil)
      recipe = RecipeArgument.resolve(recipe)
      original = Originals.locate(source_key, storage)
      source ||= original.head
      new(source_key, recipe, storage:, source_etag: source.etag, source_content_type: source.content_type,
                              original:)
    end

    # Where every variant of +source_key+ lives.
    def self.prefix_for(source_key) = "#{ROOT}/#{Key.validate!(source_key)}/"

    # Whether +key+ names a variant of +source_key+ itself (<prefix><digest>.<ext>), not of a
    # key below it.
    def self.of?(key, source_key)
      name = key.delete_prefix(prefix_for(source_key))
      name != key && name.match?(/\A\h{32}\.\w+\z/)
    end

    def initialize(source_key, recipe, storage:, source_etag:, source_content_type:, original: nil)
      @source_key = Key.validate!(source_key)
      @recipe = Recipe.from(recipe)
      @storage = storage
      @original = original || Originals.locate(source_key, storage)
      @format, extension, @content_type = @recipe.output_for(source_content_type)
      @digest = Digest::SHA256.hexdigest([source_key, source_etag, @recipe.to_s].join("\n"))[0, 32]
      @key = Key.validate!("#{self.class.prefix_for(source_key)}#{@digest}.#{extension}")
      freeze
    end

    # Renders and stores the variant unless it is stored already; returns self. Concurrent
    # calls for one variant in this process render it once; across processes a race costs a
    # second render, never a partial object (stores write atomically). With +gate+ (a
    # RenderGate) the render waits for a slot, or raises BusyError.
    def processed(gate: nil)
      process(gate:)
      self
    end

    # #processed, returning whether the variant was stored already (a hit).
    def process(gate: nil)
      Instrumentation.variant(self) do |payload|
        payload[:hit] = exists?
        unless payload[:hit]
          RENDERS.run([storage.object_id, key]) { exists? || (gate ? gate.enter { store(render) } : store(render)) }
        end
        payload[:hit]
      end
    end

    def exists? = storage.exists?(key)

    # The stored bytes (NotFoundError before #processed).
    def download = storage.download(key)

    # A URL for the stored variant: presigned GET on S3, base_url or file:// on Local.
    def url(expires_in: Storage::S3::DEFAULT_EXPIRY) = storage.presigned_url(key, expires_in:)

    # Stores already rendered +bytes+ as this variant.
    def store(bytes)
      storage.upload(key, bytes.b, content_type:, cache_control: CACHE_CONTROL)
      true
    end

    def inspect = "#<#{self.class.name} #{key} recipe=#{recipe.to_s.inspect}>"

    private

    def render
      Image.from_blob(@original.download, key: source_key).apply(recipe).to_blob
    end
  end
end
