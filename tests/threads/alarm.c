// SPDX-License-Identifier: MIT OR Apache-2.0
// alarm() and setitimer(ITIMER_REAL): SIGALRM wakes pause(), a periodic
// timer ticks a handler, getitimer reports what is left, and an alarm
// without a handler ends the process (142 = 128 + SIGALRM).
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

static volatile int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(1);
	pause();
	printf("pause woken by the alarm: %d\n", alarms);
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, left;
	setitimer(ITIMER_REAL, &it, 0);
	sigset_t none;
	sigemptyset(&none);
	while (alarms < 6)
		sigsuspend(&none);
	getitimer(ITIMER_REAL, &left);
	printf("periodic: %d alarms, left <= 20 ms: %s, interval kept: %s\n", alarms,
	       left.it_value.tv_sec == 0 && left.it_value.tv_usec <= 20000 ? "yes" : "no",
	       left.it_interval.tv_usec == 20000 ? "yes" : "no");
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, 0);
	printf("alarm(0) after a cleared timer: %u\n", alarm(0));
	alarm(5);
	printf("alarm(1) returns what was left of 5 s: %s\n", alarm(1) >= 4 ? "yes" : "no");
	fflush(stdout);
	signal(SIGALRM, SIG_DFL);
	for (;;)
		pause();
}
