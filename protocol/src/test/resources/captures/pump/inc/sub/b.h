#define B_VALUE 41
