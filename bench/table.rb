# frozen_string_literal: true

module Bench
  # The Markdown table of one task's results.
  module Table
    module_function

    def lines(rows)
      base = rows.find { |r| r[:label] == ENGINES.fetch("imageforge")[:label] && r[:median_ms] }
      ["| engine | median ms | ImageForge/peer | peak RSS MB | bytes | output | PSNR dB |",
       "|---|--:|--:|--:|--:|--:|--:|",
       *rows.map { |r| r[:error] ? "| #{r[:label]} | failed: #{r[:error]} | | | | | |" : row(r, base) }]
    end

    def row(result, base)
      return "| #{result[:label]} | #{format("%.1f", result[:median_ms])} | | | | | |" if result[:bytes].nil?

      ratio = ratio(result, base)
      rss = format("%.0f", result[:rss_mb])
      rss += format(" + %.0f convert", result[:child_rss_mb]) if result[:child_rss_mb]
      bytes = result[:bytes].to_s.reverse.scan(/\d{1,3}/).join(",").reverse
      "| #{result[:label]} | #{format("%.1f", result[:median_ms])} | #{ratio} | #{rss} | #{bytes} | " \
        "#{result[:width]}x#{result[:height]} | #{format("%.2f", result[:psnr])} |"
    end

    # ImageForge's time over a peer's; none for ImageForge's own rows.
    def ratio(result, base)
      return "—" if base.nil? || result.equal?(base) || result[:extra]

      format("%.2f", base[:median_ms] / result[:median_ms])
    end
  end
end
