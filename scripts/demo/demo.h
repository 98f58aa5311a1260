/* The demo program's modules: each .c file is one distcc job. */
#ifndef JDISTCC_DEMO_H
#define JDISTCC_DEMO_H

#include <stddef.h>
#include <stdint.h>

int count_primes_below(int limit);
uint64_t fibonacci(int n);
uint32_t crc32_of(const void *data, size_t length);
int count_words(const char *text);
void sort_ints(int *values, size_t count);

#endif
