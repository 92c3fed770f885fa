/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * hello: greets, prints one value computed at run time, exits 0.
 */
#include "rt.h"

/* Read through a volatile so the compiler cannot fold the loop away. */
static volatile unsigned hello_fib_n = 90;

static uint64_t hello_fib(unsigned n)
{
	uint64_t a = 0, b = 1;

	for (unsigned i = 0; i < n; i++) {
		uint64_t t = a + b;
		a = b;
		b = t;
	}
	return a;
}

int main(void)
{
	unsigned n = hello_fib_n;

	rt_puts("Hello from rvmmu!\n");
	rt_puts("fib(");
	rt_put_dec(n);
	rt_puts(") = ");
	rt_put_dec(hello_fib(n));
	rt_puts("\n");
	return 0;
}
