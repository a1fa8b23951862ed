# frozen_string_literal: true

require "active_support/all"
require "active_storage"
require "active_storage/transformers/transformer"
require "active_storage/transformers/image_processing_transformer"
require "image_processing/image_forge"
require_relative "../readme/readme"

# README's table "Migrating variants from :vips or :mini_magick", row by row: every option the
# first column names goes through ActiveStorage's own transformer, and what the last column
# says happens (Mapped, Accepted, Dropped: it renders; Refused: an ImageProcessing::Error
# naming the replacement) must happen. foreign_options_spec.rb checks what each one renders.
module MigrationTable
  module_function

  # [[options, verdict, row text]]; options is a transformation Hash.
  def rows
    lines = File.readlines(Readme::PATH, chomp: true)
    start = lines.index { |l| l.start_with?("| Option (as passed to `variant`)") } or raise "no migration table"
    lines[(start + 2)..].take_while { |l| l.start_with?("|") }.flat_map do |line|
      first, _from, outcome = line.split(/\s*\|\s*/).drop(1)
      verdict = outcome[/\A(Mapped|Accepted|Refused|Dropped)\b/, 1] or raise "no verdict in #{line}"
      options(first).map { |option| [option, verdict, line] }
    end
  end

  # The transformations a cell names: `key: value` fragments, and bare values ("Line", :entropy)
  # standing for the fragment before with its last value replaced.
  def options(cell)
    previous = nil
    cell.scan(/`([^`]+)`/).flatten.map do |fragment|
      fragment = previous.sub(/("[^"]*"|:\w+)(?!.*("[^"]*"|:\w+))/, fragment) if fragment.match?(/\A("[^"]*"|:\w+)\z/)
      previous = fragment
      transformation(fragment)
    end
  end

  # The fragment as a Hash, with the table's sizes w and h at 100.
  def transformation(fragment, w: 100, h: 100)
    eval("{ #{fragment} }", binding, __FILE__, __LINE__) # rubocop:disable Security/Eval
  end
end

RSpec.describe "README's migration table", :tmpdir do
  around do |example|
    saved = ActiveStorage.variant_processor
    ActiveStorage.variant_processor = :image_forge
    example.run
  ensure
    ActiveStorage.variant_processor = saved
  end

  let(:source) { File.join(@tmpdir, "in.jpg").tap { |path| File.binwrite(path, quadrants_jpeg(300, 200)) } }

  def variant(transformations)
    ActiveStorage::Transformers::ImageProcessingTransformer.new(transformations)
                                                           .transform(File.open(source), format: "jpg", &:read)
  end

  rows = MigrationTable.rows

  it "names every option the issue asked about" do
    names = rows.flat_map { |options, _, _| options.keys + options.values.grep(Hash).flat_map(&:keys) }
    array_options = rows.flat_map { |options, _, _| options.values.grep(Array).map(&:last).grep(Hash).flat_map(&:keys) }
    expect(names + array_options).to include(:strip, :quality, :Q, :interlace, :colourspace, :colorspace, :gravity,
                                             :crop, :sharpen)
  end

  rows.each do |options, verdict, _line|
    it "#{verdict.downcase}: #{options.inspect}" do
      case verdict
      when "Refused"
        expect { variant(options) }.to raise_error(ImageProcessing::ImageForge::InvalidArgumentError)
      when "Dropped"
        expect(variant(options.merge(resize_to_limit: [100, 100])))
          .to eq(variant(resize_to_limit: [100, 100]))
      else
        expect(ImageForge::Image.from_blob(variant(options)).info.format).to eq(:jpeg)
      end
    end
  end
end
