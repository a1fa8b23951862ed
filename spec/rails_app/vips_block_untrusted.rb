# frozen_string_literal: true

# ActiveStorage 7.2 refuses to boot when ruby-vips is loadable but has no Vips.block_untrusted
# (ruby-vips 2.2.1+). bin/trixie's root has bookworm's ruby-vips 2.1.4 over libvips 8.16,
# which has the C call; this binds it as ruby-vips 2.2.1 does, so that stock ActiveStorage
# (variant_processor :vips) boots there: the baseline bench/preprocessed_variants.rb measures.
# Loaded before the app by named_variants_scenario.rb and that bench.
begin
  require "vips"
rescue LoadError
  nil # no ruby-vips: ActiveStorage boots without it
else
  unless Vips.respond_to?(:block_untrusted)
    module Vips
      attach_function :vips_block_untrusted_set, [:bool], :void

      def self.block_untrusted(state) = vips_block_untrusted_set(state)
    end
  end
end
