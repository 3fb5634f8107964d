#include "media/relay.hpp"

namespace hotline::media {

Relay::Relay(RelayId id, BoundPortPair side_a, BoundPortPair side_b) : id_(id) {
  adopt(RelaySide::A, side_a);
  adopt(RelaySide::B, side_b);
}

void Relay::adopt(RelaySide side, BoundPortPair& ports) {
  rtp_ports_[index(side)] = ports.rtp_port;
  for (StreamKind kind : {StreamKind::Rtp, StreamKind::Rtcp}) {
    RelayEndpoint& endpoint = this->endpoint(side, kind);
    endpoint.relay = this;
    endpoint.side = side;
    endpoint.kind = kind;
    endpoint.socket = std::move(kind == StreamKind::Rtp ? ports.rtp : ports.rtcp);
  }
}

LocalOutput& Relay::output(RelaySide side) {
  auto& output = outputs_[index(side)];
  if (!output) {
    // Any SSRC unlikely to be the relayed stream's: derived from the relay and side, not random,
    // so no per-relay state is needed to make one.
    auto ssrc =
        static_cast<std::uint32_t>(id_ * 2654435761u) ^ (side == RelaySide::A ? 0x5a5a5a5au : 0xa5a5a5a5u);
    output = std::make_unique<LocalOutput>(ssrc);
  }
  return *output;
}

int Relay::audio_payload_type_towards(RelaySide side) const {
  int configured = audio_payload_type_[index(side)];
  return configured >= 0 ? configured : payload_type_from_[index(side)];
}

RelayCounters Relay::counters() const {
  const auto& from_a = received_on_[index(RelaySide::A)];
  const auto& from_b = received_on_[index(RelaySide::B)];
  RelayCounters counters;
  counters.packets_a_to_b = from_a.packets.load(std::memory_order_relaxed);
  counters.bytes_a_to_b = from_a.bytes.load(std::memory_order_relaxed);
  counters.packets_b_to_a = from_b.packets.load(std::memory_order_relaxed);
  counters.bytes_b_to_a = from_b.bytes.load(std::memory_order_relaxed);
  return counters;
}

void Relay::publish_quality() {
  for (RelaySide side : {RelaySide::A, RelaySide::B}) {
    auto stats = receivers_[index(side)].stats();
    auto& out = published_[index(side)];
    out.received.store(stats.received, std::memory_order_relaxed);
    out.lost.store(stats.lost, std::memory_order_relaxed);
    out.jitter_ms.store(stats.jitter_ms, std::memory_order_relaxed);
  }
}

ReceiveQuality Relay::quality(RelaySide side) const {
  const auto& q = published_[index(side)];
  return {q.received.load(std::memory_order_relaxed), q.lost.load(std::memory_order_relaxed),
          q.jitter_ms.load(std::memory_order_relaxed)};
}

}  // namespace hotline::media
