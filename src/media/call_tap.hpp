// CallTap: what a relay hands to the recorder. Relayed RTP stays untouched (no transcoding on the
// forwarding path); the tap decodes a copy of each audio payload (PCMU, PCMA or G.722) to 8 kHz
// into a short PCM queue per side, and once per 20 ms tick writes one frame of each side to the
// call's recording: the customer on the left channel, the agent on the right.
//
// Thread: the relay's media worker only. No allocation, lock or exception per packet or tick.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "media/audio/wav_recorder.hpp"
#include "media/media.hpp"
#include "media/pcm_queue.hpp"
#include "media/rtp/rtp_header.hpp"

namespace hotline::media {

class CallTap {
 public:
  CallTap(std::string recording_id, std::shared_ptr<audio::WavRecorder> recorder, RelaySide customer_side);

  // An RTP packet that arrived on `from` (and is being relayed to the other side).
  void on_rtp(RelaySide from, const rtp::RtpPacketView& packet);
  // Every 20 ms: one frame per side (silence where nothing arrived) to the recorder.
  void tick();
  void set_paused(bool paused);

  const std::string& recording_id() const { return recording_id_; }
  const std::shared_ptr<audio::WavRecorder>& recorder() const { return recorder_; }

 private:
  static constexpr std::size_t kFrameSamples = 160;

  PcmQueue& queue(RelaySide side) { return side == RelaySide::A ? sides_[0] : sides_[1]; }

  std::string recording_id_;
  std::shared_ptr<audio::WavRecorder> recorder_;
  RelaySide customer_side_;
  std::array<PcmQueue, 2> sides_;
};

}  // namespace hotline::media
