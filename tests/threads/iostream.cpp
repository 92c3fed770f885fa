// SPDX-License-Identifier: MIT OR Apache-2.0
// C++ iostreams (locale initialisation takes futex-based once-locks),
// std::thread, std::mutex and an exception.
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

int main()
{
	std::mutex m;
	std::vector<std::string> lines;
	std::vector<std::thread> ts;
	for (int i = 0; i < 3; i++)
		ts.emplace_back([&, i] {
			std::lock_guard<std::mutex> g(m);
			lines.push_back("thread " + std::to_string(i));
		});
	for (auto &t : ts)
		t.join();
	std::cout << "threads done: " << lines.size() << std::endl;
	try {
		throw std::runtime_error("boom");
	} catch (const std::exception &e) {
		std::cout << "caught " << e.what() << std::endl;
	}
	std::cout << "pi ~ " << 355.0 / 113.0 << std::endl;
	return 0;
}
