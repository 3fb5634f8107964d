// Overloaded{lambdas...}: one visitor for std::visit made of a lambda per alternative.
#pragma once

namespace hotline {

template <typename... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace hotline
