#include <stdio.h>
#include "a.h"
#include "alias.h"
int main(void) { printf("%d\n", A_VALUE + C_VALUE); return 0; }
