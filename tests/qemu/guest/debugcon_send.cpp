// Copies standard input to QEMU's debug console (isa-debugcon, I/O port 0xE9), one OUT per byte.
// The guest sends its results to the host this way instead of through a serial port: a port
// write is an I/O exit that needs no interrupt and no driver, while a UART's transmit interrupts
// can be disabled by the kernel's "nobody cared" check on a slow, threaded (PREEMPT_RT) guest,
// which stalls the copy for good.
#include <sys/io.h>
#include <unistd.h>

#include <array>
#include <cstdio>

namespace {
constexpr unsigned short kDebugconPort = 0xE9;
}

int main() {
    if (ioperm(kDebugconPort, 1, 1) != 0) {
        std::perror("debugcon_send: ioperm(0xE9)");
        return 1;
    }
    std::array<unsigned char, 65536> buffer{};
    for (;;) {
        const ssize_t got = read(STDIN_FILENO, buffer.data(), buffer.size());
        if (got < 0) {
            std::perror("debugcon_send: read");
            return 1;
        }
        if (got == 0) {
            return 0;
        }
        outsb(kDebugconPort, buffer.data(), static_cast<unsigned long>(got));
    }
}
