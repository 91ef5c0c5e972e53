#include "allocation_counter.h"

#include <atomic>
#include <cstdlib>
#include <new>

#include "fixture_port.h"

// The sanitizers' runtimes define operator new themselves (TSan's statically), so under them the
// count comes from their allocation hook, which also sees malloc; elsewhere operator new is
// replaced.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ISR_SANITIZED_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ISR_SANITIZED_BUILD 1
#endif
#endif

namespace {

std::atomic<std::uint64_t> g_interrupt_path_allocations{0};

void noteAllocation() noexcept {
    if (driver::FixturePort::anyInterruptPathOnThisThread()) {
        g_interrupt_path_allocations.fetch_add(1, std::memory_order_relaxed);
    }
}

}  // namespace

namespace testing_support {

std::uint64_t interruptPathAllocations() {
    return g_interrupt_path_allocations.load(std::memory_order_relaxed);
}

}  // namespace testing_support

#ifdef ISR_SANITIZED_BUILD

// compiler-rt's allocator interface (sanitizer/allocator_interface.h; GCC ships no header for it).
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*,
                                                                             std::size_t),
                                                         void (*free_hook)(const volatile void*));

namespace {

void onMalloc(const volatile void*, std::size_t) {
    noteAllocation();
}
void onFree(const volatile void*) {}

[[maybe_unused]] const int g_hooks_installed =
    __sanitizer_install_malloc_and_free_hooks(&onMalloc, &onFree);

}  // namespace

#else

namespace {

void* allocate(std::size_t size) noexcept {
    noteAllocation();
    return std::malloc(size == 0 ? 1 : size);
}

void* allocateAligned(std::size_t size, std::align_val_t alignment) noexcept {
    noteAllocation();
    const auto align = static_cast<std::size_t>(alignment);
    return std::aligned_alloc(align, (size + align - 1) / align * align);
}

void* orThrow(void* memory) {
    if (memory == nullptr) {
        throw std::bad_alloc();
    }
    return memory;
}

}  // namespace
void* operator new(std::size_t size) {
    return orThrow(allocate(size));
}
void* operator new[](std::size_t size) {
    return orThrow(allocate(size));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return allocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return allocate(size);
}
void* operator new(std::size_t size, std::align_val_t alignment) {
    return orThrow(allocateAligned(size, alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
    return orThrow(allocateAligned(size, alignment));
}
void operator delete(void* memory) noexcept {
    std::free(memory);
}
void operator delete[](void* memory) noexcept {
    std::free(memory);
}
void operator delete(void* memory, std::size_t) noexcept {
    std::free(memory);
}
void operator delete[](void* memory, std::size_t) noexcept {
    std::free(memory);
}
void operator delete(void* memory, std::align_val_t) noexcept {
    std::free(memory);
}
void operator delete[](void* memory, std::align_val_t) noexcept {
    std::free(memory);
}
void operator delete(void* memory, std::size_t, std::align_val_t) noexcept {
    std::free(memory);
}
void operator delete[](void* memory, std::size_t, std::align_val_t) noexcept {
    std::free(memory);
}

#endif
