# frozen_string_literal: true

require "rails/railtie"

module ImageForge
  # Rails integration, loaded by `require "image_forge"` inside a Rails app:
  #
  #   # config/application.rb
  #   config.active_storage.variant_processor = :image_forge
  #   config.image_forge.storage = :amazon                # a config/storage.yml service, or a store
  #   config.image_forge.presets = { thumb: { resize_to_fill: [200, 200], format: :webp } }
  #   config.image_forge.max_pixels = 40_000_000
  #   config.image_forge.signing_keys = [ENV["IMAGE_FORGE_KEY"]]
  #
  # It prepends ImageForge::ActiveStorageAnalyzer to the ActiveStorage analyzers
  # (config.image_forge.analyzer = false keeps Rails' own) and, on Rails 8.1, installs the
  # ActiveStorage transformer that `variant_processor = :image_forge` names.
  class Railtie < ::Rails::Railtie
    SETTINGS = %i[max_pixels max_bytes max_dimension max_memory presets variant_queue signing_keys endpoint_path
                  allow_unsigned_urls].freeze

    config.image_forge = ActiveSupport::OrderedOptions.new

    initializer "image_forge.configure" do |app|
      settings = app.config.image_forge
      ImageForge.configure do |c|
        SETTINGS.each { |name| c.public_send(:"#{name}=", settings[name]) unless settings[name].nil? }
        c.storage = if settings.storage
                      Railtie.storage_for(settings.storage, app)
                    else
                      Configuration.default_storage(root: app.root.join("storage", Railtie.prefix(app)).to_s)
                    end
        c.logger = ::Rails.logger
      end
    end

    rake_tasks { require "image_forge/tasks" }

    initializer "image_forge.log_subscriber" do
      require "image_forge/log_subscriber"
      LogSubscriber.attach_to :image_forge
    end

    initializer "image_forge.helpers" do
      ActiveSupport.on_load(:action_view) do
        require "image_forge/helpers"
        include ImageForge::Helpers
      end
    end

    initializer "image_forge.active_storage", before: "active_storage.configs" do |app|
      next unless app.config.respond_to?(:active_storage)

      require "image_forge/active_storage_originals"
      begin
        require "image_processing/image_forge"
      rescue LoadError
        nil # no image_processing in the bundle: ActiveStorage cannot make variants anyway
      end
      if app.config.image_forge.analyzer != false
        require "image_forge/active_storage_analyzer"
        app.config.active_storage.analyzers = [ActiveStorageAnalyzer, *app.config.active_storage.analyzers]
      end
    end

    # ActiveStorage's own after_initialize (registered by "active_storage.configs") sets
    # variant_transformer on 8.1 and knows no :image_forge; this one is registered after it.
    initializer "image_forge.transformer", after: "active_storage.configs" do |app|
      app.config.after_initialize { Railtie.install_transformer(::ActiveStorage) if defined?(::ActiveStorage) }
    end

    # Rails 7.1+ (preprocessed named variants): one job renders them all (ActiveStoragePreprocess).
    initializer "image_forge.preprocess" do
      ActiveSupport.on_load(:active_storage_attachment) do
        next unless private_method_defined?(:transform_variants_later)

        require "image_forge/active_storage_preprocess"
        prepend ActiveStoragePreprocess
      end
    end

    class << self
      # Rails 8.1: points ActiveStorage.variant_transformer at ImageForge when the app chose
      # :image_forge. Earlier versions have no such setting; later ones accept the class.
      def install_transformer(active_storage)
        return unless active_storage.respond_to?(:variant_transformer=)
        return unless active_storage.variant_processor.to_s == "image_forge"

        require "image_forge/active_storage_transformer"
        active_storage.variant_transformer = ActiveStorageTransformer
      end

      # A store from a config/storage.yml service name (Disk or S3 services), or +setting+
      # itself when it is a store already. ImageForge's own files (uploads, variants) go under
      # config.image_forge.prefix there ("image_forge" unless set), apart from the blobs.
      def storage_for(setting, app)
        return setting unless setting.is_a?(String) || setting.is_a?(Symbol)

        service_store(setting, app, prefix: prefix(app))
      end

      # The store of the storage.yml service +name+, under +prefix+ (nil: at its root).
      def service_store(name, app, prefix:)
        service = service_configurations(app).fetch(name.to_s) do
          raise InvalidArgumentError, "config.image_forge.storage: no ActiveStorage service #{name.inspect}"
        end
        store_for_service(name, service.transform_keys(&:to_sym), prefix.to_s)
      end

      def prefix(app) = app.config.image_forge.prefix || "image_forge"

      private

      def service_configurations(app)
        app.config.active_storage.service_configurations ||
          ActiveSupport::ConfigurationFile.parse(app.root.join("config/storage.yml")).deep_stringify_keys
      end

      def store_for_service(name, service, prefix)
        case service[:service]
        when "Disk" then Storage::Local.new(root: File.join(service.fetch(:root).to_s, prefix))
        when "S3"
          Storage::S3.new(**service.slice(:bucket, :region, :endpoint, :force_path_style, :access_key_id,
                                          :secret_access_key, :session_token), prefix:)
        else
          raise InvalidArgumentError,
                "config.image_forge.storage: service #{name.inspect} is #{service[:service]}; Disk and S3 are supported"
        end
      end
    end
  end
end
