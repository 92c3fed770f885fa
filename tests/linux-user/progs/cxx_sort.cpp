// SPDX-License-Identifier: MIT OR Apache-2.0
// cxx_sort: C++ containers and algorithms (vector, std::sort, map,
// string), output with printf. Compute-bound.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
	long n = argc > 1 ? std::atol(argv[1]) : 200000;
	std::vector<unsigned> v(n);
	unsigned s = 2463534242u;
	for (auto &x : v) {
		s ^= s << 13; s ^= s >> 17; s ^= s << 5;
		x = s;
	}
	std::sort(v.begin(), v.end());
	std::map<std::string, long> buckets;
	for (unsigned x : v)
		buckets["b" + std::to_string(x >> 28)]++;
	for (const auto &[k, c] : buckets)
		std::printf("%s %ld\n", k.c_str(), c);
	std::printf("sorted: %d\n", std::is_sorted(v.begin(), v.end()));
	return 0;
}
