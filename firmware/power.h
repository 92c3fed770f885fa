// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Machine power-off through the SiFive test finisher at the fixed physical
// address FINISHER_PA: status 0 writes 0x5555 (pass), any other status
// writes 0x3333 | status << 16 (fail with exit code `status`).
#ifndef POWER_H
#define POWER_H

// Ends the machine with the given exit status (0..255); never returns.
void power_off(unsigned status) __attribute__((noreturn));

#endif
