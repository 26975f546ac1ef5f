// Work spread over threads. The core's loops whose parts are independent (an indicator's rule
// over the whole table, a range of rows) run through parallel_for; results never depend on the
// number of threads: each task writes only its own part, and what tasks produce is combined in
// task order. Native builds and the threaded WebAssembly build (Emscripten pthreads) use a pool
// of worker threads; without threads (KENKO_THREADS undefined) parallel_for runs the tasks in
// order on the caller.
#pragma once
#include <cstddef>
#include <functional>

namespace kenko {

// The most threads the core will use, whatever the machine says.
constexpr unsigned kMaxThreads = 64;

// Sets the number of threads the core uses: 0 (the default) the machine's hardware threads
// (at most kMaxThreads), 1 the caller only. Takes effect at the next parallel_for.
void set_threads(unsigned n);
// The number of threads in force (1 without thread support).
unsigned threads();

// Calls fn(t) for every t in [0, tasks), spread over threads() threads (the caller is one of
// them), and returns when all are done. When tasks throw, the exception of the lowest such t is
// rethrown once the others have finished (on one thread the tasks run in order, so none after it
// runs). A parallel_for called from inside a task runs its tasks in order on that thread.
void parallel_for(size_t tasks, const std::function<void(size_t)>& fn);

// [begin, end) of part `t` of `parts` equal parts of [0, n), each a multiple of `unit` long
// (but the last): the row ranges of a parallel_for over rows.
struct Range {
  size_t begin = 0, end = 0;
};
Range part_of(size_t n, size_t parts, size_t t, size_t unit);

}  // namespace kenko
