# frozen_string_literal: true

module Bench
  # The targets that are not a comparison with a peer, read off a task's rows (by engine).
  module Notes
    # Only 29 MP -> 400 has a floor target: there the entropy decode is most of the work.
    FLOOR_TARGETS = { "29mp-400" => "; target <= 1.10" }.freeze
    # Issue 19's targets against sharp: the default (quality first) and the speed setting.
    SHARP_TARGETS = { "imageforge" => " (target: time <= 1.00x at PSNR >= +1 dB)",
                      "imageforge+fast_shrink:true" => " (target: time <= 0.80x at PSNR >= +0 dB)" }.freeze

    module_function

    def lines(rows, task)
      one = rows["imageforge"]&.fetch(:median_ms, nil)
      return [] unless one

      [floor(rows, one, task), threads(rows, one), recipes(rows, one), *against_sharp(rows)].compact
    end

    # Each ImageForge row (the default and any variant) against sharp: time, PSNR, bytes.
    def against_sharp(rows)
      sharp = rows["sharp"]
      return [] unless sharp&.fetch(:psnr, nil)

      rows.select { |engine, r| (engine == "imageforge" || r[:variant]) && r[:psnr] }.map do |engine, r|
        target = SHARP_TARGETS.fetch(engine, "")
        format("%<label>s against sharp: %<t>.2fx the time, PSNR %<d>+.2f dB, %<b>.2fx the bytes%<target>s.",
               label: r[:label], t: r[:median_ms] / sharp[:median_ms], d: r[:psnr] - sharp[:psnr],
               b: r[:bytes].fdiv(sharp[:bytes]), target:)
      end
    end

    def floor(rows, one, task)
      floor = rows["imageforge_floor"]&.fetch(:median_ms, nil) or return nil
      format("ImageForge's render takes %<r>.2fx its decode floor (%<f>.1f ms%<t>s).",
             r: one / floor, f: floor, t: FLOOR_TARGETS.fetch(task.name, ""))
    end

    def threads(rows, one)
      two = rows["imageforge_2threads"]&.fetch(:median_ms, nil) or return nil
      format("2 Ruby threads render %<r>.2fx the throughput of 1 (issue 19 keeps >= 1.9).", r: 2 * one / two)
    end

    def recipes(rows, one)
      four = rows["imageforge_4recipes"]&.fetch(:median_ms, nil) or return nil
      format("4 sizes from one decode cost %<r>.2fx one render (issue 19 keeps <= 1.1).", r: four / one)
    end
  end
end
