# frozen_string_literal: true

# The Rails app under puma (spec/rails/attachments_spec.rb): the endpoint is mounted at /images.
require_relative "config/environment"
run Rails.application
