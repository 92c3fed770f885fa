// SPDX-License-Identifier: MIT OR Apache-2.0
// A signal handler that uses the FPU while the interrupted code has live
// floating-point values: the frame must save and rt_sigreturn restore
// f0..f31 and fcsr.
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile double handler_result;

static void handler(int sig)
{
	double x = sig;
	for (int i = 0; i < 10; i++)
		x = sqrt(x * 3.0 + 1.0) * 1.5;
	handler_result = x;
}

int main(void)
{
	signal(SIGUSR2, handler);
	double acc = 0.0, step = 0.125;
	for (int i = 0; i < 1000; i++) {
		acc += step * i;
		if (i == 500)
			kill(getpid(), SIGUSR2);
	}
	printf("acc %.3f handler %.6f\n", acc, handler_result);
	return 0;
}
