#include "demo.h"

uint64_t fibonacci(int n) {
    uint64_t previous = 0, current = 1;
    if (n <= 0) {
        return 0;
    }
    for (int i = 1; i < n; i++) {
        uint64_t next = previous + current;
        previous = current;
        current = next;
    }
    return current;
}
