// Nothing here for async-tidy to report.
#include "mini/task.hpp"

#include <vector>

namespace jobs {

mini::task<> flush();

mini::task<> flush_all(std::vector<int> batches) {
  for (int batch : batches) {
    (void)batch;
    co_await flush();
  }
}

} // namespace jobs
