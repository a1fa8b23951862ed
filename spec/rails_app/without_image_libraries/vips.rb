# frozen_string_literal: true

# On the load path of the Rails scenario: proves ImageForge renders and analyzes without it.
# The message names the gem, as a missing gem's does: ActiveStorage 7.2 requires its adapters
# at boot and rescues only a LoadError about the gem itself.
raise LoadError, "cannot load such file -- vips (ruby-vips hidden from the ImageForge Rails scenario)"
