/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * exitcode: exits with code 7 through HTIF, for the end-to-end tests.
 */
#include "rt.h"

int main(void)
{
	return 7;
}
