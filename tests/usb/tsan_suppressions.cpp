// ThreadSanitizer suppressions for the USB tests, built into every executable that links the
// emulator so that they apply however the tests are started (CTest, by hand, gtest discovery).
//
// umockdev runs its handlers on worker threads that glib creates, and glib, gio, gobject, libffi
// and libudev hand data between threads with atomics and futexes that were not compiled with
// TSan, so TSan reports their own bookkeeping (GRecMutex, GSocket, signal closures, udev's random
// seed) as races. `called_from_lib` ignores the interceptors those libraries call; every access
// in our instrumented code, the emulator's handler included, is still checked. (Not libusb: its
// mutexes are what order our transfer callbacks after the code that submitted the transfers.)
//
// libusb's synchronous calls end on a plain, uninstrumented `completed` flag that its event
// thread sets from the transfer callback; the caller then frees the transfer, so TSan sees
// libusb_free_transfer destroy a mutex the event thread used, with nothing ordering the two.
extern "C" const char* __tsan_default_suppressions();

extern "C" const char* __tsan_default_suppressions() {
    return "called_from_lib:libglib-2.0.so.0\n"
           "called_from_lib:libgio-2.0.so.0\n"
           "called_from_lib:libgobject-2.0.so.0\n"
           "called_from_lib:libffi.so.8\n"
           "called_from_lib:libudev.so.1\n"
           "called_from_lib:libumockdev.so.0\n"
           "race:libusb_free_transfer\n";
}
