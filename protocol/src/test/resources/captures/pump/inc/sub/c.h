#define C_VALUE 1
