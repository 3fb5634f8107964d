#include "media/relay_worker.hpp"

#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <system_error>

namespace hotline::media {
namespace {

constexpr std::array<StreamKind, 2> kKinds = {StreamKind::Rtp, StreamKind::Rtcp};

std::string errno_text(const char* call) { return std::string(call) + ": " + std::strerror(errno); }

// epoll data of the 20 ms ticker; the wakeup eventfd carries nullptr, sockets their endpoint.
char tick_marker;
constexpr long kTickNs = 20'000'000;
constexpr std::uint64_t kMaxCatchUpTicks = 5;  // after a stall, skip rather than burst

// The 8 kHz RTP clock on the monotonic clock: what the DTMF decoders measure durations in.
std::uint64_t clock_units_now() {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::steady_clock::now().time_since_epoch());
  return static_cast<std::uint64_t>(ns.count()) / 125'000;
}

bool watch(int epoll, int fd, void* data) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = data;
  return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

// The wall clock RTCP's NTP times are taken from, read once per tick or RTCP batch.
std::int64_t unix_us_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<RelayWorker>> RelayWorker::start(PortAllocator& ports, const MusicLibrary& music,
                                                        Sinks sinks) {
  UniqueFd epoll(epoll_create1(EPOLL_CLOEXEC));
  if (!epoll.is_open()) return Error::unavailable(errno_text("epoll_create1"));
  UniqueFd wakeup(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wakeup.is_open()) return Error::unavailable(errno_text("eventfd"));
  UniqueFd ticker(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!ticker.is_open()) return Error::unavailable(errno_text("timerfd_create"));
  itimerspec every_20ms{{0, kTickNs}, {0, kTickNs}};
  if (timerfd_settime(ticker.get(), 0, &every_20ms, nullptr) != 0) {
    return Error::unavailable(errno_text("timerfd_settime"));
  }
  if (!watch(epoll.get(), wakeup.get(), nullptr) || !watch(epoll.get(), ticker.get(), &tick_marker)) {
    return Error::unavailable(errno_text("epoll_ctl"));
  }
  std::unique_ptr<RelayWorker> worker(new RelayWorker(ports, music, std::move(sinks), std::move(epoll),
                                                      std::move(wakeup), std::move(ticker)));
  try {
    worker->thread_ = std::thread([raw = worker.get()] { raw->run(); });
  } catch (const std::system_error& e) {
    return Error::unavailable(std::string("media worker thread: ") + e.what());
  }
  return worker;
}

RelayWorker::RelayWorker(PortAllocator& ports, const MusicLibrary& music, Sinks sinks, UniqueFd epoll,
                         UniqueFd wakeup, UniqueFd ticker)
    : ports_(ports),
      sinks_(std::move(sinks)),
      epoll_(std::move(epoll)),
      wakeup_(std::move(wakeup)),
      ticker_(std::move(ticker)) {
  for (const auto& [name, files] : music.classes()) {
    if (auto instance = audio::MohClass::create(name, files))
      music_.emplace(name, std::move(instance).value());
  }
}

RelayWorker::~RelayWorker() {
  if (!thread_.joinable()) return;
  post(Command{CommandType::Stop});
  thread_.join();
}

RelayWorker::Command RelayWorker::command_for(CommandType type, RelayId id, RelaySide side) {
  Command command{type, id};
  command.side = side;
  return command;
}

void RelayWorker::add(std::unique_ptr<Relay> relay) {
  Command command = command_for(CommandType::Add, relay->id());
  command.relay = std::move(relay);
  post(std::move(command));
}

void RelayWorker::set_remote(RelayId id, RelaySide side, const SocketAddress& rtp,
                             const SocketAddress& rtcp) {
  Command command = command_for(CommandType::SetRemote, id, side);
  command.rtp = rtp;
  command.rtcp = rtcp;
  post(std::move(command));
}

void RelayWorker::destroy(RelayId id) { post(command_for(CommandType::Destroy, id)); }

std::future<std::unique_ptr<Relay>> RelayWorker::detach(RelayId id) {
  Command command = command_for(CommandType::Detach, id);
  command.handoff = std::make_shared<std::promise<std::unique_ptr<Relay>>>();
  auto future = command.handoff->get_future();
  post(std::move(command));
  return future;
}

void RelayWorker::start_tap(RelayId id, std::unique_ptr<CallTap> tap) {
  Command command = command_for(CommandType::StartTap, id);
  command.tap = std::move(tap);
  post(std::move(command));
}

void RelayWorker::pause_tap(RelayId id, bool paused) {
  Command command = command_for(CommandType::PauseTap, id);
  command.paused = paused;
  post(std::move(command));
}

void RelayWorker::set_audio_payload_type(RelayId id, RelaySide side, int payload_type) {
  Command command = command_for(CommandType::SetPayloadType, id, side);
  command.payload_type = payload_type;
  post(std::move(command));
}

void RelayWorker::watch_media(RelayId id, RelaySide side, std::uint32_t timeout_ticks) {
  Command command = command_for(CommandType::WatchMedia, id, side);
  command.timeout_ticks = timeout_ticks;
  post(std::move(command));
}

void RelayWorker::start_music(RelayId id, RelaySide side, const std::string& music_class) {
  Command command = command_for(CommandType::StartMusic, id, side);
  command.music_class = music_class;
  post(std::move(command));
}

void RelayWorker::stop_music(RelayId id, RelaySide side) {
  post(command_for(CommandType::StopMusic, id, side));
}

void RelayWorker::replace_music(const std::string& name, std::unique_ptr<audio::MohClass> music) {
  Command command = command_for(CommandType::ReplaceMusic, 0);
  command.music_class = name;
  command.music = std::move(music);
  post(std::move(command));
}

void RelayWorker::play(RelayId id, RelaySide side, PlayId play, std::unique_ptr<audio::Player> player) {
  Command command = command_for(CommandType::Play, id, side);
  command.play = play;
  command.player = std::move(player);
  post(std::move(command));
}

void RelayWorker::send_dtmf_events(RelayId id, RelaySide side, int payload_type,
                                   const dsp::Rfc4733Encoder& events) {
  Command command = command_for(CommandType::SendDtmf, id, side);
  command.payload_type = payload_type;
  command.events = events;
  post(std::move(command));
}

void RelayWorker::send_dtmf_tones(RelayId id, RelaySide side, std::unique_ptr<dsp::DtmfGenerator> tones) {
  Command command = command_for(CommandType::SendDtmf, id, side);
  command.tones = std::move(tones);
  post(std::move(command));
}

void RelayWorker::create_conference(ConferenceId conference) {
  Command command = command_for(CommandType::CreateConference, 0);
  command.conference = conference;
  post(std::move(command));
}

void RelayWorker::destroy_conference(ConferenceId conference) {
  Command command = command_for(CommandType::DestroyConference, 0);
  command.conference = conference;
  post(std::move(command));
}

void RelayWorker::join(ConferenceId conference, RelayId id, RelaySide side, const ParticipantSpec& spec) {
  Command command = command_for(CommandType::Join, id, side);
  command.conference = conference;
  command.participant = spec;
  post(std::move(command));
}

void RelayWorker::leave(ConferenceId conference, RelayId id, RelaySide side) {
  Command command = command_for(CommandType::Leave, id, side);
  command.conference = conference;
  post(std::move(command));
}

void RelayWorker::post(Command command) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(command));
  }
  // Set before the eventfd is written: the worker drains the eventfd before it tests the flag, so
  // a command is never left waiting without a wakeup.
  commands_waiting_.store(true, std::memory_order_release);
  std::uint64_t one = 1;
  // Fails only when the counter is saturated, and then the worker is woken anyway.
  [[maybe_unused]] auto written = write(wakeup_.get(), &one, sizeof one);
}

void RelayWorker::run() {
  while (running_) {
    int count = epoll_wait(epoll_.get(), events_.data(), kMaxEvents, -1);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) {
      spdlog::error("media worker stops: {}", errno_text("epoll_wait"));
      return;
    }
    // Commands first, so that a set_remote posted before a packet arrived applies to that packet.
    bool woken = std::any_of(events_.begin(), events_.begin() + count,
                             [](const epoll_event& event) { return event.data.ptr == nullptr; });
    if (woken) {
      std::uint64_t wakeups = 0;
      [[maybe_unused]] auto read_bytes = read(wakeup_.get(), &wakeups, sizeof wakeups);
    }
    if (commands_waiting_.exchange(false, std::memory_order_acq_rel)) run_commands();
    for (int i = 0; i < count; ++i) {
      void* data = events_[i].data.ptr;
      if (data == &tick_marker) {
        on_tick();
        continue;
      }
      auto* endpoint = static_cast<RelayEndpoint*>(data);
      if (endpoint != nullptr && !endpoint->relay->retired()) on_readable(*endpoint);
    }
    bury_retired();
  }
}

void RelayWorker::run_commands() {
  {
    std::lock_guard lock(mutex_);
    running_commands_.swap(pending_);
  }
  for (Command& command : running_commands_) apply(command);
  running_commands_.clear();
}

Relay* RelayWorker::find(RelayId id) {
  auto it = relays_.find(id);
  return it == relays_.end() ? nullptr : it->second.get();
}

void RelayWorker::apply(Command& command) {
  Relay* relay = find(command.id);
  switch (command.type) {
    case CommandType::Add:
      add_relay(std::move(command.relay));
      break;
    case CommandType::SetRemote:
      if (relay == nullptr) break;
      for (StreamKind kind : kKinds) {
        RelayEndpoint& endpoint = relay->endpoint(command.side, kind);
        endpoint.remote = kind == StreamKind::Rtp ? command.rtp : command.rtcp;
        endpoint.latched = false;  // a new offer or answer: learn the source again
      }
      break;
    case CommandType::Destroy:
      destroy_relay(command.id);
      break;
    case CommandType::Detach:
      detach_relay(command);
      break;
    case CommandType::StartTap:
      if (relay == nullptr) {
        sinks_.tap_done(std::move(command.tap));  // the relay is gone already: an empty recording
        break;
      }
      finish_tap(*relay);  // a relay records into one file at a time
      relay->tap = std::move(command.tap);
      tapped_.push_back(relay);
      break;
    case CommandType::PauseTap:
      if (relay != nullptr && relay->tap) relay->tap->set_paused(command.paused);
      break;
    case CommandType::SetPayloadType:
      if (relay != nullptr) relay->set_audio_payload_type(command.side, command.payload_type);
      break;
    case CommandType::WatchMedia:
      if (relay != nullptr) relay->silence_from(command.side) = {0, command.timeout_ticks};
      break;
    case CommandType::Stop:
      running_ = false;
      break;
    default:
      apply_local(command);
      break;
  }
}

void RelayWorker::add_relay(std::unique_ptr<Relay> relay) {
  Relay& added = *relay;
  relays_.emplace(added.id(), std::move(relay));
  for (RelaySide side : kRelaySides) {
    for (StreamKind kind : kKinds) {
      RelayEndpoint& endpoint = added.endpoint(side, kind);
      epoll_event event{};
      event.events = EPOLLIN;
      event.data.ptr = &endpoint;
      if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, endpoint.socket.fd(), &event) != 0) {
        spdlog::error("relay {}: {}", added.id(), errno_text("epoll_ctl"));
      }
    }
  }
  // A relay handed over by another worker brings its tap and local output along; its music plays
  // from this worker's instance of the class.
  if (added.tap) tapped_.push_back(&added);
  resolve_music(added);
  update_local(added);
}

// Events for the relay may still sit in the current epoll batch, so it is only marked retired and
// removed from epoll here; bury_retired() closes it once the batch is done.
void RelayWorker::destroy_relay(RelayId id) {
  auto it = relays_.find(id);
  if (it == relays_.end()) return;
  Relay& relay = *it->second;
  release_relay(relay);
  finish_tap(relay);
  stop_plays(relay, PlayOutcome::End::Stopped);
  relay.retire();
  retired_.push_back(std::move(it->second));
  relays_.erase(it);
}

// What destroying and handing over have in common: the relay leaves epoll, its conferences and
// the tick lists.
void RelayWorker::release_relay(Relay& relay) {
  for (RelaySide side : kRelaySides) {
    for (StreamKind kind : kKinds) {
      epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, relay.endpoint(side, kind).socket.fd(), nullptr);
    }
  }
  leave_conferences(relay);
  std::erase(tapped_, &relay);
  std::erase(local_, &relay);
}

// Like destroy_relay, the relay may still have events in the current batch; it is marked retired
// for the rest of the batch and handed over in bury_retired().
void RelayWorker::detach_relay(Command& command) {
  auto it = relays_.find(command.id);
  if (it == relays_.end()) {
    command.handoff->set_value(nullptr);
    return;
  }
  release_relay(*it->second);
  it->second->retire();
  leaving_.emplace_back(std::move(it->second), std::move(command.handoff));
  relays_.erase(it);
}

void RelayWorker::bury_retired() {
  for (auto& [relay, handoff] : leaving_) {
    relay->unretire();
    handoff->set_value(std::move(relay));
  }
  leaving_.clear();
  for (std::unique_ptr<Relay>& relay : retired_) {
    std::array<std::uint16_t, 2> ports = {relay->rtp_port(RelaySide::A), relay->rtp_port(RelaySide::B)};
    relay.reset();  // closes the sockets before their ports are offered again
    for (std::uint16_t port : ports) ports_.release(port);
  }
  retired_.clear();
}

// The per-packet path: one recvmmsg, the latching check, one sendmmsg. No allocation, no lock.
void RelayWorker::on_readable(RelayEndpoint& in) {
  int received = batch_.receive(in.socket.fd());
  RelayEndpoint& out = in.relay->endpoint(other_side(in.side), in.kind);
  bool destination_known = !out.remote.empty();
  // A side hearing the server's own audio gets no relayed RTP, so two streams never interleave,
  // and no relayed RTCP, which would describe a stream it does not hear; the server reports to it.
  if (in.relay->has_local_output(out.side)) destination_known = false;
  if (in.kind == StreamKind::Rtcp) {
    std::int64_t now_us = unix_us_now();
    for (int i = 0; i < received; ++i) {
      if (batch_.truncated(i) || !accept_source(in, batch_.source(i))) continue;
      read_rtcp(*in.relay, in.side, batch_.data(i), destination_known, now_us);
      if (destination_known) batch_.select(i);
    }
    if (destination_known) batch_.send_selected(out.socket.fd(), out.remote);
    return;
  }
  CallTap* tap = in.relay->tap.get();
  Conference* conference =
      in.relay->has_local_output(in.side) ? in.relay->output(in.side).conference() : nullptr;
  std::uint64_t now = clock_units_now();
  for (int i = 0; i < received; ++i) {
    if (batch_.truncated(i) || !accept_source(in, batch_.source(i))) continue;
    rtp::RtpPacketView packet;
    if (rtp::parse_rtp(batch_.data(i), packet) == rtp::RtpParseError::None) {
      if (packet.header.payload_type < 96) in.relay->payload_type_from(in.side) = packet.header.payload_type;
      in.relay->receiver(in.side).on_packet(packet.header, static_cast<std::uint32_t>(now));
      in.relay->silence_from(in.side).ticks = 0;
      in.relay->dtmf.on_rtp(in.side, packet, now);
      if (tap != nullptr) tap->on_rtp(in.side, packet);
      if (conference != nullptr) conference->on_rtp(in.relay->output(in.side).seat(), packet);
    }
    if (destination_known) batch_.select(i);
  }
  if (!destination_known) return;
  PacketBatch::Sent sent = batch_.send_selected(out.socket.fd(), out.remote);
  in.relay->count_received_on(in.side, sent.packets, sent.bytes);
}

// A report from `from`: about the stream it hears (the other side's, relayed, or ours while it
// hears local output), and its own SR, which our reports to it answer. Anything that does not parse
// as RTCP is still relayed, untouched, as before.
void RelayWorker::read_rtcp(Relay& relay, RelaySide from, std::span<const std::uint8_t> bytes, bool relayed,
                            std::int64_t now_us) {
  rtp::RtcpCompound compound;
  if (rtp::parse_rtcp(bytes, compound) != rtp::RtcpParseError::None) return;
  rtp::RtcpSession& session = relay.rtcp(from).session;
  session.set_relayed_source(relay.has_local_output(from) ? 0
                                                          : relay.receiver(other_side(from)).source_ssrc());
  session.on_compound(compound, now_us);
  // The other side's session measures the round trip to its phone from when this SR went there.
  if (relayed && compound.has_sender_report)
    relay.rtcp(other_side(from)).session.note_relayed_sender_report(compound.sender_info.ntp, now_us);
}

// Symmetric RTP: the first packet on a side (since creation or the last set_remote) tells where
// that side really is; after that only packets from that address are relayed, so a stranger who
// guesses the port can neither inject audio nor steal the stream.
bool RelayWorker::accept_source(RelayEndpoint& in, const SocketAddress& source) {
  if (in.latched) return source == in.remote;
  in.remote = source;
  in.latched = true;
  return true;
}

void RelayWorker::on_tick() {
  std::uint64_t expirations = 0;
  if (read(ticker_.get(), &expirations, sizeof expirations) != sizeof expirations) return;
  for (std::uint64_t t = 0; t < std::min(expirations, kMaxCatchUpTicks); ++t) {
    for (Relay* relay : tapped_) relay->tap->tick();
    tick_relays();
    if (local_.empty()) continue;
    for (auto& [name, music] : music_) music->advance();
    for (auto& [id, conference] : conferences_) conference->tick();
    send_local_audio(unix_us_now());
  }
}

void RelayWorker::tick_relays() {
  std::uint64_t now = clock_units_now();
  for (auto& [id, relay] : relays_) {
    relay->publish_quality();
    count_silence(*relay);
    relay->dtmf.tick(now);
    RelaySide side;
    dsp::DtmfDigit digit;
    while (relay->dtmf.poll(side, digit)) {
      sinks_.digits(id, side, digit);
      // The side that pressed the key is the one listening to the prompt.
      if (relay->has_local_output(side)) report(*relay, side, relay->output(side).on_digit(digit.digit));
    }
  }
}

void RelayWorker::count_silence(Relay& relay) {
  for (RelaySide side : kRelaySides) {
    Relay::Silence& silence = relay.silence_from(side);
    if (silence.limit == 0 || ++silence.ticks < silence.limit) continue;
    silence.limit = 0;  // reported once
    sinks_.media_timeout(relay.id(), side);
  }
}

void RelayWorker::finish_tap(Relay& relay) {
  if (!relay.tap) return;
  std::erase(tapped_, &relay);
  sinks_.tap_done(std::move(relay.tap));
}

}  // namespace hotline::media
