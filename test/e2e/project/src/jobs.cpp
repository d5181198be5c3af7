// Two findings: a blocking sleep in a coroutine, reached through a helper,
// and a lazy task that is created and dropped without being awaited.
#include "mini/task.hpp"

#include <chrono>
#include <thread>
#include <vector>

namespace jobs {

mini::task<> flush();

void pause() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }

mini::task<> drain(std::vector<int> batches) {
  for (int batch : batches) {
    (void)batch;
    pause();
    flush();
  }
  co_return;
}

} // namespace jobs
