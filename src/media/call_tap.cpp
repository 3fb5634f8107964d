#include "media/call_tap.hpp"

#include <algorithm>

namespace hotline::media {

CallTap::CallTap(std::string recording_id, std::shared_ptr<audio::WavRecorder> recorder,
                 RelaySide customer_side)
    : recording_id_(std::move(recording_id)), recorder_(std::move(recorder)), customer_side_(customer_side) {}

void CallTap::on_rtp(RelaySide from, const rtp::RtpPacketView& rtp) { queue(from).push_rtp(rtp); }

void CallTap::tick() {
  std::array<std::int16_t, kFrameSamples> customer{};
  std::array<std::int16_t, kFrameSamples> agent{};
  queue(customer_side_).pop_frame(customer);
  queue(other_side(customer_side_)).pop_frame(agent);
  recorder_->write_frame(customer, agent);
}

void CallTap::set_paused(bool paused) {
  if (paused)
    recorder_->pause();
  else
    recorder_->resume();
}

}  // namespace hotline::media
