// media/rtp: the RTP-level pieces of a media leg, as pure logic over bytes and frames (no sockets),
// so each is tested without a network and in simulated time. A media worker owns one set per leg
// and uses it only from its own thread; nothing here allocates, locks or throws per packet.
//   RtpHeader / parse_rtp      the fixed header, CSRCs, extension; in-place rewrite
//   RtpSender                  our SSRC, one continuous seq/ts space across source switches, PT map
//   RtpReceiver                RFC 3550 A.1/A.3/A.8 receive statistics, probation, SSRC changes
//   JitterBuffer, LossConcealer  adaptive playout of 20 ms frames; concealment of missing ones
//   RtcpWriter / parse_rtcp    SR, RR, SDES CNAME, BYE; RtcpSession schedules reports, LegQuality
//   Mixer                      N-party conference with a who-hears-whom matrix (listen, whisper, barge)
#pragma once

#include "media/rtp/jitter_buffer.hpp"
#include "media/rtp/leg_quality.hpp"
#include "media/rtp/loss_concealer.hpp"
#include "media/rtp/mixer.hpp"
#include "media/rtp/rtcp.hpp"
#include "media/rtp/rtcp_session.hpp"
#include "media/rtp/rtp_header.hpp"
#include "media/rtp/rtp_receiver.hpp"
#include "media/rtp/rtp_sender.hpp"
