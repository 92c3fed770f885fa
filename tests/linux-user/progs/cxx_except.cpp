// SPDX-License-Identifier: MIT OR Apache-2.0
// cxx_except: throw and catch across frames, a destructor run during
// unwinding, std::runtime_error's message, rethrow; an uncaught
// exception ends in std::terminate (abort, status 134) with argv[1].
#include <cstdio>
#include <cstring>
#include <stdexcept>

struct Guard {
	const char *name;
	~Guard() { std::printf("unwound %s\n", name); }
};

static int depth(int n)
{
	Guard g{ n == 3 ? "depth 3" : "other" };
	if (n == 3)
		throw std::runtime_error("deep enough");
	return depth(n + 1) + 1;
}

int main(int argc, char **argv)
{
	try {
		depth(0);
	} catch (const std::exception &e) {
		std::printf("caught: %s\n", e.what());
	}
	try {
		try {
			throw 42;
		} catch (int v) {
			std::printf("int %d, rethrowing\n", v);
			throw;
		}
	} catch (int v) {
		std::printf("outer got %d\n", v);
	}
	std::fflush(stdout);
	if (argc > 1 && std::strcmp(argv[1], "uncaught") == 0)
		throw std::logic_error("nobody catches this");
	return 0;
}
