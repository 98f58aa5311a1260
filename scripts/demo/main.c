#include <stdio.h>
#include <string.h>

#include "demo.h"

int main(void) {
    static const char motto[] = "distcc sends each compile to whichever volunteer is free";
    int values[] = {42, 7, 19, 3, 88, 21, 5, 64};
    size_t count = sizeof values / sizeof values[0];

    printf("primes below 100000: %d\n", count_primes_below(100000));
    printf("fibonacci(90):       %llu\n", (unsigned long long) fibonacci(90));
    printf("crc32 of the motto:  %08x\n", (unsigned) crc32_of(motto, strlen(motto)));
    printf("words in the motto:  %d\n", count_words(motto));
    sort_ints(values, count);
    printf("sorted:             ");
    for (size_t i = 0; i < count; i++) {
        printf(" %d", values[i]);
    }
    printf("\n");
    return 0;
}
