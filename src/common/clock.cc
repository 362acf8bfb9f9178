#include "common/clock.h"

#include <sodium.h>

namespace leads {

int64_t SystemClock::NowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t SystemClock::MonotonicMicros() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

uint64_t Random::Uniform(uint64_t bound) {
  if (bound <= 1) return 0;
  // Rejection sampling to avoid modulo bias.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % bound);
  for (;;) {
    uint64_t v;
    Fill(reinterpret_cast<unsigned char*>(&v), sizeof v);
    if (v < limit) return v % bound;
  }
}

std::string Random::Hex(size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string bytes((n + 1) / 2, '\0');
  Fill(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size());
  std::string out;
  out.reserve(n);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  out.resize(n);
  return out;
}

void SystemRandom::Fill(unsigned char* out, size_t n) {
  static const bool kInit = sodium_init() >= 0;
  (void)kInit;
  randombytes_buf(out, n);
}

}  // namespace leads
