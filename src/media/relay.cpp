#include "media/relay.hpp"

#include <string>

namespace hotline::media {

Relay::Relay(RelayId id, BoundPortPair side_a, BoundPortPair side_b, std::string_view cname_host,
             std::int64_t rtcp_interval_us)
    : id_(id),
      rtcp_{make_rtcp(RelaySide::A, cname_host, rtcp_interval_us),
            make_rtcp(RelaySide::B, cname_host, rtcp_interval_us)} {
  adopt(RelaySide::A, side_a);
  adopt(RelaySide::B, side_b);
}

Relay::SideRtcp Relay::make_rtcp(RelaySide side, std::string_view cname_host,
                                 std::int64_t interval_us) const {
  // One CNAME per side: each is a participant of its own RTP session (RFC 3550 6.5.1).
  std::string cname = "relay-" + std::to_string(id_) + (side == RelaySide::A ? "a@" : "b@");
  cname += cname_host;
  rtp::RtcpSessionConfig config;
  config.interval_us = interval_us;
  return {rtp::RtcpSession(local_ssrc(side), cname, local_ssrc(side), config)};
}

// Any SSRC unlikely to be the relayed stream's: derived from the relay and side, not random, so no
// per-relay state is needed to make one.
std::uint32_t Relay::local_ssrc(RelaySide side) const {
  return static_cast<std::uint32_t>(id_ * 2654435761u) ^ (side == RelaySide::A ? 0x5a5a5a5au : 0xa5a5a5a5u);
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
  if (!output) output = std::make_unique<LocalOutput>(local_ssrc(side));
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
    const rtp::LegQuality& reported = rtcp_[index(side)].session.quality();
    if (!reported.has_remote_report) continue;
    out.remote_fraction_lost.store(reported.remote_fraction_lost, std::memory_order_relaxed);
    out.remote_lost.store(reported.remote_cumulative_lost, std::memory_order_relaxed);
    out.remote_jitter_ms.store(reported.remote_jitter_ms, std::memory_order_relaxed);
    out.round_trip_ms.store(reported.round_trip_ms, std::memory_order_relaxed);
    out.has_round_trip.store(reported.has_round_trip, std::memory_order_relaxed);
    out.remote_reported.store(true, std::memory_order_relaxed);
  }
}

ReceiveQuality Relay::quality(RelaySide side) const {
  const auto& q = published_[index(side)];
  return {q.received.load(std::memory_order_relaxed), q.lost.load(std::memory_order_relaxed),
          q.jitter_ms.load(std::memory_order_relaxed)};
}

std::optional<RemoteReport> Relay::remote_report(RelaySide side) const {
  const auto& q = published_[index(side)];
  if (!q.remote_reported.load(std::memory_order_relaxed)) return std::nullopt;
  RemoteReport report;
  report.fraction_lost = q.remote_fraction_lost.load(std::memory_order_relaxed);
  report.cumulative_lost = q.remote_lost.load(std::memory_order_relaxed);
  report.jitter_ms = q.remote_jitter_ms.load(std::memory_order_relaxed);
  if (q.has_round_trip.load(std::memory_order_relaxed))
    report.round_trip_ms = q.round_trip_ms.load(std::memory_order_relaxed);
  return report;
}

}  // namespace hotline::media
