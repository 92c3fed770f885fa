// SPDX-License-Identifier: MIT OR Apache-2.0
// cxx_iostream: std::cout with manipulators, a stringstream, std::getline
// over stdin.
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

int main()
{
	std::cout << "hex " << std::hex << 255 << std::dec << " fixed " << std::fixed
		  << std::setprecision(3) << 3.14159 << std::endl;
	std::stringstream ss("10 20 30");
	int a, b, c;
	ss >> a >> b >> c;
	std::cout << "sum " << a + b + c << '\n';
	std::string line;
	int lines = 0;
	while (std::getline(std::cin, line))
		lines++;
	std::cout << "stdin lines " << lines << std::endl;
	return 0;
}
