#include "intel/keyboard_mash.h"

#include <array>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "intel/contact.h"

namespace leads::intel {
namespace {

// QWERTY rows: a key's neighbours are the keys beside it in its row and the
// keys just above or below it.
constexpr std::array<std::string_view, 4> kRows = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};

bool KeyPos(char c, int* row, int* col) {
  for (int r = 0; r < 4; ++r) {
    auto p = kRows[r].find(c);
    if (p != std::string_view::npos) {
      *row = r;
      *col = static_cast<int>(p);
      return true;
    }
  }
  return false;
}

bool Adjacent(char a, char b) {
  int ra, ca, rb, cb;
  if (!KeyPos(a, &ra, &ca) || !KeyPos(b, &rb, &cb)) return false;
  return std::abs(ra - rb) + std::abs(ca - cb) <= 1 || (std::abs(ra - rb) == 1 && std::abs(ca - cb) <= 1);
}

bool Vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'v'; }

// Splits UTF-8 text into code points (as byte strings).
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
    n = std::min(n, s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::optional<std::string> MashReason(std::string_view raw, bool is_name) {
  const std::string folded = FoldFullwidth(raw);
  std::string compact;  // without spaces
  for (char c : folded)
    if (c != ' ' && c != '\t') compact.push_back(c);
  if (compact.empty()) return std::nullopt;
  std::string lower;
  for (char c : compact) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  const std::string quoted = "'" + std::string(raw.substr(0, 60)) + "'";
  if (is_name) {
    for (std::string_view junk : {"test", "测试", "ceshi", "asdf", "qwer", "aaa", "无", "xxx", "abc"})
      if (lower == junk) return quoted + " is a test or placeholder entry";
    bool digits = true;
    for (char c : lower) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (digits) return quoted + " is only digits";
  }
  // One character repeated (also CJK: 啊啊啊).
  auto cps = CodePoints(compact);
  if (cps.size() >= 3) {
    size_t run = 1, best = 1;
    for (size_t i = 1; i < cps.size(); ++i) {
      run = cps[i] == cps[i - 1] ? run + 1 : 1;
      best = std::max(best, run);
    }
    if (best >= 3 && best * 2 >= cps.size()) return quoted + " repeats one character " + std::to_string(best) + " times";
  }
  // Latin letters only from here.
  std::string letters;
  for (char c : lower)
    if (c >= 'a' && c <= 'z') letters.push_back(c);
    else if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;  // CJK or other script: not judged further
  if (letters.size() < 5) return std::nullopt;
  size_t adjacent = 0, consonants = 0, longest_consonants = 0, vowels = 0;
  for (size_t i = 0; i < letters.size(); ++i) {
    if (i > 0 && (letters[i] == letters[i - 1] || Adjacent(letters[i], letters[i - 1]))) ++adjacent;
    if (Vowel(letters[i])) {
      ++vowels;
      consonants = 0;
    } else {
      longest_consonants = std::max(longest_consonants, ++consonants);
    }
  }
  if (adjacent * 10 >= (letters.size() - 1) * 7)
    return quoted + " is mostly neighbouring keys (" + std::to_string(adjacent) + " of " +
           std::to_string(letters.size() - 1) + " key steps)";
  if (longest_consonants >= 5 || (letters.size() >= 6 && vowels == 0))
    return quoted + " has " + std::to_string(longest_consonants) + " consonants in a row";
  return std::nullopt;
}

void JsonStringValues(std::string_view j, size_t max, const std::function<void(std::string_view)>& f) {
  size_t n = 0;
  std::string buf;
  for (size_t i = 0; i < j.size() && n < max; ++i) {
    if (j[i] != '"') continue;
    buf.clear();
    size_t k = i + 1;
    for (; k < j.size() && j[k] != '"'; ++k) {
      if (j[k] == '\\' && k + 1 < j.size()) {
        ++k;
        if (j[k] != '"' && j[k] != '\\') buf.push_back('\\');
      }
      buf.push_back(j[k]);
    }
    // A key is followed by ':'; only values are answers (and questions' texts
    // in {"question": …, "answer": …} shapes, which are values too).
    size_t after = k + 1;
    while (after < j.size() && std::isspace(static_cast<unsigned char>(j[after]))) ++after;
    if (after >= j.size() || j[after] != ':') {
      f(buf);
      ++n;
    }
    i = k;
  }
}

}  // namespace leads::intel
