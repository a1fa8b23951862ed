# frozen_string_literal: true

Rails.application.routes.draw do
  mount ImageForge::Endpoint.new => "/images"
end
