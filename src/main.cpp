#include <cstdio>

int main() {
  std::puts("hotline " HOTLINE_VERSION);
  return 0;
}
