# SPDX-License-Identifier: MIT OR Apache-2.0
#
# What the two firmware builds share (this directory's supervisor and
# sbi/'s M-mode SBI firmware): the toolchain, the reproducible flags, the
# object rules and the committed-binary rules. The including Makefile sets
# ELF (the committed file's name), OBJS, HDRS and LINK_OBJS if it differs
# from OBJS, and may add to CFLAGS.
#
# Reproducible: no debug info, no build-id, no absolute paths, objects linked
# in a fixed order; the symbol table is kept.

CROSS   ?= riscv64-unknown-elf-
CC      := $(CROSS)gcc

OUT     := out

ARCH    := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
# -fno-tree-loop-distribute-patterns: lib.c's loops must not become calls
# to themselves.
CFLAGS  := $(ARCH) -std=c11 -ffreestanding -nostdlib -nostartfiles -static -O2 \
           -Wall -Wextra -Werror -fno-tree-loop-distribute-patterns \
           -ffile-prefix-map=$(CURDIR)=.
LDFLAGS := $(ARCH) -nostdlib -nostartfiles -static -T link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments

BUILD_MK := $(lastword $(MAKEFILE_LIST))

# The including Makefile defines OBJS and HDRS after this file: the rules
# below expand them once everything is read ($$ under second expansion).
.DEFAULT_GOAL := all
.SECONDEXPANSION:

$(OUT):
	mkdir -p $@

$(OUT)/%.o: %.c $$(HDRS) Makefile $(BUILD_MK) | $(OUT)
	$(CC) $(CFLAGS) -c $< -o $@

$(OUT)/%.o: %.S $$(HDRS) Makefile $(BUILD_MK) | $(OUT)
	$(CC) $(CFLAGS) -c $< -o $@

$(OUT)/$(ELF): $$(OBJS) link.ld
	$(CC) $(LDFLAGS) $(OBJS) -o $@

# clean and all must not run in parallel under -j: one after the other.
check-committed:
	@$(MAKE) --no-print-directory clean
	@$(MAKE) --no-print-directory all
	@if cmp $(OUT)/$(ELF) $(ELF); then \
		echo "ok        $(ELF)"; \
	else \
		echo "DIFFERENT $(ELF): does not match a fresh build; run 'make install-committed'" >&2; \
		echo "and commit it, or check that $$($(CC) --version | head -n1) built it." >&2; \
		exit 1; \
	fi

install-committed: all
	cp $(OUT)/$(ELF) $(ELF)

clean:
	rm -rf $(OUT)
