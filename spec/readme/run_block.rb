# frozen_string_literal: true

# Runs one README.md code block (ARGV[0]: its first line) in the current directory, the way a
# reader of the README would: statement by statement in one binding, checking each "# =>"
# comment. Prints "ok" per checked statement, or the first mismatch or error, and exits 1 then.
# Run by spec/readme_spec.rb, which prepares the directory and the environment.
require "image_forge"
require "stringio"
require "action_dispatch"
require_relative "readme"

block = Readme.blocks.find { |b| b.line == Integer(ARGV.fetch(0)) } or abort "no block at line #{ARGV[0]}"

# What the README's prose presumes of the reader's app: the presets its Variants section
# configures and the signing key of its Endpoint section (blocks before those use them).
ImageForge.configure do |c|
  c.presets = { thumb: { resize_to_fill: [200, 200], format: :webp },
                large: { resize_to_limit: [1600, 1600], saver: { quality: 82 } } }
  c.signing_keys = [ENV.fetch("IMAGE_FORGE_KEY")]
end
# An app has its job backend; here jobs run inline. (Rails 6.1's default, the async adapter,
# left a worker thread that once kept Ruby 3.1 from exiting after the block.)
require "active_job"
ActiveJob::Base.queue_adapter = :inline
ActiveJob::Base.logger = Logger.new(File::NULL)

# An S3 store a block makes (bucket "photos" on AWS, or a MinIO at 127.0.0.1:9000) is the S3
# test server's bucket, under this run's prefix: the real client against a real server.
module ReadmeS3
  def new(**options)
    return super if options[:endpoint] == ENV.fetch("IMAGE_FORGE_TEST_S3_ENDPOINT")

    super(**options, bucket: ENV.fetch("IMAGE_FORGE_TEST_S3_BUCKET"), region: "us-east-1",
                     endpoint: ENV.fetch("IMAGE_FORGE_TEST_S3_ENDPOINT"), force_path_style: true,
                     access_key_id: ENV.fetch("IMAGE_FORGE_TEST_S3_ACCESS_KEY"),
                     secret_access_key: ENV.fetch("IMAGE_FORGE_TEST_S3_SECRET_KEY"),
                     prefix: [ENV.fetch("README_S3_PREFIX"), options[:prefix]].compact.join("/"))
  end
end
ImageForge::Storage::S3.singleton_class.prepend(ReadmeS3)

# The binding blocks run in: a controller's +params+ with an uploaded photo, as Rails gives it.
def reader_binding
  photo = ActionDispatch::Http::UploadedFile.new(tempfile: File.open("in.jpg", "rb"), filename: "in.jpg",
                                                 type: "image/jpeg")
  params = { photo: }
  binding
end

def run_ruby(block, scope)
  Readme.statements(block).each do |statement|
    value = scope.eval(statement.code, "README.md", statement.line)
    next unless statement.expected

    problem = ReadmeExpectation.mismatch(value, statement.expected)
    abort "README.md:#{statement.line}: #{problem}" if problem
    puts "ok README.md:#{statement.line}"
  end
end

case [block.lang, block.context]
in ["ruby", nil] then run_ruby(block, reader_binding)
in ["erb", nil]
  # A view: rendered by ActionView with the helpers the Railtie includes.
  require "action_view"
  require "image_forge/helpers"
  ActionView::Base.include(ImageForge::Helpers)
  ImageForge.config.endpoint_path = "/images"
  tags = ActionView::Base.with_empty_template_cache.empty.render(inline: block.code).scan(/<img [^>]*>/)
  signed = %r{src="/images/.* srcset="[^"]+ 1x, [^"]+ 2x"}
  unless tags.size == block.code.scan("image_forge_tag").size && tags.all? { |t| t.match?(signed) }
    abort "README.md:#{block.line}: rendered #{tags.inspect}"
  end
  puts "ok README.md:#{block.line} #{tags.first}"
in ["ruby", "routes"]
  # The body of config/routes.rb: drawn on a real route set, then a signed URL of
  # ImageForge.url must be served through it.
  routes = ActionDispatch::Routing::RouteSet.new
  routes.draw { instance_eval(block.code, "README.md", block.line) }
  ImageForge.config.endpoint_path = "/images"
  response = Rack::MockRequest.new(routes).get(ImageForge.url("photos/1.jpg", :thumb))
  abort "GET through the routes: #{response.status} #{response.body[0, 200]}" unless response.status == 200
  puts "ok README.md:#{block.line} served #{response.content_type}"
end
