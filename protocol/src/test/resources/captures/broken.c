int f(void){ return undefined_thing; }
