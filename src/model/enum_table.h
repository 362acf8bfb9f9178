// One parse/print table per enum. Each enum is declared from a single
// X-list, which yields both the `enum class` and its wire-name table, so a
// value and its spelling can never drift apart.
//
//   #define FOO_LIST(X) X(kA, "A") X(kB, "B")
//   LEADS_DEFINE_ENUM(Foo, FOO_LIST)
//
// gives `enum class Foo {kA, kB}`, Name(Foo) and Parse<Foo>(text).
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace leads {

template <typename E>
struct EnumTraits;  // specialised by LEADS_DEFINE_ENUM

template <typename E>
constexpr std::string_view Name(E e) {
  for (const auto& [v, n] : EnumTraits<E>::kTable)
    if (v == e) return n;
  return {};
}

template <typename E>
std::optional<E> Parse(std::string_view text) {
  for (const auto& [v, n] : EnumTraits<E>::kTable)
    if (n == text) return v;
  return std::nullopt;
}

template <typename E>
constexpr const auto& AllValues() {
  return EnumTraits<E>::kTable;
}

}  // namespace leads

#define LEADS_ENUM_VALUE_(id, name) id,
#define LEADS_ENUM_ENTRY_(id, name) std::pair{Type::id, std::string_view(name)},
#define LEADS_DEFINE_ENUM(Enum, LIST)                                             \
  enum class Enum { LIST(LEADS_ENUM_VALUE_) };                                    \
  template <>                                                                     \
  struct EnumTraits<Enum> {                                                       \
    using Type = Enum;                                                            \
    static constexpr std::array kTable{LIST(LEADS_ENUM_ENTRY_)};                  \
    static constexpr std::string_view kTypeName = #Enum;                          \
  }
