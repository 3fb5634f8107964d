// SDP (RFC 4566) as far as the relay needs it: the audio connection address and port, the
// payload types offered, and a rewrite that points the audio at the server's relay port while
// keeping only codecs the media engine supports (PCMU, PCMA, G.722, telephone-event).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace hotline::media {

struct SdpAudio {
  std::string connection_ip;  // from the media-level c= line, else the session-level one
  std::uint16_t port = 0;     // 0: audio stream rejected
  std::vector<int> payload_types;
  std::string direction;        // sendrecv | sendonly | recvonly | inactive
  int telephone_event_pt = -1;  // the payload type of telephone-event/8000; -1: none offered
};

// What the server says about a stream it terminates itself (IVR, queues): one voice codec and,
// if the peer offered it, telephone-event.
struct LocalAudio {
  int payload_type = 0;  // PCMU, PCMA or G.722
  int telephone_event_pt = -1;
  std::string direction = "sendrecv";
};

// Whether the media engine relays, records and plays into this static payload type (PCMU, PCMA,
// G.722).
bool is_audio_codec(int payload_type);

// Fails with InvalidArgument (field "sdp") when there is no audio m= line or no c= address.
Result<SdpAudio> parse_sdp_audio(std::string_view sdp);

// Returns `sdp` with every c= address set to `ip`, the audio port set to `port`, o= address set to
// `ip` and its version kept, and payload types other than PCMU (0), PCMA (8), G.722 (9) and
// telephone-event/8000 removed from the audio m= line with their a=rtpmap/fmtp/rtcp-fb lines; the
// kept ones stay in the order offered. The relay forwards the payloads untouched, so two G.722
// phones talk G.722 end to end; the recorder and DTMF listener decode it to 8 kHz. Fails (field
// "sdp") when none of PCMU, PCMA or G.722 is left. Line endings become CRLF.
Result<std::string> rewrite_sdp_for_relay(std::string_view sdp, const std::string& ip, std::uint16_t port);

// The server's answer to `offer` when it terminates the stream: the first voice codec of the offer
// it supports, and telephone-event if offered. InvalidArgument (field "sdp") when there is none.
Result<LocalAudio> choose_local_audio(std::string_view offer);

// A complete SDP body for a stream the server terminates at ip:port. `session_id` names the
// session in o=; `version` rises with every change of it.
std::string local_sdp(const std::string& ip, std::uint16_t port, const LocalAudio& audio,
                      std::uint64_t session_id, std::uint64_t version = 1);

// The server's offer for a call it places itself to a phone (click-to-dial): PCMU and PCMA, in
// that order, and telephone-event as payload type 101. The phone's answer picks the codec.
std::string local_offer(const std::string& ip, std::uint16_t port, std::uint64_t session_id);

// `sdp` (one we sent) with its audio direction set to `direction` (sendrecv | sendonly | recvonly
// | inactive) and its o= version raised: the answer to a hold or resume offer.
Result<std::string> with_direction(std::string_view sdp, std::string_view direction);

}  // namespace hotline::media
