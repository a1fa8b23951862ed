# frozen_string_literal: true

require "ripper"

# README.md's code blocks, cut into the statements a reader would type, each with the value
# its "# =>" comment promises. The convention is in spec/readme_spec.rb.
module Readme
  PATH = File.expand_path("../../README.md", __dir__)

  # A fenced block: its language, first code line (1-based), code, and the context of the
  # <!-- readme-spec: CONTEXT (why) --> comment right above its fence, if any.
  Block = Struct.new(:lang, :line, :code, :context, keyword_init: true) do
    def name = "#{lang} block at README.md:#{line}"
  end

  # One statement (possibly several lines) and the expectation its "# =>" comment states.
  Statement = Struct.new(:line, :code, :expected, keyword_init: true)

  MARKER = /\A<!-- readme-spec: (\w+)(?: \((.+)\))? -->\z/

  module_function

  def blocks(path = PATH)
    lines = File.readlines(path, chomp: true)
    blocks = []
    index = 0
    while index < lines.size
      if (lang = lines[index][/\A```(\w+)\z/, 1])
        close = (index + 1...lines.size).find { |i| lines[i] == "```" } or raise "unclosed fence at #{index + 1}"
        marker = index.positive? ? lines[index - 1][MARKER, 1] : nil
        blocks << Block.new(lang:, line: index + 2, code: "#{lines[index + 1...close].join("\n")}\n", context: marker)
        index = close
      end
      index += 1
    end
    blocks
  end

  # The block's statements in order. A statement ends where the Ruby parsed so far is complete
  # and the next line does not continue it with a leading dot; a line holding only
  # "# => ..." states the value of the statement before it.
  def statements(block)
    lines = block.code.lines
    statements = []
    buffer = [] # [line number, text] of the statement so far
    lines.each_with_index do |line, i|
      next attach(statements, line, block.line + i) if buffer.empty? && line.match?(EXPECTATION)

      buffer << [block.line + i, line]
      next unless ends_statement?(buffer, lines[(i + 1)..])

      statements << statement(buffer)
      buffer = []
    end
    raise "README.md:#{buffer.first.first}: incomplete Ruby" unless buffer.empty?

    statements
  end

  EXPECTATION = /\A\s*# => (.*)$/

  def attach(statements, line, number)
    raise "README.md:#{number}: '# =>' follows no statement" if statements.empty?

    statements.last.expected = line[EXPECTATION, 1]
  end

  def ends_statement?(buffer, rest)
    Ripper.sexp(buffer.map(&:last).join) && !rest.find { |l| !l.strip.empty? }&.lstrip&.start_with?(".")
  end

  def statement(buffer)
    code = buffer.map(&:last).join
    Statement.new(line: buffer.first.first, code:, expected: inline_expectation(code))
  end

  # The text after "# => " in the statement's last comment, when it is one.
  def inline_expectation(code)
    comment = Ripper.lex(code).select { |_, type, _| type == :on_comment }.last
    comment && comment[2][/\A# => (.*)$/, 1]
  end
end

# Whether a value is what a README "# => EXPECTED" comment says (see spec/readme_spec.rb).
module ReadmeExpectation
  # What "..." and the placeholders stand for in an expected inspect.
  PLACEHOLDERS = {
    "..." => ".*?", "<integer>" => "\\d+", "<base64url HMAC-SHA256>" => "[A-Za-z0-9_-]{43}",
    "<base64 MD5>" => "[A-Za-z0-9+/]{22}==", "<32 hex>" => "\\h{32}"
  }.freeze
  LITERAL = /\A(?:["\[{:#\d-]|true\b|false\b|nil\b)/
  # A trailing "(remark)" after the value, with at most one level of nested parentheses.
  REMARK = /\s+\((?:[^()]|\([^()]*\))*\)\z/

  module_function

  # nil when +value+ matches +expected+, else what differs.
  def mismatch(value, expected)
    text = expected.strip.sub(REMARK, "")
    return describe_mismatch(value, text) unless text.match?(LITERAL)

    actual = normalize(value.inspect)
    actual.match?(pattern(text)) ? nil : "expected #{text}, got #{actual}"
  end

  # "binary String", "Head size, etag": an instance of the class, answering each member.
  def describe_mismatch(value, text)
    binary, class_name, members = text.match(/\A(binary )?([A-Z][\w:]*)\s*(.*)\z/)&.captures
    raise ArgumentError, "unreadable expectation #{text.inspect}" unless class_name

    klass = lookup(class_name)
    return "expected a #{klass}, got #{value.inspect[0, 200]}" unless value.is_a?(klass)
    return "expected binary, got #{value.encoding}" if binary && value.encoding != Encoding::BINARY

    missing = members.split(/,\s*/).reject { |m| value.respond_to?(m) }
    missing.empty? ? nil : "#{klass} has no #{missing.join(", ")}"
  end

  # A class by its name in the README: ImageForge's storage records, ImageForge's, Ruby's.
  def lookup(name)
    scope = [ImageForge::Storage, ImageForge, Object].find { |s| s.const_defined?(name) }
    return scope.const_get(name) if scope

    raise ArgumentError, "no class #{name}"
  end

  # Ruby 3.4's Hash#inspect ({thumb: 1, "a" => 2}) for 3.1's ({:thumb=>1, "a"=>2}), without
  # the spaces just inside braces and brackets, so either spelling compares equal.
  def normalize(text)
    text.gsub(/:(\w+)=>/, '\1: ').gsub(/("(?:[^"\\]|\\.)*")=>/, '\1 => ')
        .gsub(/([{\[])\s+/, '\1').gsub(/\s+([}\]])/, '\1').gsub(/\s+/, " ")
  end

  def pattern(text)
    pieces = normalize(text).split(/(#{Regexp.union(PLACEHOLDERS.keys)})/)
    Regexp.new("\\A#{pieces.map { |piece| PLACEHOLDERS[piece] || Regexp.escape(piece) }.join}\\z", Regexp::MULTILINE)
  end
end
