#include "base/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <vector>

#ifdef KENKO_THREADS
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

namespace kenko {

Range part_of(size_t n, size_t parts, size_t t, size_t unit) {
  const size_t units = (n + unit - 1) / unit;
  const size_t per = units / parts, extra = units % parts;
  const size_t first = t * per + std::min(t, extra);
  const size_t count = per + (t < extra ? 1 : 0);
  return {std::min(n, first * unit), std::min(n, (first + count) * unit)};
}

namespace {

std::atomic<unsigned> g_wanted{0};

// Runs tasks [0, tasks) taken one by one from `next`, keeping the first failure (lowest task).
struct Job {
  const std::function<void(size_t)>* fn = nullptr;
  size_t tasks = 0;
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::exception_ptr error;
  size_t error_task = static_cast<size_t>(-1);

  void work(void (*lock)(bool)) {
    for (;;) {
      const size_t t = next.fetch_add(1);
      if (t >= tasks) return;
      try {
        (*fn)(t);
      } catch (...) {
        lock(true);
        if (t < error_task) {
          error_task = t;
          error = std::current_exception();
        }
        lock(false);
      }
      done.fetch_add(1);
    }
  }
};

thread_local bool t_in_task = false;

void run_serially(size_t tasks, const std::function<void(size_t)>& fn) {
  for (size_t t = 0; t < tasks; ++t) fn(t);
}

#ifdef KENKO_THREADS

unsigned hardware() {
  const unsigned h = std::thread::hardware_concurrency();
  return std::max(1u, std::min(h ? h : 1u, kMaxThreads));
}

// A pool of worker threads, started on first need and grown to the count asked; they wait for
// the next job and take its tasks beside the caller.
class Pool {
 public:
  static Pool& get() {
    static Pool* pool = new Pool();  // never destroyed: workers may outlive static destructors
    return *pool;
  }

  void run(size_t tasks, const std::function<void(size_t)>& fn, unsigned want) {
    std::lock_guard<std::mutex> one_job(job_mutex_);  // parallel_fors from several threads queue
    grow(want - 1);
    Job job;
    job.fn = &fn;
    job.tasks = tasks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &job;
      helpers_wanted_ = want - 1;
      ++generation_;
    }
    wake_.notify_all();
    t_in_task = true;
    job.work(&Pool::lock_errors);
    t_in_task = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      finished_.wait(lock, [&] { return job.done.load() == tasks && busy_ == 0; });
      job_ = nullptr;
    }
    if (job.error) std::rethrow_exception(job.error);
  }

 private:
  static void lock_errors(bool on) {
    static std::mutex m;
    if (on) {
      m.lock();
    } else {
      m.unlock();
    }
  }

  void grow(unsigned n) {
    while (workers_.size() < n) {
      const unsigned index = static_cast<unsigned>(workers_.size());
      workers_.emplace_back([this, index] { loop(index); });
      workers_.back().detach();
    }
  }

  void loop(unsigned index) {
    uint64_t seen = 0;
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (!job_ || index >= helpers_wanted_) continue;
        job = job_;
        ++busy_;
      }
      t_in_task = true;
      job->work(&Pool::lock_errors);
      t_in_task = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        --busy_;
      }
      finished_.notify_all();
    }
  }

  std::mutex job_mutex_, mutex_;
  std::condition_variable wake_, finished_;
  std::vector<std::thread> workers_;
  Job* job_ = nullptr;
  unsigned helpers_wanted_ = 0, busy_ = 0;
  uint64_t generation_ = 0;
};

#endif

}  // namespace

void set_threads(unsigned n) {
  g_wanted.store(std::min(n, kMaxThreads));
}

unsigned threads() {
#ifdef KENKO_THREADS
  const unsigned w = g_wanted.load();
  return w ? w : hardware();
#else
  return 1;
#endif
}

void parallel_for(size_t tasks, const std::function<void(size_t)>& fn) {
  const unsigned want = static_cast<unsigned>(std::min<size_t>(threads(), tasks));
  if (want <= 1 || t_in_task) return run_serially(tasks, fn);
#ifdef KENKO_THREADS
  Pool::get().run(tasks, fn, want);
#else
  run_serially(tasks, fn);
#endif
}

}  // namespace kenko
