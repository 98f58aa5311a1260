#include "demo.h"

/* Insertion sort: the arrays here are tiny. */
void sort_ints(int *values, size_t count) {
    for (size_t i = 1; i < count; i++) {
        int value = values[i];
        size_t j = i;
        while (j > 0 && values[j - 1] > value) {
            values[j] = values[j - 1];
            j--;
        }
        values[j] = value;
    }
}
