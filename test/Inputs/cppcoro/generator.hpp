//===- cppcoro/generator.hpp - Mock of cppcoro::generator -------*- C++ -*-===//
//
// A synchronous coroutine type: it runs on its consumer's thread between two
// increments of an iterator and cannot co_await. Tests use it for coroutines
// that are not asynchronous.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_INPUTS_CPPCORO_GENERATOR_HPP
#define ASYNC_TIDY_TEST_INPUTS_CPPCORO_GENERATOR_HPP

#include <coroutine>
#include <cstddef>
#include <exception>
#include <iterator>
#include <memory>
#include <type_traits>
#include <utility>

namespace cppcoro {

template <typename T> class generator;

namespace detail {

template <typename T> class generator_promise {
public:
  using value_type = std::remove_reference_t<T>;

  generator<T> get_return_object() noexcept;
  std::suspend_always initial_suspend() const noexcept { return {}; }
  std::suspend_always final_suspend() const noexcept { return {}; }
  std::suspend_always yield_value(value_type &value) noexcept {
    m_value = std::addressof(value);
    return {};
  }
  std::suspend_always yield_value(value_type &&value) noexcept {
    m_value = std::addressof(value);
    return {};
  }
  void return_void() noexcept {}
  void unhandled_exception() noexcept {
    m_exception = std::current_exception();
  }

  // As in cppcoro: a generator has no one to resume it later, so it must not
  // suspend on anything but co_yield.
  template <typename U> std::suspend_never await_transform(U &&) = delete;

  value_type &value() const noexcept { return *m_value; }
  void rethrow_if_exception() const {
    if (m_exception)
      std::rethrow_exception(m_exception);
  }

private:
  value_type *m_value = nullptr;
  std::exception_ptr m_exception;
};

} // namespace detail

template <typename T> class [[nodiscard]] generator {
public:
  using promise_type = detail::generator_promise<T>;

  class iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using difference_type = std::ptrdiff_t;
    using value_type = typename promise_type::value_type;
    using reference = value_type &;
    using pointer = value_type *;

    iterator() noexcept = default;
    explicit iterator(std::coroutine_handle<promise_type> coroutine) noexcept
        : m_coroutine(coroutine) {}

    friend bool operator==(const iterator &it, std::default_sentinel_t) {
      return !it.m_coroutine || it.m_coroutine.done();
    }
    iterator &operator++() {
      m_coroutine.resume();
      if (m_coroutine.done())
        m_coroutine.promise().rethrow_if_exception();
      return *this;
    }
    void operator++(int) { ++*this; }
    reference operator*() const noexcept {
      return m_coroutine.promise().value();
    }

  private:
    std::coroutine_handle<promise_type> m_coroutine;
  };

  explicit generator(std::coroutine_handle<promise_type> coroutine) noexcept
      : m_coroutine(coroutine) {}
  generator(generator &&other) noexcept
      : m_coroutine(std::exchange(other.m_coroutine, {})) {}
  generator(const generator &) = delete;
  ~generator() {
    if (m_coroutine)
      m_coroutine.destroy();
  }

  iterator begin() {
    if (m_coroutine)
      ++iterator(m_coroutine); // Runs up to the first co_yield.
    return iterator(m_coroutine);
  }
  std::default_sentinel_t end() noexcept { return {}; }

private:
  std::coroutine_handle<promise_type> m_coroutine;
};

template <typename T>
generator<T> detail::generator_promise<T>::get_return_object() noexcept {
  return generator<T>(
      std::coroutine_handle<generator_promise>::from_promise(*this));
}

} // namespace cppcoro

#endif // ASYNC_TIDY_TEST_INPUTS_CPPCORO_GENERATOR_HPP
