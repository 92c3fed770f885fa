// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Interpreter scripts for execve, as Linux's binfmt_script: a file that
// begins with "#!" names its interpreter on the first line,
//     #!INTERPRETER [ONE ARGUMENT]
// and execve(path, argv, envp) runs INTERPRETER with the argument list
// INTERPRETER [ARGUMENT] path argv[1] ... (the rest of the line after the
// name, blanks trimmed at both ends, is the one optional argument). The
// interpreter may be a script itself, up to EXECSCRIPT_DEPTH levels (as
// Linux's BINPRM_MAX_RECURSION), then -ELOOP.
#ifndef EXECSCRIPT_H
#define EXECSCRIPT_H

#include <stdint.h>

#define EXECSCRIPT_DEPTH 4
#define EXECSCRIPT_LINE_MAX 256 // bytes of a "#!" line looked at (Linux: 256)

// True when image is a "#!" script.
int execscript_is_script(const uint8_t *image, uint64_t size);
// Rewrites *path, argv (NULL-terminated, room for max entries plus NULL)
// for the script image at *path: the interpreter becomes *path. Its
// strings are kept in storage that lasts until the next call with the
// same level (0 .. EXECSCRIPT_DEPTH - 1). 0, -ENOEXEC (no interpreter
// named, or the line is too long) or -E2BIG.
int execscript_rewrite(const uint8_t *image, uint64_t size, unsigned level, const char **path,
		       char **argv, int *argc, int max);

#endif
