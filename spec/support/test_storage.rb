# frozen_string_literal: true

# The store a spec's child process (puma, rake) uses, from its environment:
# IMAGE_FORGE_STORAGE=s3 with the S3 test server's IMAGE_FORGE_TEST_S3_* settings and
# IMAGE_FORGE_S3_PREFIX, else Local storage under IMAGE_FORGE_ROOT.
module TestStorage
  module_function

  def from_env(env = ENV)
    return ImageForge::Storage::Local.new(root: env.fetch("IMAGE_FORGE_ROOT")) unless env["IMAGE_FORGE_STORAGE"] == "s3"

    ImageForge::Storage::S3.new(bucket: env.fetch("IMAGE_FORGE_TEST_S3_BUCKET"),
                                endpoint: env.fetch("IMAGE_FORGE_TEST_S3_ENDPOINT"), force_path_style: true,
                                access_key_id: env.fetch("IMAGE_FORGE_TEST_S3_ACCESS_KEY"),
                                secret_access_key: env.fetch("IMAGE_FORGE_TEST_S3_SECRET_KEY"),
                                prefix: env.fetch("IMAGE_FORGE_S3_PREFIX"))
  end

  # The environment that makes a child process use +storage+ (Local or the S3 test server).
  def env_for(storage)
    return { "IMAGE_FORGE_ROOT" => storage.root } if storage.is_a?(ImageForge::Storage::Local)

    S3Server.env.merge("IMAGE_FORGE_STORAGE" => "s3", "IMAGE_FORGE_S3_PREFIX" => storage.prefix)
  end
end
