# frozen_string_literal: true

# The scenarios' schema: users, and ActiveStorage's own tables.
ActiveRecord::Migration.verbose = false
ActiveRecord::Schema.define { create_table(:users) { |t| t.string :name } }
require ActiveStorage::Engine.root.join("db/migrate/20170806125915_create_active_storage_tables.rb").to_s
CreateActiveStorageTables.new.migrate(:up)
