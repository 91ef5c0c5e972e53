// The USB tests' main: umockdev's preload in place first (preload.h).
#include <gtest/gtest.h>

#include "preload.h"

int main(int argc, char** argv) {
    usbtest::runUnderUmockdevPreload(argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
