# frozen_string_literal: true

class User < ActiveRecord::Base
  has_one_attached :photo
end
