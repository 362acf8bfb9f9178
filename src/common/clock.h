// Clock and randomness seams: everything that reads the time or draws random
// bytes takes one of these, so tests can control both.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace leads {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch.
  virtual int64_t NowSeconds() const = 0;
  // Microseconds on a monotonic clock (for latencies only).
  virtual int64_t MonotonicMicros() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowSeconds() const override;
  int64_t MonotonicMicros() const override;
};

class Random {
 public:
  virtual ~Random() = default;
  // Fills `n` cryptographically strong random bytes into `out`.
  virtual void Fill(unsigned char* out, size_t n) = 0;
  // A uniformly random integer in [0, bound).
  uint64_t Uniform(uint64_t bound);
  // `n` random lowercase hex characters.
  std::string Hex(size_t n);
};

// Backed by the OS CSPRNG (libsodium's randombytes).
class SystemRandom final : public Random {
 public:
  void Fill(unsigned char* out, size_t n) override;
};

}  // namespace leads
