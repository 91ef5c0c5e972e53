// ThreadSanitizer suppressions built into the window tests, so that they apply however the tests
// are started (CTest, by hand, gtest discovery), as the USB tests do (tests/usb).
//
// Every QThread that Qt starts for itself (its image and font workers) runs a glib event
// dispatcher; glib hands its main contexts between threads with atomics and futexes that were not
// compiled with TSan, so TSan reports glib's own allocations as races when a pooled thread ends.
// `called_from_lib` ignores only what glib's code calls; every access in our instrumented code
// (the UI thread against the engine thread, the interrupt path) is still checked.
extern "C" const char* __tsan_default_suppressions();

extern "C" const char* __tsan_default_suppressions() {
    return "called_from_lib:libglib-2.0.so.0\n";
}
