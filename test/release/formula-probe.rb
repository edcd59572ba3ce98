# Loads a Homebrew formula with a stand-in Formula class that records its DSL calls (the install, service and test
# blocks are kept, not run), and prints them as JSON: enough to check a generated formula without Homebrew.
require "json"

class Formula
  RECORD = { "resources" => [], "blocks" => [] }

  class << self
    %i[desc homepage version license].each do |name|
      define_method(name) { |value| RECORD[name.to_s] = value }
    end

    def url(value, **_options)
      RECORD["resources"] << { "os" => @os, "cpu" => @cpu, "url" => value }
    end

    def sha256(value)
      RECORD["resources"].last["sha256"] = value
    end

    def on_macos = within(:@os, "macos") { yield }
    def on_linux = within(:@os, "linux") { yield }
    def on_arm = within(:@cpu, "arm") { yield }
    def on_intel = within(:@cpu, "intel") { yield }

    def within(variable, value)
      raise "nested #{variable}" if instance_variable_get(variable)
      instance_variable_set(variable, value)
      yield
    ensure
      instance_variable_set(variable, nil)
    end

    %i[livecheck service test].each do |name|
      define_method(name) { |&block| RECORD["blocks"] << name.to_s if block }
    end
  end
end

load ARGV.fetch(0)
formula = Object.const_get("Amrouter")
raise "Amrouter is not a Formula" unless formula < Formula
Formula::RECORD["methods"] = %i[install caveats].select { |name| formula.method_defined?(name) }.map(&:to_s)
puts JSON.generate(Formula::RECORD)
