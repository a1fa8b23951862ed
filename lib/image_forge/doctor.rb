# frozen_string_literal: true

require "securerandom"
require "image_forge/samples"

module ImageForge
  # Checks a setup end to end: the configuration, the storage (write, head, read back,
  # delete a small object), every output codec, every preset and, when ActiveStorage is loaded,
  # its wiring to ImageForge. Each check is [ok?, name, detail].
  class Doctor
    PROBE_PREFIX = "image_forge-doctor"
    # ActiveStorage services whose files ImageForge's stores read.
    READABLE_SERVICES = %w[ActiveStorage::Service::DiskService ActiveStorage::Service::S3Service].freeze

    # A check that failed for a reason its message says in full.
    class Failed < StandardError; end

    def initialize(config: ImageForge.config)
      @config = config
    end

    def run
      [configuration, storage, *codecs, *presets, *active_storage]
    end

    private

    def check(name)
      [true, name, yield]
    rescue Failed => e
      [false, name, e.message]
    rescue StandardError => e
      [false, name, "#{e.class.name}: #{e.message}"]
    end

    def sample = @sample ||= Samples.draw_png(64, 48, 3) { |x, y| [x * 4, y * 5, 128] }

    def configuration
      check("configuration") do
        keys = @config.signing_keys.size
        "#{@config.storage.inspect}; max_pixels #{@config.max_pixels}, max_bytes #{@config.max_bytes}, " \
          "max_dimension #{@config.max_dimension}; #{@config.presets.size} preset(s); " \
          "#{keys.zero? ? "no signing keys (the endpoint cannot sign URLs)" : "#{keys} signing key(s)"}"
      end
    end

    def storage
      check("storage") do
        store = @config.storage
        key = "#{PROBE_PREFIX}/#{SecureRandom.hex(8)}.png"
        started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
        store.upload(key, sample, content_type: "image/png")
        begin
          same = store.head(key).size == sample.bytesize && store.download(key) == sample
          raise StorageError, "read back #{key} differs" unless same
        ensure
          store.delete(key)
          remove_probe_folder(store)
        end
        ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - started) * 1000
        format("write, head, read back and delete of #{key}: %.1f ms", ms)
      end
    end

    # Local storage keeps the folder of a deleted key (S3 has no folders); the check must leave
    # the store as it found it. A folder that holds anything else (a concurrent run) stays.
    def remove_probe_folder(store)
      Dir.rmdir(File.join(store.root, PROBE_PREFIX)) if store.is_a?(Storage::Local)
    rescue Errno::ENOENT, Errno::ENOTEMPTY, Errno::EEXIST
      nil
    end

    def codecs
      %i[jpeg png webp avif gif].map do |format|
        check("codec #{format}") do
          bytes = Image.from_blob(sample).convert(format).to_blob
          info = Image.from_blob(bytes).info unless format == :avif # AVIF headers are not probed yet
          "#{bytes.bytesize} bytes#{" (#{info.format} #{info.width}x#{info.height})" if info}"
        end
      end
    end

    def active_storage
      return [] unless defined?(::ActiveStorage::Engine) # ActiveStorage in a Rails app

      [active_storage_processor, active_storage_analyzer, active_storage_service]
    end

    def active_storage_processor
      check("active_storage variant processor") do
        processor = ::ActiveStorage.variant_processor
        # Rails 8.2 takes the transformer class itself.
        next processor.inspect if %w[image_forge ImageForge::ActiveStorageTransformer].include?(processor.to_s)

        raise Failed, "#{processor.inspect}: variants do not render with ImageForge " \
                      "(config.active_storage.variant_processor = :image_forge)"
      end
    end

    def active_storage_analyzer
      check("active_storage analyzer") do
        names = ::ActiveStorage.analyzers.map(&:name)
        position = names.index("ImageForge::ActiveStorageAnalyzer")
        raise Failed, "ImageForge::ActiveStorageAnalyzer is not among #{names.inspect}" unless position

        "ImageForge::ActiveStorageAnalyzer, #{position + 1} of #{names.size}"
      end
    end

    def active_storage_service
      check("active_storage service") do
        service = ::ActiveStorage::Blob.service
        kind = service.class.name
        name = service.name.to_s.inspect
        unless READABLE_SERVICES.include?(kind)
          raise Failed, "#{name} is #{kind}: ImageForge reads Disk and S3 services"
        end

        "#{name} (#{kind.split("::").last})"
      end
    end

    def presets
      @config.presets.map do |name, recipe|
        check("preset #{name}") { "#{Image.from_blob(sample).apply(recipe).to_blob.bytesize} bytes from a 64x48 PNG" }
      end
    end
  end
end
