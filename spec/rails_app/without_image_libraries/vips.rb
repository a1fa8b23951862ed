# frozen_string_literal: true

# On the load path of the Rails scenario: proves ImageForge renders and analyzes without it.
raise LoadError, "cannot load such file -- vips (hidden from the ImageForge Rails scenario)"
