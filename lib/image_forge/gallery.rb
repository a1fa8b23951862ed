# frozen_string_literal: true

require "erb"

module ImageForge
  # The preview page of `image_forge serve`: every original in the storage with its presets,
  # each image fetched through the Endpoint by a signed URL. When the page has loaded, <body>
  # says how many images there are and how many loaded (data-images, data-loaded), so a
  # headless browser can check it.
  class Gallery
    PREVIEW = { resize_to_limit: [320, 320] }.freeze

    def initialize(storage:, presets:, limit: 60)
      @storage = storage
      @presets = presets
      @limit = limit
    end

    def call(env)
      return [404, { "Content-Type" => "text/plain" }, ["not found\n"]] unless env["PATH_INFO"].to_s.chomp("/").empty?

      html = page(originals.first(@limit))
      [200, { "Content-Type" => "text/html; charset=utf-8", "Content-Length" => html.bytesize.to_s }, [html]]
    end

    private

    def originals
      @storage.list.map(&:key).reject { |key| key.start_with?("#{Variant::ROOT}/") }
    end

    def figures(key)
      [["original (preview)", ImageForge.url(key, PREVIEW)],
       *@presets.keys.map { |name| [name.to_s, ImageForge.url(key, name)] }]
    end

    def page(keys)
      h = ->(text) { ERB::Util.html_escape(text) }
      sections = keys.map do |key|
        images = figures(key).map do |label, url|
          %(<figure><img src="#{h[url]}" alt="#{h["#{key} #{label}"]}"><figcaption>#{h[label]}</figcaption></figure>)
        end
        %(<section><h2>#{h[key]}</h2><div class="row">#{images.join}</div></section>)
      end
      <<~HTML
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>ImageForge gallery</title>
        <style>
          body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; background: #f4f4f4; }
          section { background: #fff; padding: 1rem; margin-bottom: 1rem; border-radius: 6px; }
          .row { display: flex; gap: 1rem; flex-wrap: wrap; align-items: flex-end; }
          figure { margin: 0; } figcaption { font-size: 12px; color: #555; }
        </style></head>
        <body data-images="#{keys.size * (1 + @presets.size)}">
        <h1>ImageForge gallery</h1>
        #{sections.empty? ? "<p>No images in the storage yet: image_forge upload FILE KEY</p>" : sections.join("\n")}
        <script>
          window.addEventListener("load", () => {
            const images = Array.from(document.images);
            document.body.dataset.loaded = images.filter((i) => i.complete && i.naturalWidth > 0).length;
          });
        </script>
        </body></html>
      HTML
    end
  end
end
