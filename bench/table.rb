# frozen_string_literal: true

module Bench
  # The Markdown table of one task's results.
  module Table
    module_function

    def lines(rows)
      base = rows.find { |r| r[:label] == ENGINES.fetch("imageforge")[:label] && r[:median_ms] }
      sharp = rows.find { |r| r[:label] == ENGINES.fetch("sharp")[:label] && r[:median_ms] }
      ["| engine | median ms | ImageForge/peer | time / sharp | peak RSS MB | bytes | output | PSNR dB |",
       "|---|--:|--:|--:|--:|--:|--:|--:|",
       *rows.map { |r| r[:error] || r[:skipped] ? unmeasured(r) : row(r, base, sharp) }]
    end

    def unmeasured(result)
      "| #{result[:label]} | #{result[:error] ? "failed: #{result[:error]}" : "skipped: #{result[:skipped]}"} " \
        "| | | | | | |"
    end

    def row(result, base, sharp)
      return "| #{result[:label]} | #{format("%.1f", result[:median_ms])} | | | | | | |" if result[:bytes].nil?

      rss = format("%.0f", result[:rss_mb])
      rss += format(" + %.0f convert", result[:child_rss_mb]) if result[:child_rss_mb]
      "| #{result[:label]} | #{format("%.1f", result[:median_ms])} | #{ratio(result, base)} | " \
        "#{over_sharp(result, sharp)} | #{rss} | #{thousands(result[:bytes])} | " \
        "#{result[:width]}x#{result[:height]} | #{format("%.2f", result[:psnr])} |"
    end

    # ImageForge's time over a peer's; none for ImageForge's own rows.
    def ratio(result, base)
      return "—" if base.nil? || result.equal?(base) || result[:extra] || result[:variant]

      format("%.2f", base[:median_ms] / result[:median_ms])
    end

    # This row's time over sharp's, for every engine doing the task itself.
    def over_sharp(result, sharp)
      return "—" if sharp.nil? || result.equal?(sharp) || result[:extra]

      format("%.2f", result[:median_ms] / sharp[:median_ms])
    end

    def thousands(number) = number.to_s.reverse.scan(/\d{1,3}/).join(",").reverse
  end
end
