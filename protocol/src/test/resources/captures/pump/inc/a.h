#include "sub/b.h"
#define A_VALUE (B_VALUE + 1)
