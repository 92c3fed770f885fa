/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fpdouble: double and float arithmetic with the hard-float ABI (built
 * -march=rv64gc -mabi=lp64d, unlike the other programs). Prints a few
 * results as scaled integers (printf has no %f) and checks each against
 * the IEEE 754 bit pattern a host computes with the same operations:
 * Newton's square root of 2, the harmonic sum H(1000), the Nilakantha
 * series for pi, a fused multiply-add that differs from a*b + c, float
 * rounding, conversions, infinities and NaNs, a rounding mode set in frm
 * with the inexact flag it raises, and FP state across fork (the child
 * inherits frm and registers; its own changes do not reach the parent).
 * Exits 0 when every check holds, else the number of failed checks.
 */
#include "stdio.h"
#include "sys.h"

static int failed;

static unsigned long bits(double d)
{
	union { double d; unsigned long u; } v = { d };
	return v.u;
}

static unsigned fbits(float f)
{
	union { float f; unsigned u; } v = { f };
	return v.u;
}

static void check(const char *what, int ok)
{
	if (!ok) {
		printf("fpdouble: FAIL %s\n", what);
		failed++;
	}
}

/* frm (Unprivileged 20191213, 11.2): 0 rne, 1 rtz, 2 rdn, 3 rup. */
static void set_frm(unsigned rm) { __asm__ volatile("fsrm %0" : : "r"(rm)); }
static unsigned get_frm(void) { unsigned r; __asm__ volatile("frrm %0" : "=r"(r)); return r; }
static unsigned get_fflags(void) { unsigned r; __asm__ volatile("frflags %0" : "=r"(r)); return r; }
static void clear_fflags(void) { __asm__ volatile("fsflags zero"); }

/* Opaque to the optimiser, so the hart does the arithmetic. */
static double opaque(double d)
{
	__asm__ volatile("" : "+f"(d));
	return d;
}

/* 1/3 in the dynamic rounding mode: in asm, so the compiler cannot move
 * the division across the frm writes (it assumes round-to-nearest). */
static double third(void)
{
	double q;
	__asm__ volatile("fdiv.d %0, %1, %2" : "=f"(q) : "f"(1.0), "f"(3.0));
	return q;
}

int main(void)
{
	double x = opaque(1.0);
	for (int i = 0; i < 6; i++)
		x = (x + 2.0 / x) / 2.0;
	printf("sqrt2 %ld\n", (long)(x * 1e15));
	check("sqrt2", (long)(x * 1e15) == 1414213562373095L);

	double h = 0;
	for (int i = 1; i <= 1000; i++)
		h += 1.0 / opaque(i);
	printf("harmonic %ld\n", (long)(h * 1e12));
	check("harmonic bits", bits(h) == 0x401df11f45f4e618UL);

	double pi = 3.0, s = 1.0;
	for (int k = 1; k <= 1000; k++) {
		double n = 2.0 * opaque(k);
		pi += s * 4.0 / (n * (n + 1.0) * (n + 2.0));
		s = -s;
	}
	printf("pi %ld\n", (long)(pi * 1e15));
	check("pi bits", bits(pi) == 0x400921fb543b9cadUL);

	/* (1 + 2^-30)(1 - 2^-30) - 1 = -2^-60 exactly; a separate product
	 * rounds to 1 first. */
	double a = opaque(1.0 + 0x1p-30), b = opaque(1.0 - 0x1p-30), c = opaque(-1.0);
	double fused = __builtin_fma(a, b, c), separate = a * b + c;
	printf("fma %ld separate %ld\n", (long)(fused * 0x1p60), (long)(separate * 0x1p60));
	check("fma", fused == -0x1p-60 && separate == 0.0);

	float f = (float)opaque(1.0) / (float)opaque(3.0);
	printf("float third %x\n", fbits(f));
	check("float third", fbits(f) == 0x3eaaaaab);
	check("float to double", bits((double)f) == 0x3fd5555560000000UL);

	long l = (long)opaque(-2.7);
	int z = (int)opaque(-0.5);
	unsigned long u = (unsigned long)opaque(3e9);
	printf("conv %ld %d %lu\n", l, z, u);
	check("conv", l == -2 && z == 0 && u == 3000000000UL);
	check("int to double", bits((double)(long)opaque(-3.0)) == 0xc008000000000000UL);

	double zero = opaque(0.0), inf = 1.0 / zero, nan = zero / zero;
	printf("inf %d nan %d\n", inf > 1e308, nan != nan);
	check("inf", inf > 1e308 && -inf < -1e308);
	check("nan", nan != nan && !(nan < 1.0) && !(nan >= 1.0));

	/* Round up: 1/3 goes to the next double above; inexact is raised. */
	clear_fflags();
	set_frm(3);
	double up = third();
	unsigned fl = get_fflags();
	set_frm(0);
	printf("rup third %lx fflags %x\n", bits(up), fl);
	check("rup third", bits(up) == 0x3fd5555555555556UL && fl == 1);
	check("rne third", bits(third()) == 0x3fd5555555555555UL);

	/* Across fork: the child starts with the parent's frm (round down)
	 * and changes it; the parent keeps its own. */
	double keep = opaque(pi * 2.0);
	set_frm(2);
	pid_t pid = fork();
	if (pid == 0) {
		int bad = get_frm() != 2;
		bad |= bits(third()) != 0x3fd5555555555555UL; /* down = nearest here */
		set_frm(3);
		bad |= bits(third()) != 0x3fd5555555555556UL;
		bad |= bits(keep) != bits(pi * 2.0);
		exit(bad ? 1 : 42);
	}
	int status = 0;
	check("fork", pid > 0);
	check("waitpid", waitpid(pid, &status, 0) == pid);
	printf("child status %d frm %u\n", status >> 8, get_frm());
	check("child", status >> 8 == 42);
	check("parent frm", get_frm() == 2);
	set_frm(0);
	check("parent registers", bits(keep) == bits(pi * 2.0));

	printf("fpdouble: %d failed\n", failed);
	return failed;
}
