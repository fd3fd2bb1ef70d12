#pragma once
/// A first-in, first-out queue with amortised O(1) pops and no allocation per
/// item: the approval and platform queues hold many small records and are
/// pushed and popped on every request.
#include <cstddef>
#include <vector>

namespace wfsim::workforce {

template <class T>
class Fifo {
 public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  const T& front() const { return items_[head_]; }
  void push(const T& item) { items_.push_back(item); }
  T pop() {
    T item = items_[head_++];
    if (head_ == items_.size()) {
      items_.clear();
      head_ = 0;
    } else if (head_ > 64 && head_ * 2 > items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
    return item;
  }

 private:
  std::vector<T> items_;
  std::size_t head_ = 0;
};

}  // namespace wfsim::workforce
