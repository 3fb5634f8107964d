// DtmfDigit: one key press as the rest of the system sees it, whichever way it arrived (RFC 4733
// telephone-event, in-band tones, SIP INFO). Digits are '0'-'9', '*', '#', 'A'-'D'.
#pragma once

#include <cstdint>

namespace hotline::media::dsp {

struct DtmfDigit {
  enum class Source : std::uint8_t { Rfc4733, Inband, SipInfo };

  char digit = 0;
  std::uint32_t duration_ms = 0;
  Source source = Source::Rfc4733;

  friend bool operator==(const DtmfDigit&, const DtmfDigit&) = default;
};

// The RFC 4733 event code of a DTMF digit (0-15), or -1 when `digit` is not one. 'a'-'d' are
// accepted as 'A'-'D'.
int dtmf_event_code(char digit);
// The digit for an RFC 4733 event code 0-15, or 0 for any other event (flash, modem tones).
char dtmf_digit_for_event(int event_code);
bool is_dtmf_digit(char digit);

}  // namespace hotline::media::dsp
