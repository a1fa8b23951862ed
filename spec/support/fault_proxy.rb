# frozen_string_literal: true

require "socket"

# A loopback HTTP proxy in front of the S3 test server that misbehaves on request: each
# request is matched against the queued faults (first match wins, used once) and answered
# with 503 SlowDown, left hanging, reset, or forwarded with its body or the answer's body
# corrupted. Everything else is forwarded untouched. One connection per request.
class FaultProxy
  Fault = Struct.new(:kind, :match, :times)

  attr_reader :port, :requests

  def initialize(upstream)
    uri = URI(upstream)
    @upstream = [uri.host, uri.port]
    @server = TCPServer.new("127.0.0.1", 0)
    @port = @server.addr[1]
    @faults = []
    @requests = []
    @lock = Mutex.new
    @threads = []
    @acceptor = Thread.new { accept_loop }
  end

  def endpoint = "http://127.0.0.1:#{@port}"

  # Queues +kind+ (:slowdown, :stall, :reset, :corrupt_request, :corrupt_response) for the
  # next +times+ requests whose request line matches +match+.
  def inject(kind, match: //, times: 1)
    @lock.synchronize { @faults << Fault.new(kind, match, times) }
    self
  end

  def close
    @acceptor.kill
    @threads.each(&:kill)
    @server.close
  end

  private

  def accept_loop
    loop do
      client = @server.accept
      @threads << Thread.new(client) { |c| serve(c) }
    end
  end

  def serve(client)
    head = read_head(client) or return client.close
    line = head.lines.first.to_s.strip
    body = client.read(head[/^content-length:\s*(\d+)/i, 1].to_i)
    fault = take_fault(line)
    @lock.synchronize { @requests << [line, fault&.kind] }
    case fault&.kind
    when :slowdown then slowdown(client)
    when :stall then sleep # the client's timeout has to end this
    when :reset then reset(client)
    when :corrupt_request then forward(client, head, flip(body))
    when :corrupt_response then forward(client, head, body, corrupt: true)
    else forward(client, head, body)
    end
  rescue IOError, SystemCallError
    nil
  ensure
    client.close unless client.closed?
  end

  def read_head(client)
    head = +""
    while (line = client.gets)
      head << line
      return head if line == "\r\n"
    end
    nil
  end

  def take_fault(line)
    @lock.synchronize do
      fault = @faults.find { |f| f.times.positive? && f.match.match?(line) } or return nil
      fault.times -= 1
      fault
    end
  end

  def slowdown(client)
    xml = "<?xml version=\"1.0\"?><Error><Code>SlowDown</Code><Message>Please reduce your " \
          "request rate.</Message><RequestId>FAULTPROXY</RequestId></Error>"
    client.write("HTTP/1.1 503 Slow Down\r\ncontent-type: application/xml\r\n" \
                 "x-amz-request-id: FAULTPROXY\r\ncontent-length: #{xml.bytesize}\r\n" \
                 "connection: close\r\n\r\n#{xml}")
  end

  def reset(client)
    # SO_LINGER with a zero timeout makes close send RST instead of FIN.
    client.setsockopt(Socket::SOL_SOCKET, Socket::SO_LINGER, [1, 0].pack("ii"))
  end

  def forward(client, head, body, corrupt: false)
    upstream = TCPSocket.new(*@upstream)
    upstream.write(head.sub(/\r\n\r\n\z/, "\r\nconnection: close\r\n\r\n").gsub(/^connection: keep-alive\r\n/i, ""))
    upstream.write(body)
    answer = upstream.read
    if corrupt
      split = answer.index("\r\n\r\n") + 4
      answer = answer[0, split] + flip(answer[split..])
    end
    client.write(answer)
  ensure
    upstream&.close
  end

  # The same bytes with one bit changed in the middle.
  def flip(bytes)
    return bytes if bytes.empty?

    out = bytes.b
    middle = out.bytesize / 2
    out.setbyte(middle, out.getbyte(middle) ^ 0x01)
    out
  end
end
