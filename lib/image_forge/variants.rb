# frozen_string_literal: true

# Variants of stored originals: ImageForge.variant, .process_variants, .purge_variants.
module ImageForge
  class << self
    # The Variant of +key+ for +recipe_or_preset+ and/or the +recipe+ keywords (a preset name,
    # a recipe in any form Recipe.from takes, or keywords such as resize_to_limit: [100, 100];
    # see RecipeArgument). Call #processed on it to render and store it when missing.
    def variant(key, recipe_or_preset = nil, storage: config.storage, **recipe)
      Variant.for(Originals.key_for(key), RecipeArgument.resolve(recipe_or_preset, recipe), storage:)
    end

    # Renders the +presets+ (names, as Symbols or Strings) and the +recipes+ (name: recipe
    # keywords, for variants that are not presets) of +key+ that are not stored yet, from one
    # download and one decode of the source, in parallel without the GVL, and stores them.
    # Returns a Hash of name => Variant (stored) or the ImageForge::Error that one ran into.
    def process_variants(key, *presets, storage: config.storage, bytes: nil, **recipes)
      key = Originals.key_for(key)
      source = Originals.locate(key, storage).head
      wanted = presets.flatten.to_h { |name| [name.to_sym, name.to_sym] }.merge(recipes)
      variants = wanted.transform_values { |recipe| Variant.for(key, recipe, storage:, source:) }
      missing = variants.reject { |_, variant| variant.exists? }
      variants.except(*missing.keys).each_value { |variant| Instrumentation.variant(variant, hit: true) { nil } }
      return variants if missing.empty?

      stored = render_variants(key, missing, storage:, bytes:)
      variants.merge(stored) { |_, variant, result| result.is_a?(Exception) ? result : variant }
    end

    # Renders +missing+ (name => Variant of +key+, known not to be stored) from one download
    # and one decode, and stores them concurrently. Returns name => stored byte size, or the
    # ImageForge::Error that variant ran into. For callers that already checked what is stored
    # (process_variants, bulk backfills), so nothing is looked up twice.
    def render_variants(key, missing, storage: config.storage, bytes: nil)
      rendered = render_all(key, bytes || Originals.locate(key, storage).download, missing.values)
      store_all(missing, rendered).each do |name, result|
        next unless result.is_a?(Exception)

        # Quoted: a key (or a message quoting one) with a newline must not forge a log line.
        config.logger&.warn("ImageForge: variant #{name} of #{key.inspect} failed: #{result.message.inspect}")
      end
    end

    # Deletes every stored variant of +key+ (of every recipe and every past version of the
    # source); returns how many.
    def purge_variants(key, storage: config.storage)
      key = Originals.key_for(key)
      purged = 0
      storage.list(Variant.prefix_for(key)).each do |entry|
        # The prefix of "users/42" also lists the variants of "users/42/avatar.png".
        next unless Variant.of?(entry.key, key)

        storage.delete(entry.key)
        purged += 1
      end
      purged
    end

    private

    # One result per variant: the encoded bytes or an Error; a source that cannot be read
    # fails them all.
    def render_all(key, bytes, variants)
      Image.from_blob(bytes, key:).to_blobs(variants.map(&:recipe))
    rescue Error => e
      Array.new(variants.size, e)
    end

    # Uploads rendered variants concurrently (each upload releases the GVL while it waits), each
    # in its variant.image_forge event (a failed render raises in it, so the event has the error).
    def store_all(variants, rendered)
      variants.zip(rendered).map do |(name, variant), bytes|
        Thread.new do
          Instrumentation.variant(variant, hit: false) do
            raise bytes if bytes.is_a?(Error)

            variant.store(bytes)
            [name, bytes.bytesize]
          end
        rescue Error => e
          [name, e]
        end
      end.to_h(&:value)
    end
  end
end
