#include <stdlib.h>

#include "demo.h"

/* Sieve of Eratosthenes. */
int count_primes_below(int limit) {
    if (limit < 3) {
        return 0;
    }
    char *composite = calloc((size_t) limit, 1);
    if (composite == NULL) {
        return -1;
    }
    int primes = 0;
    for (int i = 2; i < limit; i++) {
        if (composite[i]) {
            continue;
        }
        primes++;
        for (long j = (long) i * i; j < limit; j += i) {
            composite[j] = 1;
        }
    }
    free(composite);
    return primes;
}
