# frozen_string_literal: true

# Attachments and blobs as ImageForge sources in the real Rails app: signed URLs made from
# them are served by the endpoint mounted in the app under puma, reading the blob through its
# own service, while ImageForge's own files go under its prefix.
RSpec.describe "ActiveStorage attachments through ImageForge", :tmpdir do
  let(:portrait) { RailsScenario.portrait(@tmpdir, gradient_png(120, 80)) }

  def dimensions(response) = ImageForge::Image.from_blob(response.body).info.then { |i| [i.format, i.width, i.height] }

  shared_examples "attachments served from their service" do
    it "signs URLs for attachments and blobs, serves them, and keeps its own files apart" do
      env = RailsScenario.env(@tmpdir, service, service_env)
      result = RailsScenario.run("attachments_scenario", env, portrait)
      key = "active_storage/#{result[:service_name]}/#{result[:blob_key]}"
      src = result[:tag][/src="([^"]+)"/, 1]
      expect(src).to match(%r{\A/images/[\w-]{43}/resize_to_fill:64:64,format:webp/#{key}\z})
      expect(result[:variant_key]).to start_with("variants/#{key}/")
      expect(result[:variant_size]).to eq([33, 50])
      expect(result[:placed]).to eq(result[:uploaded_key].to_sym => { own_prefix: true, service_root: false },
                                    result[:variant_key].to_sym => { own_prefix: true, service_root: false })
      expect(result[:refused]).to include("name ActiveStorage blobs")
      expect(result[:purged]).to eq(1)

      log = File.join(@tmpdir, "server.log")
      server = RailsScenario.serve(env.merge("RAILS_LOG" => log))
      begin
        thumb = server.get(src)
        expect([thumb.code, thumb["Content-Type"]]).to eq(["200", "image/webp"]), thumb.body
        expect(dimensions(thumb)).to eq([:webp, 64, 64])
        expect(dimensions(server.get(result[:attachment_url]))).to eq([:jpeg, 27, 40])
        expect(dimensions(server.get(result[:blob_url]))).to eq([:png, 30, 20])
        key = result[:blob_key] # a random key: its first character may already be "x"
        tampered = result[:blob_url].sub(key, "#{key.start_with?("x") ? "y" : "x"}#{key[1..]}")
        expect(server.get(tampered).code).to eq("403")
        expect(server.get(src).code).to eq("200")
        # The app's Rails log, as ImageForge::LogSubscriber writes it: a miss, then a hit.
        request = /ImageForge \([\d.]+ms\) GET #{Regexp.escape(src.delete_prefix("/images").inspect)}/
        lines = File.read(log).gsub(/\e\[\d+m/, "").lines.grep(request)
        expect(lines.map { |line| line[/200 \((hit|miss)\)/, 1] }).to eq(%w[miss hit])
      ensure
        server.stop
      end
    end
  end

  context "with the Disk service" do
    let(:service) { "local" }
    let(:service_env) { {} }

    it_behaves_like "attachments served from their service"
  end

  context "with the S3 service on the S3 test server" do
    let(:service) { "s3" }
    let(:service_env) { S3Server.env }

    it_behaves_like "attachments served from their service"
  end

  it "keeps ImageForge's default Local store under Rails.root, apart from ActiveStorage's Disk root" do
    env = RailsScenario.env(@tmpdir, "local", "IMAGE_FORGE_STORAGE_UNSET" => "1")
    result = RailsScenario.run("config_scenario", env)
    expect(result[:storage_root]).to eq(File.join(RailsScenario::APP, "storage", "image_forge"))
  end
end
