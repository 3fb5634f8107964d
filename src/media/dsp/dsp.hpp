// media/dsp: the signal processing a media worker applies to one call leg's audio — codecs
// (G.711 µ-law/A-law, G.722, and any of them seen at 8 kHz), resampling, DTMF in three forms
// (in-band detection and generation, RFC 4733 telephone-events), call-progress tones, and tone
// analysis. It knows nothing of RTP sockets or calls: inputs and outputs are 20 ms frames of 16-bit
// PCM (160 samples at 8 kHz, 320 at 16 kHz) and payload bytes.
//
// Threads: every object belongs to the media worker that owns its leg; objects are created once per
// leg (errors as Result then) and their per-frame calls neither allocate, lock nor throw.
// spandsp and libsamplerate are private to this module.
#pragma once

#include "media/dsp/codec.hpp"
#include "media/dsp/dtmf_detector.hpp"
#include "media/dsp/dtmf_digit.hpp"
#include "media/dsp/dtmf_generator.hpp"
#include "media/dsp/goertzel.hpp"
#include "media/dsp/narrowband_codec.hpp"
#include "media/dsp/resampler.hpp"
#include "media/dsp/rfc4733.hpp"
#include "media/dsp/tone_generator.hpp"
