#include "media/dsp/dtmf_digit.hpp"

namespace hotline::media::dsp {
namespace {
// RFC 4733 section 3.2: events 0-9 are the digits, then *, #, A, B, C, D.
constexpr char kEventDigits[] = "0123456789*#ABCD";
}  // namespace

int dtmf_event_code(char digit) {
  if (digit >= 'a' && digit <= 'd') digit = static_cast<char>(digit - 'a' + 'A');
  for (int i = 0; i < 16; ++i) {
    if (kEventDigits[i] == digit) return i;
  }
  return -1;
}

char dtmf_digit_for_event(int event_code) {
  return event_code >= 0 && event_code < 16 ? kEventDigits[event_code] : 0;
}

bool is_dtmf_digit(char digit) { return dtmf_event_code(digit) >= 0; }

}  // namespace hotline::media::dsp
