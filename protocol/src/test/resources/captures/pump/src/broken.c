#include "a.h"
int broken(void) { return undefined_thing + A_VALUE; }
