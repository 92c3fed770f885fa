// SPDX-License-Identifier: MIT OR Apache-2.0
#include "execscript.h"

#include "kerrno.h"
#include "lib.h"

// Per level: the interpreter's name, its argument, the script's path.
static char execscript_text[EXECSCRIPT_DEPTH][3][EXECSCRIPT_LINE_MAX];

int execscript_is_script(const uint8_t *image, uint64_t size)
{
	return size >= 2 && image[0] == '#' && image[1] == '!';
}

static int execscript_blank(uint8_t c) { return c == ' ' || c == '\t'; }

int execscript_rewrite(const uint8_t *image, uint64_t size, unsigned level, const char **path,
		       char **argv, int *argc, int max)
{
	if (level >= EXECSCRIPT_DEPTH)
		return -ENOEXEC;
	uint64_t end = 2;
	while (end < size && image[end] != '\n')
		end++;
	if (end >= EXECSCRIPT_LINE_MAX)
		return -ENOEXEC;
	uint64_t i = 2;
	while (i < end && execscript_blank(image[i]))
		i++;
	uint64_t name = i;
	while (i < end && !execscript_blank(image[i]))
		i++;
	uint64_t name_end = i;
	while (i < end && execscript_blank(image[i]))
		i++;
	uint64_t arg = i, arg_end = end;
	while (arg_end > arg && (execscript_blank(image[arg_end - 1]) || image[arg_end - 1] == '\r'))
		arg_end--;
	if (name_end == name)
		return -ENOEXEC;
	int extra = arg_end > arg ? 2 : 1; // interpreter [argument] in front, argv[0] replaced by path
	if (*argc - 1 + 1 + extra > max)
		return -E2BIG;
	char *interp = execscript_text[level][0], *opt = execscript_text[level][1];
	char *script = execscript_text[level][2];
	memcpy(interp, image + name, name_end - name);
	interp[name_end - name] = 0;
	memcpy(opt, image + arg, arg_end - arg);
	opt[arg_end - arg] = 0;
	uint64_t plen = MIN(strlen(*path), (uint64_t)EXECSCRIPT_LINE_MAX - 1);
	memcpy(script, *path, plen);
	script[plen] = 0;
	// argv[1..] move up by extra: the new list is interp [opt] script argv[1..].
	int n = *argc;
	for (int k = n; k >= 1; k--) // argv[n] is the NULL
		argv[k + extra] = argv[k];
	argv[0] = interp;
	if (extra == 2)
		argv[1] = opt;
	argv[extra] = script;
	*argc = n + extra;
	*path = interp;
	return 0;
}
