# frozen_string_literal: true

RSpec.describe ImageForge::SingleFlight do
  subject(:flight) { described_class.new }

  it "lets a waiting caller take over when the leader is killed" do
    started = Queue.new
    leader = Thread.new { flight.run(:key) { (started << true) && sleep } }
    started.pop
    follower = Thread.new { flight.run(:key) { :rendered } }
    sleep 0.05 until follower.status == "sleep"
    leader.kill.join
    expect(follower.value).to eq(:rendered)
    expect(flight.run(:key) { :again }).to eq(:again) # nothing left behind
  end

  it "shares the leader's error, except a cancellation, which the follower retries" do
    started = Queue.new
    release = Queue.new
    leader = Thread.new do
      flight.run(:key) do
        started << true
        release.pop
        raise ImageForge::CancelledError, "interrupted"
      end
    end
    started.pop
    follower = Thread.new { flight.run(:key) { :rendered } }
    sleep 0.05 until follower.status == "sleep"
    release << true
    expect { leader.join }.to raise_error(ImageForge::CancelledError)
    expect(follower.value).to eq(:rendered)
  end
end

RSpec.describe ImageForge::RenderGate do
  # A thread inside the gate until the returned queue gets a value.
  def hold(gate)
    inside = Queue.new
    release = Queue.new
    holder = Thread.new { gate.enter { (inside << true) && release.pop } }
    inside.pop
    [holder, release]
  end

  it "gives a killed waiter's place back and passes a wakeup on" do
    gate = described_class.new(max_concurrency: 1, max_queue: 2, queue_timeout: 5)
    holder, release = hold(gate)
    waiter = Thread.new { gate.enter { :never } }
    sleep 0.05 until waiter.status == "sleep"
    waiter.kill.join
    release << true
    holder.join
    expect(gate.enter { :entered }).to eq(:entered)
    # Both slots are free again: two holders at once on a gate of one would block here.
    2.times { expect(gate.enter { :again }).to eq(:again) }
  end

  it "answers BusyError beyond the queue" do
    gate = described_class.new(max_concurrency: 1, max_queue: 0, queue_timeout: 0.1)
    holder, release = hold(gate)
    expect { gate.enter { :never } }.to raise_error(ImageForge::BusyError) { |e| expect(e.retry_after).to eq(1) }
    release << true
    holder.join
  end
end
