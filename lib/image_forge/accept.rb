# frozen_string_literal: true

module ImageForge
  # The HTTP Accept header, as far as format: :auto needs it.
  module Accept
    module_function

    # The value of the first [media type, value] pair in +choices+ that +header+ accepts
    # (named with a q-value above 0: "image/avif;q=0" refuses AVIF), else +fallback+.
    def pick(header, choices, fallback)
      accepted = types(header)
      choices.find { |type, _| accepted.include?(type) }&.last || fallback
    end

    # The media types +header+ names with a q-value above 0, lowercased.
    def types(header)
      header.split(",").filter_map do |range|
        type, *params = range.split(";").map(&:strip)
        q = params.filter_map { |param| param[/\Aq\s*=\s*(\S*)\z/i, 1] }.first
        type.downcase if type && (q.nil? || Float(q, exception: false).to_f.positive?)
      end
    end
  end
end
