# frozen_string_literal: true

module ImageForge
  class CLI
    # The options that build a recipe (render) or define presets (every command); each adds to
    # the recipe in the order given on the command line.
    module RecipeOptions
      OPERATIONS = %i[resize_to_limit resize_to_fit resize_to_fill resize_to_cover crop rotate].freeze
      # The word an operation's option may take after its numbers: --resize-to-fill 200,200,north.
      TRAILING_KEYWORD = { resize_to_fill: :gravity, rotate: :background }.freeze

      private

      def recipe_options(opts)
        opts.on("--recipe RECIPE", "a canonical recipe string") { |r| @recipe += Recipe.from(r) }
        OPERATIONS.each do |name|
          opts.on("--#{name.to_s.tr("_", "-")} ARGS", Array, option_help(name)) do |values|
            @recipe = add_operation(@recipe, name, values)
          end
        end
        opts.on("--format FORMAT", "jpeg, png, webp, avif, gif") { |f| @recipe = @recipe.add(:convert, f) }
        opts.on("--quality Q", Integer) { |q| @recipe = @recipe.saver(quality: q) }
      end

      def option_help(name)
        keyword = TRAILING_KEYWORD[name]
        keyword ? "#{name} (numbers, then an optional #{keyword})" : name.to_s
      end

      # Numbers are positional; a last word that is not a number is the operation's keyword
      # (gravity, background), so "200,200,north" reads as resize_to_fill(200, 200, gravity: "north").
      def add_operation(recipe, name, values)
        values = values.map { |value| Integer(value, exception: false) || value }
        keyword = TRAILING_KEYWORD[name]
        return recipe.add(name, *values) unless keyword && values.last.is_a?(String)

        recipe.add(name, *values[0...-1], keyword => values.last)
      end

      # --preset NAME=RECIPE, repeatable: adds a preset to the configuration for this run.
      def preset_option(opts)
        opts.on("--preset NAME=RECIPE", "define a preset (repeatable)") do |definition|
          name, recipe = definition.split("=", 2)
          raise OptionParser::InvalidArgument, "--preset #{definition} (expected NAME=RECIPE)" if recipe.to_s.empty?

          ImageForge.config.presets = ImageForge.config.presets.merge(name.to_sym => recipe)
        end
      end
    end
  end
end
