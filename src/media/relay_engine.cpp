#include "media/relay_engine.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "media/audio/wav_file.hpp"

namespace hotline::media {

int media_worker_count(int requested) {
  if (requested > 0) return requested;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
}

Result<std::unique_ptr<RelayEngine>> RelayEngine::start(const MediaOptions& options) {
  auto bind_address = SocketAddress::from_ip(options.bind_address, 0);
  if (!bind_address || bind_address->is_unspecified()) {
    return Error::invalid("bind_address", "media bind_address must be a numeric local IP address, got '" +
                                              options.bind_address + "'");
  }
  if (options.port_min == 0 || options.port_max < options.port_min + 1 + options.port_min % 2) {
    return Error::invalid("port_min",
                          "the media port range must hold at least one even RTP port and its RTCP "
                          "port (port_min " +
                              std::to_string(options.port_min) + ", port_max " +
                              std::to_string(options.port_max) + ")");
  }
  if (options.workers < 0) return Error::invalid("workers", "media workers must be 0 (automatic) or more");
  if (options.rtcp_interval_ms <= 0) {
    return Error::invalid("rtcp_interval_ms", "the RTCP report interval must be positive, got " +
                                                  std::to_string(options.rtcp_interval_ms) + " ms");
  }

  std::unique_ptr<RelayEngine> engine(new RelayEngine(options, *bind_address));
  for (int i = 0; i < media_worker_count(options.workers); ++i) {
    auto worker = RelayWorker::start(*engine->ports_, engine->music_, engine->worker_sinks());
    if (!worker) return worker.error();
    engine->workers_.push_back(std::move(*worker));
  }
  RelayEngine* raw = engine.get();
  engine->preparer_ = std::make_unique<PlayPreparer>(
      options.speech_cache_dir,
      [raw](const PlayPreparer::Job& job, std::unique_ptr<audio::Player> player) {
        raw->deliver_play(job, std::move(player));
      },
      [report = options.on_play_done](const PlayPreparer::Job& job, const Error& error) {
        if (!report) return;
        std::string what = error.field.empty() ? error.message : error.field + ": " + error.message;
        report({job.relay, job.towards, job.play, PlayOutcome::End::Failed, 0, 0, std::move(what)});
      });
  return engine;
}

RelayWorker::Sinks RelayEngine::worker_sinks() {
  RelayWorker::Sinks sinks;
  sinks.tap_done = [finisher = finisher_.get()](std::unique_ptr<CallTap> tap) {
    finisher->hand_over(std::move(tap));
  };
  sinks.digits = [report = options_.on_dtmf](RelayId id, RelaySide side, const dsp::DtmfDigit& digit) {
    if (report) report(id, side, digit);
  };
  sinks.play_done = [report = options_.on_play_done](const PlayOutcome& outcome) {
    if (report) report(outcome);
  };
  sinks.media_timeout = [report = options_.on_media_timeout](RelayId id, RelaySide side) {
    if (report) report(id, side);
  };
  return sinks;
}

RelayEngine::RelayEngine(const MediaOptions& options, const SocketAddress& bind_address)
    : options_(options),
      bind_family_(bind_address.family()),
      ports_(std::make_unique<PortAllocator>(bind_address, options.port_min, options.port_max)),
      music_(MusicLibrary::load(options.music_dir)),
      writer_(std::make_unique<audio::RecordingWriter>()),
      finisher_(std::make_unique<RecordingFinisher>(*writer_, options.on_recording_finished)) {}

RelayEngine::~RelayEngine() {
  preparer_.reset();  // no more plays reach the workers
  relays_.clear();
  workers_.clear();  // recordings of relays still open stay valid files (the writer closes them)
  finisher_.reset();
  writer_.reset();
}

void RelayEngine::start_recording(RelayId id, const RecordingSpec& spec) {
  auto it = relays_.find(id);
  audio::RecordingOptions options;
  options.channels = spec.channels == 1 ? audio::RecordingChannels::Mono : audio::RecordingChannels::Stereo;
  auto recorder = it == relays_.end() ? Result<std::shared_ptr<audio::WavRecorder>>(
                                            Error::not_found("relay " + std::to_string(id) + " is gone"))
                                      : writer_->start(spec.path.string(), options);
  if (!recorder) {
    {
      std::lock_guard lock(start_failures_mutex_);
      ++start_failures_;
      last_start_error_ = recorder.error().message;
    }
    if (options_.on_recording_finished) {
      options_.on_recording_finished({spec.id, 0, 0, 0, recorder.error().message});
    }
    return;
  }
  it->second.worker->start_tap(id, std::make_unique<CallTap>(spec.id, *recorder, spec.customer_side));
}

void RelayEngine::start_music(RelayId id, RelaySide towards, const std::string& music_class) {
  if (auto it = relays_.find(id); it != relays_.end())
    it->second.worker->start_music(id, towards, music_class);
}

void RelayEngine::stop_music(RelayId id, RelaySide towards) {
  if (auto it = relays_.find(id); it != relays_.end()) it->second.worker->stop_music(id, towards);
}

void RelayEngine::reload_music(const std::string& music_class,
                               std::vector<std::shared_ptr<const audio::Prompt>> files) {
  for (auto& worker : workers_) {
    std::unique_ptr<audio::MohClass> instance;
    if (!files.empty()) {
      auto created = audio::MohClass::create(music_class, files);
      if (!created) {
        spdlog::warn("music on hold: class {} not replaced: {}", music_class, created.error().message);
        return;
      }
      instance = std::move(created).value();
    }
    worker->replace_music(music_class, std::move(instance));
  }
}

void RelayEngine::pause_recording(RelayId id, bool paused) {
  if (auto it = relays_.find(id); it != relays_.end()) it->second.worker->pause_tap(id, paused);
}

RecordingHealth RelayEngine::recording_health() const {
  auto health = writer_->health();
  RecordingHealth out{health.active_recordings, health.failed_recordings, health.last_error};
  std::lock_guard lock(start_failures_mutex_);
  out.failed += start_failures_;
  if (out.last_error.empty()) out.last_error = last_start_error_;
  return out;
}

void RelayEngine::drain_recordings() { finisher_->drain(); }

Result<RecordingOutcome> repair_recording(const std::filesystem::path& path) {
  auto repaired = audio::recover_wav(path.string());
  if (!repaired) return repaired.error();
  RecordingOutcome outcome;
  outcome.duration_ms = repaired->duration_ms;
  outcome.bytes = static_cast<std::int64_t>(repaired->data_bytes + 44);
  return outcome;
}

Result<RelayPorts> RelayEngine::create_relay() {
  auto side_a = ports_->allocate();
  if (!side_a) return side_a.error();
  auto side_b = ports_->allocate();
  if (!side_b) {
    ports_->release(std::move(*side_a));
    return side_b.error();
  }
  RelayPorts ports{next_id_++, side_a->rtp_port, side_b->rtp_port};
  auto relay = std::make_unique<Relay>(ports.id, std::move(*side_a), std::move(*side_b),
                                       options_.bind_address, options_.rtcp_interval_ms * 1000);
  RelayWorker* worker = workers_[next_worker_++ % workers_.size()].get();
  {
    std::lock_guard lock(relays_mutex_);
    relays_.emplace(ports.id, RelayHandle{relay.get(), worker});
  }
  worker->add(std::move(relay));
  return ports;
}

void RelayEngine::set_remote(RelayId id, RelaySide side, const std::string& ip, std::uint16_t rtp_port) {
  auto it = relays_.find(id);
  if (it == relays_.end()) return;
  auto rtp = SocketAddress::from_ip(ip, rtp_port);
  if (!rtp || rtp->family() != bind_family_) {
    spdlog::warn("relay {}: remote address '{}' is not a usable IP address; waiting for packets", id, ip);
    return;
  }
  SocketAddress rtcp = *rtp;
  rtcp.set_port(static_cast<std::uint16_t>(rtp_port + 1));
  // 0.0.0.0 or port 0 (hold, or a rejected stream): nothing to send to until the peer sends.
  if (rtp->is_unspecified() || rtp_port == 0 || rtp_port == 65535) *rtp = rtcp = SocketAddress{};
  it->second.worker->set_remote(id, side, *rtp, rtcp);
}

void RelayEngine::destroy_relay(RelayId id) {
  auto it = relays_.find(id);
  if (it == relays_.end()) return;
  RelayWorker* worker = it->second.worker;
  {
    std::lock_guard lock(relays_mutex_);
    relays_.erase(it);  // the relay may be gone as soon as the worker reads the command
  }
  for (auto& [conference_id, conference] : conferences_) {
    std::erase_if(conference.members, [id](const auto& member) { return member.first == id; });
  }
  worker->destroy(id);
}

ReceiveQuality RelayEngine::quality(RelayId id, RelaySide side) const {
  auto it = relays_.find(id);
  return it == relays_.end() ? ReceiveQuality{} : it->second.relay->quality(side);
}

std::optional<RemoteReport> RelayEngine::remote_report(RelayId id, RelaySide side) const {
  auto it = relays_.find(id);
  return it == relays_.end() ? std::nullopt : it->second.relay->remote_report(side);
}

RelayCounters RelayEngine::counters(RelayId id) const {
  auto it = relays_.find(id);
  return it == relays_.end() ? RelayCounters{} : it->second.relay->counters();
}

void RelayEngine::set_audio_payload_type(RelayId id, RelaySide side, int payload_type) {
  if (auto it = relays_.find(id); it != relays_.end())
    it->second.worker->set_audio_payload_type(id, side, payload_type);
}

void RelayEngine::watch_media(RelayId id, RelaySide side, std::int64_t timeout_ms) {
  auto it = relays_.find(id);
  if (it == relays_.end()) return;
  auto ticks = timeout_ms <= 0 ? 0 : static_cast<std::uint32_t>(std::max<std::int64_t>(1, timeout_ms / 20));
  it->second.worker->watch_media(id, side, ticks);
}

PlayId RelayEngine::play(RelayId id, RelaySide towards, PlaySpec spec) {
  PlayId play = next_play_++;
  preparer_->submit({id, towards, play, std::move(spec)});
  return play;
}

void RelayEngine::stop_play(RelayId id, RelaySide towards) {
  preparer_->submit({id, towards, 0, std::nullopt});  // after the plays already submitted
}

void RelayEngine::deliver_play(const PlayPreparer::Job& job, std::unique_ptr<audio::Player> player) {
  std::lock_guard lock(relays_mutex_);
  auto it = relays_.find(job.relay);
  if (it != relays_.end()) {
    it->second.worker->play(job.relay, job.towards, job.play, std::move(player));
  } else if (player && options_.on_play_done) {
    options_.on_play_done({job.relay, job.towards, job.play, PlayOutcome::End::Stopped});
  }
}

Status RelayEngine::send_dtmf(RelayId id, RelaySide towards, const DtmfSendSpec& spec) {
  if (spec.duration_ms < 40 || spec.duration_ms > 2000)
    return Error::invalid("duration_ms", "a DTMF tone lasts 40 to 2000 ms");
  if (spec.gap_ms < 40 || spec.gap_ms > 2000) return Error::invalid("gap_ms", "DTMF gaps last 40 to 2000 ms");
  auto it = relays_.find(id);
  if (it == relays_.end()) return Error::not_found("relay " + std::to_string(id) + " is gone");
  auto duration = static_cast<std::uint32_t>(spec.duration_ms);
  auto gap = static_cast<std::uint32_t>(spec.gap_ms);
  if (spec.telephone_event_pt >= 96 && spec.telephone_event_pt <= 127) {
    dsp::Rfc4733Encoder events;
    if (!events.start(spec.digits, duration, gap))
      return Error::invalid("digits", "up to 32 of 0-9, *, #, A-D");
    it->second.worker->send_dtmf_events(id, towards, spec.telephone_event_pt, events);
    return ok_status();
  }
  auto tones = dsp::DtmfGenerator::create({-10, 0, spec.duration_ms, spec.gap_ms});
  if (!tones) return tones.error();
  if (spec.digits.empty() || spec.digits.size() > 32 || !tones->queue(spec.digits))
    return Error::invalid("digits", "up to 32 of 0-9, *, #, A-D");
  it->second.worker->send_dtmf_tones(id, towards, std::make_unique<dsp::DtmfGenerator>(std::move(*tones)));
  return ok_status();
}

ConferenceId RelayEngine::create_conference() {
  return create_conference_on(workers_[next_worker_++ % workers_.size()].get());
}

ConferenceId RelayEngine::create_conference_beside(ConferenceId beside) {
  auto other = conferences_.find(beside);
  if (other == conferences_.end()) return create_conference();
  return create_conference_on(other->second.worker);
}

ConferenceId RelayEngine::create_conference_on(RelayWorker* worker) {
  ConferenceId id = next_conference_++;
  conferences_.emplace(id, ConferenceHandle{worker, {}});
  worker->create_conference(id);
  return id;
}

bool RelayEngine::in_conference_elsewhere(RelayId id, ConferenceId except) const {
  for (const auto& [conference_id, conference] : conferences_) {
    if (conference_id == except) continue;
    for (const auto& member : conference.members)
      if (member.first == id) return true;
  }
  return false;
}

Status RelayEngine::join_conference(ConferenceId conference_id, RelayId id, RelaySide side,
                                    const ParticipantSpec& spec) {
  auto conference = conferences_.find(conference_id);
  if (conference == conferences_.end())
    return Error::not_found("conference " + std::to_string(conference_id) + " does not exist");
  auto relay = relays_.find(id);
  if (relay == relays_.end()) return Error::not_found("relay " + std::to_string(id) + " is gone");
  auto& members = conference->second.members;
  bool seated = members.contains({id, side});
  if (!seated && members.size() >= rtp::Mixer::kMaxParticipants)
    return Error::conflict("the conference is full (" + std::to_string(rtp::Mixer::kMaxParticipants) + ")");
  if (spec.whisper_to && !members.contains(*spec.whisper_to))
    return Error::not_found("the participant to whisper to is not in the conference");
  if (relay->second.worker != conference->second.worker) {
    if (in_conference_elsewhere(id, conference_id))
      return Error::conflict("the relay's other side is in a conference on another media worker");
    if (auto moved = move_relay(id, conference->second.worker); !moved) return moved;
  }
  members.insert({id, side});
  conference->second.worker->join(conference_id, id, side, spec);
  return ok_status();
}

Status RelayEngine::move_relay(RelayId id, RelayWorker* to) {
  std::lock_guard lock(relays_mutex_);  // plays being delivered wait until the relay is there
  RelayHandle& handle = relays_.at(id);
  auto relay = handle.worker->detach(id).get();
  if (!relay) return Error::not_found("relay " + std::to_string(id) + " is gone");
  to->add(std::move(relay));
  handle.worker = to;
  return ok_status();
}

void RelayEngine::leave_conference(ConferenceId conference_id, RelayId id, RelaySide side) {
  auto conference = conferences_.find(conference_id);
  if (conference == conferences_.end() || !conference->second.members.erase({id, side})) return;
  conference->second.worker->leave(conference_id, id, side);
}

void RelayEngine::destroy_conference(ConferenceId conference_id) {
  auto conference = conferences_.find(conference_id);
  if (conference == conferences_.end()) return;
  conference->second.worker->destroy_conference(conference_id);
  conferences_.erase(conference);
}

Result<std::unique_ptr<MediaEngine>> start_media_engine(const MediaOptions& options) {
  auto engine = RelayEngine::start(options);
  if (!engine) return engine.error();
  return std::unique_ptr<MediaEngine>(std::move(*engine));
}

}  // namespace hotline::media
