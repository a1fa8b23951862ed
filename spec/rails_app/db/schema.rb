# frozen_string_literal: true

# The test app's tables, created in its fresh database by each script that boots it
# (the *scenario.rb scripts and bench/preprocessed_variants.rb).
ActiveRecord::Migration.verbose = false
ActiveRecord::Schema.define do
  create_table(:users) { |t| t.string :name }
  create_table(:members) { |t| t.string :name }
end
require ActiveStorage::Engine.root.join("db/migrate/20170806125915_create_active_storage_tables.rb").to_s
CreateActiveStorageTables.new.migrate(:up)
