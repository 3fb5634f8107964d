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
#include "media/dsp/narrowband_codec.hpp"
#include "media/media.hpp"
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
  // 200 ms per side: enough for jitter; older audio is dropped so the two channels stay aligned.
  static constexpr std::size_t kQueueSamples = 1600;

  struct SideQueue {
    std::array<std::int16_t, kQueueSamples> samples{};
    std::size_t head = 0;  // oldest sample
    std::size_t size = 0;
    std::unique_ptr<dsp::NarrowbandCodec> codec;  // created when the first packet of a payload type arrives
    int payload_type = -1;

    void push(std::span<const std::int16_t> pcm);
    void pop_frame(std::span<std::int16_t> out);  // zero-filled where empty
  };

  SideQueue& queue(RelaySide side) { return side == RelaySide::A ? sides_[0] : sides_[1]; }
  bool decoder_for(SideQueue& q, int payload_type);

  std::string recording_id_;
  std::shared_ptr<audio::WavRecorder> recorder_;
  RelaySide customer_side_;
  std::array<SideQueue, 2> sides_;
  std::array<std::int16_t, kQueueSamples> decoded_{};
};

}  // namespace hotline::media
